/// One split applied to a series: the reason and the value that this sub-series holds for it, e.g.
/// `.echo` with "2", or `.orientation` with "1\0\0\0\0\-1".
public struct SeriesSplit: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Which attribute separated the sub-series.
    public let reason: SplitReason
    /// This sub-series' value of that attribute as printed ("none" when absent).
    public let value: String

    /// A split from its reason and value.
    public init(reason: SplitReason, value: String) {
        self.reason = reason
        self.value = value
    }

    /// "echo 2", "orientation 1\0\0\0\1\0".
    public var description: String { "\(reason.label) \(value)" }
}
