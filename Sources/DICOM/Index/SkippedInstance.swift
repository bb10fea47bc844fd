/// An instance the index skipped, with the reason and a sentence naming the tag and value.
public struct SkippedInstance: Sendable, Equatable, CustomStringConvertible {
    /// The instance.
    public let instance: InstanceMetadata
    /// The reason.
    public let reason: SkipReason
    /// What was found, e.g. "(0008,0008) ImageType ORIGINAL\PRIMARY\LOCALIZER contains LOCALIZER".
    public let detail: String

    /// A skipped instance from its parts.
    public init(instance: InstanceMetadata, reason: SkipReason, detail: String) {
        self.instance = instance
        self.reason = reason
        self.detail = detail
    }

    /// "series 3, InstanceNumber 1: skipped (localizer): …" without identifiers.
    public var description: String {
        let series = "series " + (instance.seriesNumber.map(String.init) ?? "?")
        let number = instance.instanceNumber.map { "InstanceNumber \($0)" } ?? "unnumbered instance"
        return "\(series), \(number): skipped (\(reason.rawValue)): \(detail)"
    }
}
