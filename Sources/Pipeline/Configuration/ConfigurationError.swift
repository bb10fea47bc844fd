/// One thing wrong with a configuration: the dotted key path it concerns (`simulation.ct_views`, `""` for
/// the whole document), what is wrong, and the line in the file where known.
public struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    /// Dotted snake_case path as written in the file, list elements as `[n]` (1-based): `reconstruction.lambdas[2]`.
    public var keyPath: String
    /// What is wrong and what is allowed, e.g. "= -3: must be an integer ≥ 1".
    public var message: String
    /// 1-based line of the key in the file; nil when the key is absent from it or the problem is not tied to text.
    public var line: Int?

    /// A problem from its parts.
    public init(keyPath: String, message: String, line: Int? = nil) {
        self.keyPath = keyPath
        self.message = message
        self.line = line
    }

    /// "line 4: simulation.ct_views = -3: must be an integer ≥ 1".
    public var description: String {
        let location = line.map { "line \($0): " } ?? ""
        let separator = message.hasPrefix("=") ? " " : ": "
        return location + (keyPath.isEmpty ? "the document" : keyPath) + separator + message
    }
}

/// Why a pipeline configuration could not be read. Every case names the file (`source`); `invalid`
/// lists every problem found, not only the first.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(source: String, reason: String)
    /// The text is not YAML (the parser's message carries line and column).
    case syntax(source: String, message: String)
    /// The YAML parsed but keys, types or values are wrong; all of them, in file order.
    case invalid(source: String, problems: [ConfigurationProblem])

    /// The file (or the name given to `parse(yaml:source:)`).
    public var source: String {
        switch self {
        case .unreadable(let source, _), .syntax(let source, _), .invalid(let source, _): return source
        }
    }

    /// The problems of `.invalid`; empty for the other cases.
    public var problems: [ConfigurationProblem] {
        if case .invalid(_, let problems) = self { return problems }
        return []
    }

    /// What failed, in which file, and how to fix it.
    public var description: String {
        switch self {
        case .unreadable(let source, let reason):
            return "cannot read the configuration file \(source): \(reason)"
        case .syntax(let source, let message):
            return "the configuration file \(source) is not valid YAML: \(message)"
        case .invalid(let source, let problems):
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            return "the configuration file \(source) has \(count):\n"
                + problems.map { "  - \($0)" }.joined(separator: "\n")
                + "\nEvery key is optional; see docs/configuration.md for the keys, their defaults and allowed values."
        }
    }
}
