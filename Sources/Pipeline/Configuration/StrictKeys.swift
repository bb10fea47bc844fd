import Yams

/// What decoding a configuration document found wrong, and which keys each mapping was asked for.
///
/// Decoding never stops at a problem: a key whose value has the wrong type or an unknown word is
/// recorded here and decodes as absent (so its default applies), and decoding goes on, so one pass
/// finds every problem. The keys a type's `init(from:)` asks for are the keys it knows; after
/// decoding, `reportUnknownKeys(in:)` compares them with the keys the file has.
final class StrictDecodingLog {
    /// Problems in the order found.
    private(set) var problems: [ConfigurationProblem] = []
    /// Per mapping path: the keys asked for, in the order asked (the type's declaration order).
    private var requested: [ConfigurationPath: [String]] = [:]

    /// Marks a problem already recorded, so enclosing containers treat the value as absent without
    /// recording it again.
    struct AlreadyReported: Error {}

    /// Records a problem at `path`, on the line of `node` when given.
    func report(_ path: ConfigurationPath, _ message: String, at node: Node?) {
        problems.append(ConfigurationProblem(keyPath: path.description, message: message, line: node?.mark?.line))
    }

    /// Records a problem and returns the error that unwinds to the enclosing key.
    func fail(_ path: ConfigurationPath, _ message: String, at node: Node?) -> AlreadyReported {
        report(path, message, at: node)
        return AlreadyReported()
    }

    /// Notes that the mapping at `path` was asked for `key`.
    func request(_ key: String, at path: ConfigurationPath) {
        if !requested[path, default: []].contains(key) { requested[path, default: []].append(key) }
    }

    /// Records every key of `node` (the whole document) that no decoder asked for, naming the valid
    /// keys of its mapping. Mappings never decoded (their value had the wrong type) are not walked.
    func reportUnknownKeys(in node: Node, at path: ConfigurationPath = .root) {
        switch node {
        case .mapping(let mapping):
            guard let known = requested[path] else { return }
            for (keyNode, value) in mapping {
                let key = keyNode.scalar?.string ?? "\(keyNode)"
                if known.contains(key) {
                    reportUnknownKeys(in: value, at: path.appending(key: key))
                } else {
                    let owner = path.components.isEmpty ? "the top level" : "\(path)"
                    let suggestion = Self.closest(to: key, in: known).map { "did you mean '\($0)'? " } ?? ""
                    report(
                        path.appending(key: key),
                        "unknown key; \(suggestion)the keys of \(owner) are \(known.joined(separator: ", "))",
                        at: keyNode)
                }
            }
        case .sequence(let sequence):
            for (index, element) in sequence.enumerated() {
                reportUnknownKeys(in: element, at: path.appending(index: index))
            }
        default:
            return
        }
    }

    /// The known key within edit distance 2 of `key` (typos such as `ct_veiws`), if exactly one is closest.
    static func closest(to key: String, in known: [String]) -> String? {
        let scored = known.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= 2 }
        guard let best = scored.map(\.1).min() else { return nil }
        let winners = scored.filter { $0.1 == best }
        return winners.count == 1 ? winners[0].0 : nil
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions) over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        guard !x.isEmpty, !y.isEmpty else { return max(x.count, y.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}

extension Node {
    /// The resolved tag's name (`Tag.name` itself is internal to Yams).
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }

    /// Whether the node is a YAML null (`null`, `~` or nothing after the colon); quoted text never is.
    var isNull: Bool {
        if case .scalar = self { return tagName == .null }
        return false
    }

    /// How a found value reads in a message: `'abc'`, `null`, `a list`, `a mapping`.
    var foundDescription: String {
        switch self {
        case .scalar(let scalar): return isNull ? "null" : "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}
