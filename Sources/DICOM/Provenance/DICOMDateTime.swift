/// A DICOM date (DA, "YYYYMMDD") and time (TM, "HHMMSS" with an optional ".F" to ".FFFFFF"), validated.
public struct DICOMDateTime: Sendable, Equatable, Codable, CustomStringConvertible {
    /// "YYYYMMDD".
    public let date: String
    /// "HHMMSS" or "HHMMSS.FFFFFF" (1 to 6 fraction digits).
    public let time: String

    /// A date and time from their DICOM texts.
    ///
    /// - Throws: `DICOMError.writeFailed` naming the value when the date is not a real calendar day
    ///   (Gregorian, years 1900–9999) or the time is not 00:00:00 to 23:59:60.
    public init(date: String, time: String) throws(DICOMError) {
        guard Self.isDate(date) else {
            throw .writeFailed(path: "(content date)", reason: "'\(date)' is not a DICOM date YYYYMMDD")
        }
        guard Self.isTime(time) else {
            throw .writeFailed(path: "(content time)", reason: "'\(time)' is not a DICOM time HHMMSS[.FFFFFF]")
        }
        self.date = date
        self.time = time
    }

    /// "YYYYMMDD HHMMSS".
    public var description: String { "\(date) \(time)" }

    /// Decodes {"date": …, "time": …}, validating as `init(date:time:)`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(date: c.decode(String.self, forKey: .date), time: c.decode(String.self, forKey: .time))
    }

    static func isDate(_ text: String) -> Bool {
        let digits = Array(text.utf8)
        guard digits.count == 8, digits.allSatisfy({ (48...57).contains($0) }) else { return false }
        let number = { (range: Range<Int>) in digits[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        let year = number(0..<4)
        let month = number(4..<6)
        let day = number(6..<8)
        guard year >= 1900, (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }

    static func isTime(_ text: String) -> Bool {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let main = Array(parts[0].utf8)
        guard main.count == 6, main.allSatisfy({ (48...57).contains($0) }) else { return false }
        let number = { (range: Range<Int>) in main[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        guard number(0..<2) < 24, number(2..<4) < 60, number(4..<6) <= 60 else { return false }
        if parts.count == 2 {
            let fraction = parts[1].utf8
            return (1...6).contains(fraction.count) && fraction.allSatisfy { (48...57).contains($0) }
        }
        return true
    }
}
