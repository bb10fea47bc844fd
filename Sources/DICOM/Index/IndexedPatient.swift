/// One patient (PatientID + IssuerOfPatientID) in the index, with studies ordered by UID.
public struct IndexedPatient: Sendable, Equatable {
    /// Patient identity; never log it raw.
    public let key: PatientKey
    /// The patient's studies.
    public let studies: [IndexedStudy]

    /// A patient entry from its parts.
    public init(key: PatientKey, studies: [IndexedStudy]) {
        self.key = key
        self.studies = studies
    }
}
