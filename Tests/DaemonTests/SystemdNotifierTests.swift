import Foundation
import Glibc
import Testing

@testable import Daemon

/// The sd_notify protocol against a real `AF_UNIX` datagram socket standing in for systemd: what arrives must be
/// exactly the bytes systemd parses (one datagram, `KEY=value\n` lines), for a path and for an abstract socket.
@Suite struct SystemdNotifierTests {
    @Test func sendsEachNotificationAsOneDatagramToAPathSocket() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msl-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("notify").path
        let receiver = try DatagramReceiver(address: path)
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": path]))
        #expect(notifier.socketPath == path)

        try notifier.ready(status: "queue 0, running 0")
        #expect(try receiver.receive() == "READY=1\nSTATUS=queue 0, running 0\n")
        try notifier.status("queue 3, running 1")
        #expect(try receiver.receive() == "STATUS=queue 3, running 1\n")
        try notifier.watchdog()
        #expect(try receiver.receive() == "WATCHDOG=1\n")
        try notifier.reloading()
        #expect(try receiver.receive() == "RELOADING=1\n")
        try notifier.stopping()
        #expect(try receiver.receive() == "STOPPING=1\n")
        try notifier.notify([("STATUS", "é ✓"), ("EXTEND_TIMEOUT_USEC", "5000000")])
        #expect(try receiver.receive() == "STATUS=é ✓\nEXTEND_TIMEOUT_USEC=5000000\n")
    }

    @Test func sendsToAnAbstractSocket() throws {
        let name = "@msl-notify-test-\(UUID().uuidString)"
        let receiver = try DatagramReceiver(address: name)
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": name]))
        try notifier.ready(status: "ready")
        #expect(try receiver.receive() == "READY=1\nSTATUS=ready\n")
        try notifier.watchdog()
        #expect(try receiver.receive() == "WATCHDOG=1\n")
        try notifier.stopping()
        #expect(try receiver.receive() == "STOPPING=1\n")
    }

    @Test func statusTextStaysOneLine() throws {
        let name = "@msl-notify-test-\(UUID().uuidString)"
        let receiver = try DatagramReceiver(address: name)
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": name]))
        try notifier.status("line one\nREADY=1")
        #expect(try receiver.receive() == "STATUS=line one READY=1\n")
    }

    @Test(arguments: [
        ("KEY=X", "1"), ("", "1"), ("KEY\n", "1"), ("STATUS", "two\nlines"),
    ])
    func refusesAssignmentsThatWouldBreakTheProtocol(key: String, value: String) throws {
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": "@msl-never-bound"]))
        #expect {
            try notifier.notify([(key, value)])
        } throws: { error in
            guard case .invalidAssignment(let named, _)? = error as? SystemdNotifierError else { return false }
            return named == key
        }
    }

    @Test(arguments: [nil, "", "relative/notify", "@", "vsock:2:1234"] as [String?])
    func withoutAUsableSocketThereIsNoNotifier(value: String?) {
        var environment = ["HOME": "/root"]
        environment["NOTIFY_SOCKET"] = value
        #expect(SystemdNotifier(environment: environment) == nil)
    }

    @Test func aMissingSocketThrowsNamingThePathAndTheErrno() throws {
        let path = "/nonexistent-\(UUID().uuidString)/notify"
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": path]))
        #expect(throws: SystemdNotifierError.send(path: path, errno: ENOENT)) { try notifier.watchdog() }
        let message = SystemdNotifierError.send(path: path, errno: ENOENT).description
        #expect(message.contains(path))
        #expect(message.contains("No such file or directory"))
    }

    @Test func anAddressLongerThanSunPathThrows() throws {
        let path = "/" + String(repeating: "x", count: 200)
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": path]))
        #expect(throws: SystemdNotifierError.addressTooLong(path: path, bytes: 202, limit: 108)) {
            try notifier.watchdog()
        }
    }

    @Test func watchdogIntervalReadsMicroseconds() {
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "60000000"]) == .seconds(60))
        #expect(
            SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "1500", "WATCHDOG_PID": "\(getpid())"])
                == .microseconds(1500))
    }

    @Test(arguments: [
        [:], ["WATCHDOG_USEC": ""], ["WATCHDOG_USEC": "0"], ["WATCHDOG_USEC": "-5"], ["WATCHDOG_USEC": "60s"],
        ["WATCHDOG_USEC": " 60000000"], ["WATCHDOG_USEC": "1e6"], ["WATCHDOG_USEC": "99999999999999999999999"],
        ["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "\(getpid() + 1)"],
        ["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "1"],
        ["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "not-a-pid"],
        ["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": ""],
    ] as [[String: String]])
    func noWatchdogForGarbageOrAnotherProcess(environment: [String: String]) {
        #expect(SystemdNotifier.watchdogInterval(environment: environment) == nil)
    }
}

/// A bound `AF_UNIX` datagram socket playing systemd's part: a path, or `@name` for the abstract namespace. Reads
/// time out after two seconds so a notification that never comes fails the test instead of hanging it.
private final class DatagramReceiver {
    private let descriptor: Int32
    private let path: String?

    init(address: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw ReceiverError(call: "socket", code: errno) }
        var name = Array(address.utf8)
        let abstract = name.first == UInt8(ascii: "@")
        if abstract { name[0] = 0 }
        path = abstract ? nil : address
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { $0.copyBytes(from: name) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + name.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw ReceiverError(call: "bind \(address)", code: code)
        }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
        if let path { unlink(path) }
    }

    /// The next datagram, whole, as UTF-8 text.
    func receive() throws -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { throw ReceiverError(call: "recv", code: errno) }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}

/// A failed call of the test's receiving socket.
private struct ReceiverError: Error, CustomStringConvertible {
    let call: String
    let code: Int32
    var description: String { "\(call): \(String(cString: strerror(code)))" }
}
