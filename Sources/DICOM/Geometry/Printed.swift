import Foundation

/// How findings and split values print numbers: fixed decimals for millimetres and degrees, trimmed
/// decimals for cosines and attribute values, so messages read like dcm2niix's and are stable.
enum Printed {
    /// "62.30 mm".
    static func mm(_ value: Double) -> String { String(format: "%.2f mm", value) }

    /// "18.50°".
    static func degrees(_ value: Double) -> String { String(format: "%.2f°", value) }

    /// Up to `digits` decimals with trailing zeros removed: 1 → "1", 0.8660254 → "0.866025", -0 → "0".
    static func decimal(_ value: Double, digits: Int = 6) -> String {
        guard value.isFinite else { return String(value) }
        var text = String(format: "%.\(digits)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A multi-valued attribute as stored, values joined by "\\": "1\0\0\0\1\0".
    static func multiValue(_ values: [Double], digits: Int = 6) -> String {
        values.map { decimal($0, digits: digits) }.joined(separator: "\\")
    }

    /// ImageOrientationPatient of an instance as stored ("absent" when missing).
    static func orientation(_ instance: InstanceMetadata) -> String {
        guard let r = instance.imageOrientationRow, let c = instance.imageOrientationColumn else { return "absent" }
        return multiValue([r.x, r.y, r.z, c.x, c.y, c.z])
    }

    /// A position as stored: "-125\-125\62.3".
    static func position(_ p: SIMD3<Double>) -> String { multiValue([p.x, p.y, p.z], digits: 4) }

    /// "InstanceNumber 7", or "an unnumbered instance".
    static func instance(_ instance: InstanceMetadata) -> String {
        instance.instanceNumber.map { "InstanceNumber \($0)" } ?? "an unnumbered instance"
    }

    /// A tolerance in scientific style: 0.001 → "1e-3", 0.01 → "1e-2", 0.5 → "0.5".
    static func tolerance(_ value: Double) -> String {
        let exponent = log10(value)
        if value > 0, value < 0.1, abs(exponent - exponent.rounded()) < 1e-9 { return "1e\(Int(exponent.rounded()))" }
        return decimal(value)
    }
}
