import Foundation
import Phantom
import Testing

/// The daemon under operating conditions: twenty studies at once within the memory budget; an outbox that is
/// read-only and then full, retried until it works; back-pressure on disk space released by SIGHUP; and the
/// systemd notify protocol over a test socket.
@Suite(
    .serialized,
    .enabled(if: DICOMValidationTools.toolsInstalled),
    .enabled(if: FileManager.default.fileExists(atPath: TemplateAtlas.Sources.standard.colin27)))
struct DaemonOperationsTests {
    /// Twenty tiny subjects: CT 64² × 3.6 mm and MR 56² × 4 mm, 16 slices of 4 mm each (registration's
    /// pyramid needs four voxels per axis at its coarsest level).
    static let tiny: URL = DaemonProcessTests.makePhantoms(
        label: "tiny", count: 20, ct: ["64", "3.6", "4", "16"], mr: ["56", "4", "4", "16"])

    @Test func twentyStudiesAtOnceAreAllProcessedWithinTheMemoryBudget() throws {
        let budget = 1200
        let harness = try DaemonHarness(
            label: "twenty", sections: ["workers": "jobs = 2\nmemory_budget_mib = \(budget)\nthreads = 1"],
            pipeline: DaemonHarness.tinyPipelineYAML)
        try harness.start()
        #expect(harness.wait(for: "daemon.started", timeout: 30))
        let subjects = try FileManager.default.contentsOfDirectory(atPath: Self.tiny.path).filter { $0.hasPrefix("P0") }.sorted()
        #expect(subjects.count == 20)
        for subject in subjects { try harness.drop(try DaemonProcessTests.study(Self.tiny, subject), as: "drop-\(subject)") }
        var peak = 0
        let deadline = Date().addingTimeInterval(600)
        func finished() -> Int { ["job.succeeded", "job.quarantined", "job.failed"].map { harness.events($0).count }.reduce(0, +) }
        while finished() < 20, Date() < deadline, harness.isRunning {
            peak = max(peak, harness.peakResidentBytes ?? 0)
            usleep(200_000)
        }
        peak = max(peak, harness.peakResidentBytes ?? 0)
        #expect(
            harness.events("job.succeeded").count == 20,
            "\(harness.lines.filter { $0.contains("quarantined") || $0.contains("failed") || $0.contains("rejected") }.prefix(5))")
        #expect(try harness.outboxEntries().filter { $0.hasPrefix("msl-") }.count == 20)
        print("twenty studies: peak resident \(peak / 1_048_576) MiB, budget \(budget) MiB")
        #expect(peak > 0 && peak <= budget * 1_048_576, "peak resident \(peak / 1_048_576) MiB over the \(budget) MiB budget")
        // Never more than two at once.
        var running = 0
        var most = 0
        for event in harness.events {
            switch event["event"] as? String {
            case "job.started": running += 1
            case "job.succeeded", "job.retrying", "job.quarantined", "job.failed", "job.parked": running -= 1
            default: break
            }
            most = max(most, running)
        }
        #expect(most <= 2)
        #expect(harness.stop() == 0)
        #expect(harness.linesMentioning(["PHANTOM", "P00"]).isEmpty)
    }

    /// Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN): the outbox test needs a real file
    /// system that can be made read-only and full.
    static let canMount: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("msl-mount-probe-\(getpid())")
        try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: probe) }
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.path]) == 0 else { return false }
        return run("/bin/umount", [probe.path]) == 0
    }()

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test(.enabled(if: canMount)) func aReadOnlyThenFullOutboxIsRetriedUntilItWorks() throws {
        let harness = try DaemonHarness(label: "outbox", pipeline: DaemonHarness.tinyPipelineYAML)
        #expect(Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64m", "tmpfs", harness.outbox.path]) == 0)
        defer { Self.run("/bin/umount", ["-l", harness.outbox.path]) }
        #expect(Self.run("/bin/mount", ["-o", "remount,ro", harness.outbox.path]) == 0)
        try harness.start()
        #expect(harness.wait(for: "daemon.started", timeout: 30))
        try harness.drop(try DaemonProcessTests.study(Self.tiny, "P0001"), as: "drop")
        #expect(harness.wait(for: "job.retrying", timeout: 120) { $0["reason"] as? String == "output" })
        // Writable but full: 64 KiB cannot hold the job.
        #expect(Self.run("/bin/mount", ["-o", "remount,rw,size=64k", harness.outbox.path]) == 0)
        let retries = harness.events("job.retrying").count
        #expect(harness.wait(for: "job.retrying", count: retries + 1, timeout: 120) { $0["reason"] as? String == "output" })
        #expect(harness.events("job.quarantined").isEmpty && harness.events("job.failed").isEmpty)
        #expect(DaemonHarness.files(under: harness.inbox.appendingPathComponent("drop")).count == 32, "inputs must stay")
        #expect(try harness.outboxEntries().filter { !$0.hasPrefix(".") }.isEmpty)
        // Space returns: the job goes through.
        #expect(Self.run("/bin/mount", ["-o", "remount,size=64m", harness.outbox.path]) == 0)
        #expect(harness.wait(for: "job.succeeded", timeout: 120))
        #expect(try harness.outboxEntries().count == 1)
        #expect(harness.stop() == 0)
    }

    @Test func lowDiskSpacePausesIntakeUntilAReloadLowersTheThreshold() throws {
        let harness = try DaemonHarness(label: "backpressure", sections: ["intake": "min_free_mib = 1000000000"],
            pipeline: DaemonHarness.tinyPipelineYAML)
        try harness.start()
        #expect(harness.wait(for: "intake.paused", timeout: 30))
        try harness.drop(try DaemonProcessTests.study(Self.tiny, "P0002"), as: "drop")
        usleep(3_000_000)
        #expect(harness.events("job.received").isEmpty)
        #expect(DaemonHarness.files(under: harness.inbox.appendingPathComponent("drop")).count == 32)
        try harness.writeConfiguration(["intake": "min_free_mib = 0"])
        harness.signal(SIGHUP)
        #expect(harness.wait(for: "config.reloaded", timeout: 30))
        #expect(harness.wait(for: "intake.resumed", timeout: 30))
        #expect(harness.wait(for: "job.succeeded", timeout: 120))
        #expect(harness.stop() == 0)
    }

    @Test func systemdHearsReadyWatchdogStatusAndStopping() throws {
        let socketPath = FileManager.default.temporaryDirectory.appendingPathComponent("msl-notify-\(UUID().uuidString).sock").path
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(fd >= 0)
        defer {
            close(fd)
            unlink(socketPath)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (i, byte) in socketPath.utf8.enumerated() { buffer[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var messages: [String] = []
        func receive(until predicate: ([String]) -> Bool, within seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while Date() < deadline {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count > 0 { messages.append(String(decoding: buffer[0..<count], as: UTF8.self)) }
                if predicate(messages) { return true }
            }
            return false
        }
        let harness = try DaemonHarness(label: "notify")
        try harness.start(environment: ["NOTIFY_SOCKET": socketPath, "WATCHDOG_USEC": "4000000"])
        #expect(receive(until: { $0.contains { $0.contains("READY=1") } }, within: 30), "\(messages)")
        #expect(messages.first { $0.contains("READY=1") }?.contains("STATUS=queue 0, running 0") == true, "\(messages)")
        // WATCHDOG=1 at half of WATCHDOG_USEC (4 s): at least two more within five seconds.
        let before = messages.filter { $0.contains("WATCHDOG=1") }.count
        #expect(receive(until: { $0.filter { $0.contains("WATCHDOG=1") }.count >= before + 2 }, within: 5), "\(messages)")
        harness.signal(SIGTERM)
        #expect(receive(until: { $0.contains { $0.contains("STOPPING=1") } }, within: 10), "\(messages)")
        #expect(harness.stop() == 0)
    }
}
