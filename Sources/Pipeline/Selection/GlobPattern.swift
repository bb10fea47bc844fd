/// A case-insensitive wildcard pattern for SeriesDescription: `*` matches any run of characters
/// (none included), `?` exactly one; every other character matches itself, ignoring case. The
/// pattern must match the whole text: `*t1*` finds "T1" anywhere, `t1*` only at the start.
public struct GlobPattern: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The pattern as written.
    public let pattern: String
    private let characters: [Character]

    /// A pattern from its text.
    public init(_ pattern: String) {
        self.pattern = pattern
        self.characters = Array(pattern.lowercased())
    }

    /// A pattern from a string literal.
    public init(stringLiteral pattern: String) { self.init(pattern) }

    /// Whether `text` matches, ignoring case.
    ///
    /// Greedy matching with backtracking to the last `*`: O(pattern × text) at worst.
    public func matches(_ text: String) -> Bool {
        let text = Array(text.lowercased())
        var p = 0
        var t = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < characters.count, characters[p] == "?" || (characters[p] != "*" && characters[p] == text[t]) {
                p += 1
                t += 1
            } else if p < characters.count, characters[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < characters.count, characters[p] == "*" { p += 1 }
        return p == characters.count
    }

    /// The pattern as written.
    public var description: String { pattern }

    /// Decodes from a plain string.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes as a plain string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(pattern)
    }

    public static func == (a: GlobPattern, b: GlobPattern) -> Bool { a.pattern == b.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }
}
