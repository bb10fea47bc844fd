/// One StudyInstanceUID in the index, with its series ordered by SeriesNumber, then UID.
public struct IndexedStudy: Sendable, Equatable {
    /// StudyInstanceUID (0020,000D).
    public let studyInstanceUID: String
    /// Its series.
    public let series: [IndexedSeries]

    /// A study entry from its parts.
    public init(studyInstanceUID: String, series: [IndexedSeries]) {
        self.studyInstanceUID = studyInstanceUID
        self.series = series
    }
}
