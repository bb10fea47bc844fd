/// A synthetic patient (never a real person): the Patient module of a simulated acquisition
/// (`SimulatedAcquisitionWriter`).
public struct SyntheticPatient: Sendable, Codable, Equatable {
    /// Patient's Name (0010,0010), PN, e.g. "PHANTOM^P0001": at most 3 component groups ("="), each of at
    /// most 64 characters and 5 components ("^").
    public var name: String
    /// Patient ID (0010,0020), LO (at most 64 characters), e.g. "P0001".
    public var id: String
    /// Issuer of Patient ID (0010,0021), LO, e.g. "MSL-PHANTOM"; empty leaves it out.
    public var issuerOfPatientID: String
    /// Patient's Birth Date (0010,0030), "YYYYMMDD", or empty.
    public var birthDate: String
    /// Patient's Sex (0010,0040): "M", "F", "O", or empty.
    public var sex: String

    /// A patient from its attributes; nothing is checked until a writer uses it.
    public init(name: String, id: String, issuerOfPatientID: String, birthDate: String, sex: String) {
        self.name = name
        self.id = id
        self.issuerOfPatientID = issuerOfPatientID
        self.birthDate = birthDate
        self.sex = sex
    }

    /// Every problem at once, each a sentence naming the field; empty when the patient can be written.
    func problems() -> [String] {
        var found: [String] = []
        if name.isEmpty { found.append("patient name is empty") }
        if let p = Self.personNameProblem(name) { found.append("patient name '\(name)' \(p)") }
        if id.isEmpty { found.append("patient ID is empty (the series index keys patients on it)") }
        if let p = DICOMValueCheck.textProblem(id, maxLength: 64) { found.append("patient ID '\(id)' \(p)") }
        if let p = DICOMValueCheck.textProblem(issuerOfPatientID, maxLength: 64) {
            found.append("issuer of patient ID '\(issuerOfPatientID)' \(p)")
        }
        if !birthDate.isEmpty, !DICOMDateTime.isDate(birthDate) {
            found.append("birth date '\(birthDate)' is not a DICOM date YYYYMMDD (or empty)")
        }
        if !["M", "F", "O", ""].contains(sex) { found.append("sex '\(sex)' is not M, F, O or empty") }
        return found
    }

    /// The problem with `text` as a Person Name (PN) value, or nil: at most 3 component groups separated
    /// by "=", each at most 64 characters with at most 5 components separated by "^", no backslash, no
    /// control characters.
    static func personNameProblem(_ text: String) -> String? {
        let groups = text.split(separator: "=", omittingEmptySubsequences: false)
        if groups.count > 3 { return "has \(groups.count) component groups ('='), more than the 3 allowed" }
        for group in groups {
            if let p = DICOMValueCheck.textProblem(String(group), maxLength: 64) { return p }
            let components = group.split(separator: "^", omittingEmptySubsequences: false).count
            if components > 5 { return "has \(components) components ('^') in a group, more than the 5 allowed" }
        }
        return nil
    }
}
