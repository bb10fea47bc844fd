/// One SeriesInstanceUID in the index: its sub-series (one when the series needed no split).
public struct IndexedSeries: Sendable, Equatable {
    /// Patient, study and series identity.
    public let key: SeriesKey
    /// The volumes this series holds, ordered by their split values.
    public let subSeries: [SubSeries]

    /// A series entry from its parts.
    public init(key: SeriesKey, subSeries: [SubSeries]) {
        self.key = key
        self.subSeries = subSeries
    }

    /// SeriesNumber of the first instance, when present.
    public var seriesNumber: Int? { subSeries.first?.seriesNumber }

    /// Whether the series was split.
    public var isSplit: Bool { subSeries.count > 1 }

    /// One sentence per split reason used, naming the tag and the values that separated the
    /// sub-series, e.g. "split by (0018,0086) EchoNumbers: 1, 2 (2 sub-series)".
    public var splitSummary: [String] {
        SplitReason.allCases.compactMap { reason in
            let values = subSeries.flatMap { $0.splits.filter { $0.reason == reason }.map(\.value) }
            guard !values.isEmpty else { return nil }
            var unique: [String] = []
            for value in values where !unique.contains(value) { unique.append(value) }
            return "split by \(reason.tagDescription): \(unique.joined(separator: ", ")) (\(values.count) sub-series)"
        }
    }
}
