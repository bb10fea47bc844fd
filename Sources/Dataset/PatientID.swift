/// The rule for patient identifiers: each names a file `<id>.safetensors` in a dataset folder, so it must be a
/// plain, portable file name. Checked where identifiers enter (discovery, split, writer) so that a bad one is
/// reported before anything is prepared or written.
enum PatientID {
    /// Letters, digits, '.', '-', '_' only; not empty, at most 128 characters, not starting with '.'.
    static func validate(_ id: String) throws {
        if id.isEmpty { throw DatasetError.invalidPatientID(id: id, reason: "is empty") }
        if id.utf8.count > 128 { throw DatasetError.invalidPatientID(id: id, reason: "is longer than 128 bytes") }
        if id.hasPrefix(".") { throw DatasetError.invalidPatientID(id: id, reason: "starts with '.'") }
        let allowed = id.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || Array("._-".utf8).contains(byte)
        }
        if !allowed {
            throw DatasetError.invalidPatientID(id: id, reason: "contains a character not allowed in a file name")
        }
    }
}
