import Foundation

/// Number formatting shared by selection messages and problems.
enum Printing {
    /// A number as a person writes it: "6", "0.5", "2.5", "1e-05".
    static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e12 { return String(Int(value)) }
        return "\(value)"
    }

    /// A length in mm with at most two decimals, trailing zeros dropped: "0.67", "5.5", "4".
    static func millimetres(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
