import Digest

/// Deterministic DICOM UIDs under the `2.25` root (ISO/IEC 9834-8: a UUID as a decimal integer).
///
/// The integer is the first 128 bits of SHA-256 over the sorted input UIDs, the parameters, the
/// pipeline version and the output's role, each length-prefixed so that no two different inputs
/// serialise alike. The same inputs and parameters give the same UIDs, so a re-run replaces its
/// earlier output in a PACS instead of duplicating it (`clinical-conventions.md` §12). As in
/// UUID version 8, the variant bits are set, which keeps the value a valid UUID.
public enum DeterministicUID {
    /// `2.25.<decimal>`, at most 44 characters.
    public static func make(inputs: [String], parameters: [String: String], version: String, role: String) -> String {
        var hasher = SHA256()
        func field(_ text: String) {
            let bytes = Array(text.utf8)
            hasher.update(withUnsafeBytes(of: UInt64(bytes.count).bigEndian, Array.init))
            hasher.update(bytes)
        }
        field("msl-uid-v1")
        let sortedInputs = inputs.sorted()
        field(String(sortedInputs.count))
        sortedInputs.forEach(field)
        let keys = parameters.keys.sorted()
        field(String(keys.count))
        for key in keys {
            field(key)
            field(parameters[key]!)
        }
        field(version)
        field(role)
        var bytes = Array(hasher.finalize().prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8 (custom)
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        return "2.25." + decimal(bytes)
    }

    /// The big-endian unsigned integer `bytes` in decimal, without leading zeros.
    static func decimal(_ bytes: [UInt8]) -> String {
        var limbs = bytes  // base-256 digits, most significant first
        var digits: [Character] = []
        while limbs.contains(where: { $0 != 0 }) {
            var remainder = 0
            for i in limbs.indices {
                let value = remainder * 256 + Int(limbs[i])
                limbs[i] = UInt8(value / 10)
                remainder = value % 10
            }
            digits.append(Character(String(remainder)))
        }
        return digits.isEmpty ? "0" : String(digits.reversed())
    }
}
