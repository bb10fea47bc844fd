import Foundation

/// How msl turns the text it generates (descriptions, labels, names) into bytes of the output's
/// Specific Character Set (0008,0005), which is copied verbatim from the source with the patient and
/// study attributes (`clinical-conventions.md` §12: never hard-code ISO_IR 100, never transcode the
/// copied names). Generated text must therefore be representable in the copied set:
///
/// - "ISO_IR 192" (UTF-8): any text;
/// - "ISO_IR 100" (Latin-1): text of ISO 8859-1;
/// - no Specific Character Set, "ISO_IR 6", the ISO 2022 sets (whose G0 default is ASCII, e.g.
///   "\ISO 2022 IR 87") and every other set: ASCII only, which every set contains unchanged.
///
/// Text that does not fit fails validation before anything is written.
enum DICOMTextEncoding: Sendable, Equatable, CustomStringConvertible {
    case ascii
    case latin1
    case utf8

    /// The encoding for text added to a dataset whose Specific Character Set is `value` (all values
    /// joined by "\\", as `InstanceMetadata.specificCharacterSet`).
    init(specificCharacterSet value: String?) {
        let terms = (value ?? "").split(separator: "\\", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        switch terms {
        case ["ISO_IR 192"]: self = .utf8
        case ["ISO_IR 100"]: self = .latin1
        default: self = .ascii
        }
    }

    /// The bytes of `text`, or nil when it cannot be represented.
    func encode(_ text: String) -> [UInt8]? {
        switch self {
        case .utf8: return Array(text.utf8)
        case .ascii: return text.unicodeScalars.allSatisfy({ $0.isASCII }) ? Array(text.utf8) : nil
        case .latin1:
            var bytes: [UInt8] = []
            for scalar in text.unicodeScalars {
                guard scalar.value < 256 else { return nil }
                bytes.append(UInt8(scalar.value))
            }
            return bytes
        }
    }

    var description: String {
        switch self {
        case .ascii: return "ASCII (the default repertoire of the copied Specific Character Set)"
        case .latin1: return "ISO_IR 100 (Latin-1)"
        case .utf8: return "ISO_IR 192 (UTF-8)"
        }
    }
}

/// Formatting numbers as DICOM text values, deterministically.
enum DICOMNumber {
    /// A DS value of at most 16 characters: integral values as integers ("1", "-1024"), others as the
    /// shortest text that reads back as the same Double ("0.4882812"), or, when that is longer than 16
    /// characters, "%.*g" with the most significant digits that fit (at least 10 for |x| ≥ 1e-5, so the
    /// relative error stays below 1e-9 for coordinates and direction cosines). nil for non-finite values.
    static func decimalString(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let shortest = "\(value)"
        if shortest.count <= 16 { return shortest }
        for digits in stride(from: 16, through: 1, by: -1) {
            let text = String(format: "%.\(digits)g", value)
            if text.count <= 16 { return text }
        }
        return nil
    }

    /// An IS value (range of a signed 32-bit integer), or nil outside it.
    static func integerString(_ value: Int) -> String? {
        guard value >= Int(Int32.min), value <= Int(Int32.max) else { return nil }
        return String(value)
    }
}

/// Checks on values msl writes, reported as sentences naming the attribute.
enum DICOMValueCheck {
    /// A UID (UI): 1–64 characters, dot-separated components of digits, no empty component.
    static func isUID(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 64 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { component in
            !component.isEmpty && component.allSatisfy { $0.isASCII && $0.isNumber }
        }
    }

    /// The problem with `text` as a value of a text VR with `maxLength` characters (LO 64, SH 16, …),
    /// or nil when fine: too long, a backslash (the value separator) where a single value is meant, or
    /// control characters.
    static func textProblem(_ text: String, maxLength: Int, allowsBackslash: Bool = false) -> String? {
        if text.count > maxLength { return "has \(text.count) characters, more than the \(maxLength) allowed" }
        if !allowsBackslash, text.contains("\\") { return "contains a backslash, the DICOM value separator" }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\r" }) {
            return "contains control characters"
        }
        return nil
    }
}
