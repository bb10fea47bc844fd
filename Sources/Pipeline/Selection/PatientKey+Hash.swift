import DICOM
import Digest

extension PatientKey {
    /// A short key that tells patients apart in messages without identifying anyone: the first 8 hex
    /// digits of SHA-256 over the UTF-8 of IssuerOfPatientID, a backslash, and PatientID (a backslash
    /// cannot occur in either LO value, so the pair is unambiguous).
    public var hashedLabel: String {
        String(SHA256.hex(SHA256.hash(Array((issuerOfPatientID + "\\" + patientID).utf8))).prefix(8))
    }
}
