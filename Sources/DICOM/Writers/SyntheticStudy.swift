/// The study a simulated acquisition belongs to (`SimulatedAcquisitionWriter`): its patient, identifiers
/// and time. Every series written with the same study value is one study of one patient.
public struct SyntheticStudy: Sendable, Codable, Equatable {
    /// The patient.
    public var patient: SyntheticPatient
    /// Study Instance UID (0020,000D).
    public var studyInstanceUID: String
    /// Study ID (0020,0010), SH (at most 16 characters), may be empty.
    public var studyID: String
    /// Accession Number (0008,0050), SH, may be empty.
    public var accessionNumber: String
    /// Study Description (0008,1030), LO (at most 64 characters); empty leaves it out.
    public var description: String
    /// Study, Series, Content and Acquisition Date and Time of every instance.
    public var dateTime: DICOMDateTime

    /// A study from its attributes; nothing is checked until a writer uses it.
    public init(
        patient: SyntheticPatient, studyInstanceUID: String, studyID: String, accessionNumber: String,
        description: String, dateTime: DICOMDateTime
    ) {
        self.patient = patient
        self.studyInstanceUID = studyInstanceUID
        self.studyID = studyID
        self.accessionNumber = accessionNumber
        self.description = description
        self.dateTime = dateTime
    }

    /// Every problem at once (the patient's included), each a sentence naming the field.
    func problems() -> [String] {
        var found = patient.problems()
        if !DICOMValueCheck.isUID(studyInstanceUID) {
            found.append(
                "study instance UID '\(studyInstanceUID)' is not a UID (digits and dots, at most 64 characters)")
        }
        if let p = DICOMValueCheck.textProblem(studyID, maxLength: 16) { found.append("study ID '\(studyID)' \(p)") }
        if let p = DICOMValueCheck.textProblem(accessionNumber, maxLength: 16) {
            found.append("accession number '\(accessionNumber)' \(p)")
        }
        if let p = DICOMValueCheck.textProblem(description, maxLength: 64) {
            found.append("study description '\(description)' \(p)")
        }
        return found
    }
}
