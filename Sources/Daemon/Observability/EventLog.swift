import Foundation

/// A value a log line may carry. There is deliberately no case for free text: identifiers reach the log only as
/// `HashedKey`s and messages only through `Redaction`, so no code path can log a name, an ID or a path.
public enum LogValue: Sendable, Equatable {
    case int(Int)
    case number(Double)
    case bool(Bool)
    case key(HashedKey)
    /// A fixed code: a state, a reason code, a stage name, a job id (`j000012`).
    case code(String)
    /// A message that went through `Redaction`.
    case redacted(String)

    static func message(_ text: String) -> LogValue { .redacted(Redaction.redact(text)) }

    var json: Any {
        switch self {
        case .int(let v): return v
        case .number(let v): return v.isFinite ? v : String(describing: v)
        case .bool(let v): return v
        case .key(let k): return k.description
        case .code(let c): return c
        case .redacted(let text): return text
        }
    }
}

/// JSON lines on stderr (journald keeps them): `{"time":…,"level":…,"event":"job.succeeded","job.id":…}` with the
/// fixed dotted keys of STYLE §5 (`job.id`, `study.key`, `series.key`, `stage`). One line per event, written with
/// a single `write` so concurrent workers never interleave.
public final class EventLog: @unchecked Sendable {
    public enum Level: String, Sendable { case debug, info, warning, error }

    private let fd: Int32
    private let lock = NSLock()
    /// Lines also kept in memory (tests).
    private(set) var lines: [String] = []
    private let keepLines: Bool

    public init(fileDescriptor: Int32 = 2, keepLines: Bool = false) {
        fd = fileDescriptor
        self.keepLines = keepLines
    }

    public func log(_ level: Level, _ event: StaticString, _ fields: [String: LogValue] = [:]) {
        lock.lock()
        defer { lock.unlock() }
        var object: [String: Any] = fields.mapValues(\.json)
        object["time"] = ISO8601DateFormatter.log.string(from: Date())
        object["level"] = level.rawValue
        object["event"] = "\(event)"
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return }
        data.append(0x0A)
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue } else { break } }
                offset += written
            }
        }
        if keepLines { lines.append(String(decoding: data.dropLast(), as: UTF8.self)) }
    }

    public func info(_ event: StaticString, _ fields: [String: LogValue] = [:]) { log(.info, event, fields) }
    public func warning(_ event: StaticString, _ fields: [String: LogValue] = [:]) { log(.warning, event, fields) }
    public func error(_ event: StaticString, _ fields: [String: LogValue] = [:]) { log(.error, event, fields) }
}

extension ISO8601DateFormatter {
    nonisolated(unsafe) static let log: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}
