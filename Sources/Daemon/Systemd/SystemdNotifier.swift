import Foundation
import Glibc

/// The sd_notify protocol (sd_notify(3)) spoken without libsystemd, so the daemon needs no C dependency for it.
///
/// systemd starts a `Type=notify` service with `NOTIFY_SOCKET` naming an `AF_UNIX` datagram socket: a filesystem
/// path (`/run/systemd/notify`) or an abstract name written with a leading `@`. Each notification is one datagram of
/// newline-terminated `KEY=value` lines. systemd waits for `READY=1` before it calls the start done, shows `STATUS=`
/// in `systemctl status`, expects `WATCHDOG=1` at least every `WatchdogSec` (send it at half that, as
/// sd_watchdog_enabled(3) advises) and takes `STOPPING=1` / `RELOADING=1` as announcements of a stop and a reload.
///
/// Without `NOTIFY_SOCKET` (started by hand, or by a `Type=simple` unit) there is no notifier: callers hold an
/// optional and every notification becomes a no-op. Each notification opens its own socket, as libsystemd does, so
/// the value is trivially `Sendable` and holds no descriptor across a fork or a reload.
public struct SystemdNotifier: Sendable {
    /// The socket as `NOTIFY_SOCKET` gives it: an absolute path, or `@name` for an abstract socket.
    public let socketPath: String

    /// A notifier when `environment` has a usable `NOTIFY_SOCKET`, otherwise nil.
    ///
    /// Only values starting with `/` or `@` are addresses systemd hands out; anything else (unset, empty, a relative
    /// path, a `vsock:` address of systemd 253+) is treated as "no service manager listening", which is what
    /// sd_notify(3) does too: it returns without sending.
    public init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let path = environment["NOTIFY_SOCKET"], path.hasPrefix("/") || (path.hasPrefix("@") && path.count > 1)
        else { return nil }
        socketPath = path
    }

    /// Sends `assignments` as one datagram, one `KEY=value\n` line each, in order.
    ///
    /// - Throws: `SystemdNotifierError.invalidAssignment` when a key is empty or holds `=` or a newline, or a value
    ///   holds a newline (either would forge another assignment); `.addressTooLong`, `.socket` or `.send` naming the
    ///   socket and the errno text when the datagram cannot be delivered.
    public func notify(_ assignments: [(String, String)]) throws {
        var message = ""
        for (key, value) in assignments {
            if key.isEmpty || key.contains("=") || key.contains("\n") {
                throw SystemdNotifierError.invalidAssignment(key: key, reason: "a key must be non-empty, without '=' or newline")
            }
            if value.contains("\n") {
                throw SystemdNotifierError.invalidAssignment(key: key, reason: "a value must not contain a newline")
            }
            message += "\(key)=\(value)\n"
        }
        try send(Array(message.utf8))
    }

    /// `READY=1` with the first `STATUS=`: startup is done (systemd lets `systemctl start` return now).
    public func ready(status text: String) throws { try notify([("READY", "1"), ("STATUS", Self.oneLine(text))]) }

    /// `STATUS=text`: the free-form line `systemctl status` shows; newlines become spaces.
    public func status(_ text: String) throws { try notify([("STATUS", Self.oneLine(text))]) }

    /// `WATCHDOG=1`: the keep-alive ping that `WatchdogSec=` requires.
    public func watchdog() throws { try notify([("WATCHDOG", "1")]) }

    /// `STOPPING=1`: a graceful stop has begun (SIGTERM); systemd waits up to `TimeoutStopSec=`.
    public func stopping() throws { try notify([("STOPPING", "1")]) }

    /// `RELOADING=1`: the configuration is being re-read (SIGHUP); send `READY=1` again when done.
    public func reloading() throws { try notify([("RELOADING", "1")]) }

    /// The watchdog timeout systemd enforces on this process, or nil when there is none for it.
    ///
    /// Reads `WATCHDOG_USEC` (microseconds, a positive decimal integer); it applies to us only when `WATCHDOG_PID`
    /// is absent or equals `getpid()` (a child that inherited the environment must not ping), as
    /// sd_watchdog_enabled(3) specifies. Garbage, zero or a foreign pid give nil. The daemon pings at half this.
    public static func watchdogInterval(environment: [String: String] = ProcessInfo.processInfo.environment) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 else {
            return nil
        }
        if let pidText = environment["WATCHDOG_PID"] {
            guard let pid = pid_t(pidText), pid == getpid() else { return nil }
        }
        return .microseconds(Int64(clamping: microseconds))
    }

    /// Replaces newlines so a status text stays one assignment.
    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}

extension SystemdNotifier {
    /// One datagram to the socket: `socket(2)` then `sendto(2)` with `MSG_NOSIGNAL` (a vanished peer must not raise
    /// SIGPIPE), retried on `EINTR`. Blocking, as libsystemd's sd_notify: PID 1 drains the socket promptly.
    private func send(_ payload: [UInt8]) throws {
        var (address, length) = try socketAddress()
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SystemdNotifierError.socket(path: socketPath, errno: errno) }
        defer { close(descriptor) }
        while true {
            let sent = payload.withUnsafeBytes { bytes in
                withUnsafePointer(to: &address) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), $0, length)
                    }
                }
            }
            if sent >= 0 { return }
            let code = errno
            if code != EINTR { throw SystemdNotifierError.send(path: socketPath, errno: code) }
        }
    }

    /// `sockaddr_un` for the socket: a path is NUL-terminated; an abstract name (`@name`) starts with a NUL byte in
    /// place of `@` and its length counts exactly its bytes, since abstract names may contain anything.
    private func socketAddress() throws -> (sockaddr_un, socklen_t) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var name = Array(socketPath.utf8)
        let abstract = name.first == UInt8(ascii: "@")
        if abstract { name[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let needed = name.count + (abstract ? 0 : 1)
        guard needed <= capacity else {
            throw SystemdNotifierError.addressTooLong(path: socketPath, bytes: needed, limit: capacity)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: name)
        }
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + needed
        return (address, socklen_t(length))
    }
}
