/// The explicit identity of a series: patient (ID + issuer), StudyInstanceUID (0020,000D) and
/// SeriesInstanceUID (0020,000E).
///
/// The series index groups instances by exactly this key, then splits a series whose instances
/// cannot form one volume into `SubSeries` (see `SplitReason`). The UIDs identify a study; log a hash.
public struct SeriesKey: Sendable, Hashable, Comparable, Codable {
    /// The patient the series belongs to.
    public let patient: PatientKey
    /// StudyInstanceUID (0020,000D).
    public let studyInstanceUID: String
    /// SeriesInstanceUID (0020,000E).
    public let seriesInstanceUID: String

    /// A key from its parts.
    public init(patient: PatientKey, studyInstanceUID: String, seriesInstanceUID: String) {
        self.patient = patient
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
    }

    /// The key of one instance.
    public init(_ instance: InstanceMetadata) {
        self.init(
            patient: PatientKey(instance), studyInstanceUID: instance.studyInstanceUID,
            seriesInstanceUID: instance.seriesInstanceUID)
    }

    /// Orders by patient, study, then series UID.
    public static func < (a: SeriesKey, b: SeriesKey) -> Bool {
        if a.patient != b.patient { return a.patient < b.patient }
        return (a.studyInstanceUID, a.seriesInstanceUID) < (b.studyInstanceUID, b.seriesInstanceUID)
    }
}
