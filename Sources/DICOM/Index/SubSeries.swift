/// Instances of one series that may form one volume: same orientation, image size, echo, temporal
/// position and (where positions repeat) acquisition. The unit the geometry gate checks.
public struct SubSeries: Sendable, Equatable {
    /// The series it came from.
    public let key: SeriesKey
    /// The splits that separated it from its siblings, in the order applied; empty when the series
    /// was not split.
    public let splits: [SeriesSplit]
    /// Its instances, ordered by InstanceNumber then SOPInstanceUID (a deterministic order only: the
    /// gate sorts by position).
    public let instances: [InstanceMetadata]

    /// A sub-series from its parts (instances are put in the deterministic order).
    public init(key: SeriesKey, splits: [SeriesSplit], instances: [InstanceMetadata]) {
        self.key = key
        self.splits = splits
        self.instances = instances.sorted(by: SubSeries.deterministicOrder)
    }

    /// SeriesNumber (0020,0011) of its first instance, when present.
    public var seriesNumber: Int? { instances.first?.seriesNumber }

    /// Modality (0008,0060) of its first instance.
    public var modality: String { instances.first?.modality ?? "" }

    /// A label without identifiers for messages and logs: "series 3" or "series 3 [echo 2]".
    public var label: String {
        let base = "series " + (seriesNumber.map(String.init) ?? "?")
        return splits.isEmpty ? base : base + " [" + splits.map(\.description).joined(separator: ", ") + "]"
    }

    /// InstanceNumber ascending (absent last), then SOPInstanceUID.
    static func deterministicOrder(_ a: InstanceMetadata, _ b: InstanceMetadata) -> Bool {
        let (na, nb) = (a.instanceNumber ?? Int.max, b.instanceNumber ?? Int.max)
        return na != nb ? na < nb : a.sopInstanceUID < b.sopInstanceUID
    }
}
