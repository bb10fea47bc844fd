import Foundation
import Testing

/// A real `msl daemon` process on temporary folders, for the daemon's integration tests: writes its TOML and
/// pipeline YAML, starts and signals the process, and collects its JSON log lines from stderr so a test can wait
/// for an event (with a deadline; never a fixed sleep for an outcome).
final class DaemonHarness: @unchecked Sendable {
    let root: URL
    var inbox: URL { root.appendingPathComponent("inbox") }
    var outbox: URL { root.appendingPathComponent("outbox") }
    var quarantine: URL { root.appendingPathComponent("quarantine") }
    var archive: URL { root.appendingPathComponent("archive") }
    var work: URL { root.appendingPathComponent("work") }
    var state: URL { root.appendingPathComponent("state") }
    var configFile: URL { root.appendingPathComponent("msl.toml") }
    var pipelineFile: URL { root.appendingPathComponent("pipeline.yaml") }

    private var process: Process?
    private let lock = NSLock()
    private var collected: [String] = []
    private var reader: Thread?

    /// Folders and configuration; `extra` is appended to the TOML (it may override the sections' keys only by
    /// being a later section, so tests pass whole sections they change through `sections`).
    init(label: String, sections: [String: String] = [:], pipeline: String = DaemonHarness.pipelineYAML) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("msl-daemon-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outbox, withIntermediateDirectories: true)
        try pipeline.write(to: pipelineFile, atomically: true, encoding: .utf8)
        try writeConfiguration(sections)
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: root)
    }

    /// A fast pipeline: one hybrid, a three-step λ-map, no PDF or PNG (report.json carries timings, so only the
    /// DICOM outputs are compared between runs).
    static let pipelineYAML = """
        reconstruction:
          lambdas: [0.5]
          lambda_map: true
          lambda_map_steps: 3
        output:
          pdf: false
          png: false
        """

    /// For the tiny phantoms (64² CT): their registration fails its quality guard at that resolution, and the
    /// phantoms' CT and MR already share scanner coordinates; registration is tested on larger studies.
    static let tinyPipelineYAML = pipelineYAML + "\nregistration:\n  enabled: false\n"

    /// The test defaults: 2 s quiet time, 4 s study timeout, retries after 1 s, metrics every second.
    func writeConfiguration(_ sections: [String: String]) throws {
        let defaults: [String: String] = [
            "folders": """
                inboxes = ["\(inbox.path)"]
                work = "\(work.path)"
                outbox = "\(outbox.path)"
                quarantine = "\(quarantine.path)"
                archive = "\(archive.path)"
                state = "\(state.path)"
                """,
            "intake": "min_free_mib = 0",
            "completeness": "series_quiet_seconds = 2\nstudy_timeout_seconds = 4\nstudy_force_seconds = 120",
            "workers": "jobs = 1\nmemory_budget_mib = 4096\nthreads = 2",
            "retry": "max_attempts = 20\nbackoff_seconds = [1]",
            "processing": "configuration = \"\(pipelineFile.path)\"",
            "metrics": "interval_seconds = 1",
        ]
        let merged = defaults.merging(sections) { $1 }
        let text = merged.keys.sorted().map { "[\($0)]\n\(merged[$0]!)\n" }.joined(separator: "\n")
        try text.write(to: configFile, atomically: true, encoding: .utf8)
    }

    /// Starts the daemon (the built `msl`), with `environment` added to ours.
    func start(environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["daemon", "--config", configFile.path]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let handle = errors.fileHandleForReading
        let thread = Thread { [weak self] in
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    self?.append(line)
                }
            }
        }
        thread.start()
        reader = thread
    }

    private func append(_ line: String) {
        lock.lock()
        collected.append(line)
        lock.unlock()
    }

    var pid: Int32 { process?.processIdentifier ?? 0 }
    var isRunning: Bool { process?.isRunning ?? false }

    /// Every log line so far.
    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }

    /// Log lines parsed as JSON objects.
    var events: [[String: Any]] {
        lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Events named `name` (and matching `where`).
    func events(_ name: String, where match: ([String: Any]) -> Bool = { _ in true }) -> [[String: Any]] {
        events.filter { $0["event"] as? String == name && match($0) }
    }

    /// Waits until `count` events named `name` arrived; records an issue and returns false at the deadline.
    @discardableResult
    func wait(
        for name: String, count: Int = 1, timeout: Double, where match: @escaping ([String: Any]) -> Bool = { _ in true },
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if events(name, where: match).count >= count { return true }
            if !isRunning, events(name, where: match).count < count {
                usleep(200_000)
                if events(name, where: match).count >= count { return true }
                Issue.record("the daemon exited (status \(process?.terminationStatus ?? -1)) before \(name); log:\n\(lines.suffix(20).joined(separator: "\n"))", sourceLocation: sourceLocation)
                return false
            }
            usleep(100_000)
        }
        Issue.record("no \(count)× \(name) within \(timeout) s; log tail:\n\(lines.suffix(20).joined(separator: "\n"))", sourceLocation: sourceLocation)
        return false
    }

    func signal(_ number: Int32) { if let process { kill(process.processIdentifier, number) } }

    /// SIGTERM and wait; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        guard let process else { return -1 }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        usleep(100_000)  // let the reader thread take the last lines
        return process.terminationStatus
    }

    /// SIGKILL and wait.
    func killHard() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Runs an operator command (`status`, `jobs`, …) against this daemon's configuration.
    func command(_ arguments: [String]) throws -> CommandLineTests.Outcome {
        try CommandLineTests.run(arguments + ["--config", configFile.path])
    }

    /// Job folders in the outbox (hidden staging folders included, to catch leftovers).
    func outboxEntries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: outbox.path).sorted()
    }

    /// Every regular file under `folder`, relative, sorted.
    static func files(under folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(relative).path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files.append(relative)
            }
        }
        return files.sorted()
    }

    /// Copies `source` (a folder) to `destination` file by file, each file written in `chunks` appends (open,
    /// write, close) with `pause` seconds between chunks, the way a slow network copy lands.
    static func slowCopy(_ source: URL, to destination: URL, chunks: Int = 3, pause: Double = 0.03) throws {
        for relative in files(under: source) {
            let data = try Data(contentsOf: source.appendingPathComponent(relative))
            let target = destination.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: target.path, contents: nil)
            let step = (data.count + chunks - 1) / chunks
            for start in stride(from: 0, to: data.count, by: step) {
                let handle = try FileHandle(forWritingTo: target)
                try handle.seekToEnd()
                try handle.write(contentsOf: data[start..<min(start + step, data.count)])
                try handle.close()
                usleep(UInt32(pause * 1_000_000))
            }
        }
    }

    /// Copies a folder under a hidden name in the inbox, then renames it into place (how a careful producer
    /// drops a study: the daemon sees one moved-in folder).
    func drop(_ source: URL, as name: String) throws {
        let hidden = inbox.appendingPathComponent(".\(name).incoming")
        try FileManager.default.copyItem(at: source, to: hidden)
        try FileManager.default.moveItem(at: hidden, to: inbox.appendingPathComponent(name))
    }

    /// The lines that mention any of `identifiers` (patient names, IDs, drop folder names).
    func linesMentioning(_ identifiers: [String]) -> [String] {
        lines.filter { line in identifiers.contains { line.contains($0) } }
    }

    /// Peak resident memory of the daemon (VmHWM, bytes) while it runs.
    var peakResidentBytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
        return kilobytes.map { $0 * 1024 }
    }
}
