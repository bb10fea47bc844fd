/// What became of one file sent by `StoreClient`: the peer's C-STORE response status, or
/// `StoreOutcome.notSent` when the file never went on the wire, with its classification.
public struct StoreOutcome: Sendable, Equatable, CustomStringConvertible {
    /// How the daemon treats a status (PS3.4 B.2.3): warnings are logged but the instance is stored, so
    /// they count as delivered; everything else is a failure to report.
    public enum Classification: Sendable, Equatable {
        /// 0x0000: stored.
        case success
        /// 0xB000, 0xB006, 0xB007: stored, but the peer changed or dropped something.
        case warning
        /// Any other status, or not sent.
        case failure
    }

    /// The status of a file that was not sent: no presentation context accepted for its SOP class, or
    /// no conversion to the transfer syntax accepted (`MSL_DCM_STORE_NOT_SENT`; no DIMSE status is 0xFFFF).
    public static let notSent: UInt16 = 0xFFFF

    /// The file, as given to `StoreClient.send`.
    public let path: String
    /// The DIMSE status of the C-STORE response, or `notSent`.
    public let status: UInt16
    /// Why the file was not sent, or the peer's Error Comment (0000,0902); "" when there is none.
    public let detail: String

    public init(path: String, status: UInt16, detail: String = "") {
        self.path = path
        self.status = status
        self.detail = detail
    }

    public var classification: Classification { Self.classify(status) }

    /// Whether the peer stored the instance (success or warning).
    public var isDelivered: Bool { classification != .failure }

    /// The status as the standard writes it, e.g. "0xA700".
    public var statusText: String { Self.hex(status) }

    public var description: String {
        let comment = detail.isEmpty ? "" : ": \(detail)"
        switch classification {
        case .success: return "\(path): stored\(comment)"
        case .warning: return "\(path): stored with warning \(statusText) (\(Self.meaning(of: status)))\(comment)"
        case .failure where status == Self.notSent: return "\(path): not sent (status \(statusText))\(comment)"
        case .failure: return "\(path): refused with status \(statusText) (\(Self.meaning(of: status)))\(comment)"
        }
    }

    /// The classification of a C-STORE status.
    public static func classify(_ status: UInt16) -> Classification {
        switch status {
        case 0x0000: return .success
        case 0xB000, 0xB006, 0xB007: return .warning
        default: return .failure
        }
    }

    /// "0x00A7" style, four upper-case hex digits.
    static func hex(_ status: UInt16) -> String {
        let digits = String(status, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// The meaning PS3.4 B.2.3 (C-STORE) and PS3.7 C (general statuses) give a status, for messages.
    static func meaning(of status: UInt16) -> String {
        switch status {
        case 0x0000: return "success"
        case 0xB000: return "coercion of data elements"
        case 0xB006: return "elements discarded"
        case 0xB007: return "data set does not match SOP class"
        case 0xA700...0xA7FF: return "out of resources"
        case 0xA900...0xA9FF: return "data set does not match SOP class"
        case 0xC000...0xCFFF: return "cannot understand"
        case 0x0110: return "processing failure"
        case 0x0111: return "duplicate SOP instance"
        case 0x0117: return "invalid SOP instance"
        case 0x0122: return "SOP class not supported"
        case 0x0124: return "not authorized"
        case 0x0210: return "duplicate invocation"
        case 0x0211: return "unrecognized operation"
        case 0x0212: return "mistyped argument"
        case 0x0213: return "resource limitation"
        case notSent: return "not sent"
        default: return "unknown status"
        }
    }
}
