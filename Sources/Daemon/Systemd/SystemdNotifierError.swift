import Glibc

/// Why a notification did not reach systemd. Each case names the `NOTIFY_SOCKET` address and, for system calls,
/// the errno with its text, so a log line says which socket failed and how.
///
/// The daemon treats these as non-fatal (`try?`): a lost STATUS or WATCHDOG is retried on the next tick, and a
/// service manager that is gone will stop us anyway.
public enum SystemdNotifierError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `socket(AF_UNIX, SOCK_DGRAM)` failed (descriptor limit reached, or the address family is filtered).
    case socket(path: String, errno: Int32)
    /// `sendto(2)` failed: `ENOENT` or `ECONNREFUSED` when nothing listens there, `EACCES` without write access.
    case send(path: String, errno: Int32)
    /// The address does not fit `sockaddr_un.sun_path`.
    case addressTooLong(path: String, bytes: Int, limit: Int)
    /// A key or value that would break the line protocol (a newline, or `=` in a key).
    case invalidAssignment(key: String, reason: String)

    public var description: String {
        switch self {
        case .socket(let path, let code):
            return "NOTIFY_SOCKET \(path): socket(AF_UNIX, SOCK_DGRAM) failed: \(Self.text(code)) (errno \(code))"
        case .send(let path, let code):
            return "NOTIFY_SOCKET \(path): sendto failed: \(Self.text(code)) (errno \(code)); "
                + "is the service manager that started msl still listening?"
        case .addressTooLong(let path, let bytes, let limit):
            return "NOTIFY_SOCKET \(path): the address takes \(bytes) bytes, sockaddr_un holds \(limit)"
        case .invalidAssignment(let key, let reason):
            return "sd_notify assignment \"\(key)\": \(reason)"
        }
    }

    /// strerror(3) text of an errno.
    private static func text(_ code: Int32) -> String { String(cString: strerror(code)) }
}
