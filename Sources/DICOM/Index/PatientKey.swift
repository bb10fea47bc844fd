/// Who a series belongs to: PatientID (0010,0020) qualified by IssuerOfPatientID (0010,0021).
///
/// Two patients with the same ID from different issuers are different patients (CT/MR pairing
/// requires both to match, clinical-conventions §6.4). An absent attribute is the empty string, so
/// instances without a PatientID still group together rather than vanish. Never log this value:
/// it identifies a person (log a hashed key instead).
public struct PatientKey: Sendable, Hashable, Comparable, Codable {
    /// PatientID (0010,0020), "" when absent.
    public let patientID: String
    /// IssuerOfPatientID (0010,0021), "" when absent.
    public let issuerOfPatientID: String

    /// A key from the two attributes (absent → "").
    public init(patientID: String?, issuerOfPatientID: String?) {
        self.patientID = patientID ?? ""
        self.issuerOfPatientID = issuerOfPatientID ?? ""
    }

    /// The key of one instance.
    public init(_ instance: InstanceMetadata) {
        self.init(patientID: instance.patientID, issuerOfPatientID: instance.issuerOfPatientID)
    }

    /// Orders by issuer, then ID (deterministic index order).
    public static func < (a: PatientKey, b: PatientKey) -> Bool {
        (a.issuerOfPatientID, a.patientID) < (b.issuerOfPatientID, b.patientID)
    }
}
