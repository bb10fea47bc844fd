import DICOM
import Foundation
import Imaging
import Pipeline
import Tensor

/// `msl daemon`: watches the inboxes, judges when a study is complete, runs `StudyProcessor` on it, and moves
/// its inputs to the archive or quarantine, recording every step in the journal first (DESIGN §6). It adds only
/// scheduling, persistence and safety around the pipeline.
///
/// One thread (the loop in `run()`) owns the journal, the inotify watch and every decision; workers run jobs on
/// their own threads and hand results back through a queue. The loop wakes at least once a second, which is
/// also when it pings the systemd watchdog.
public final class Daemon {
    let configurationPath: String
    var configuration: DaemonConfiguration
    var processor: StudyProcessor
    let journal: Journal
    let log: EventLog
    let salt: HashedKey.Salt
    let notifier: SystemdNotifier?
    let signals = DaemonSignals()
    let clock: () -> Double

    var watcher: InboxWatcher?
    /// Paths to judge now.
    var candidates: Set<String> = []
    /// Paths to judge again at a time (still being written).
    var pending: [String: Double] = [:]
    /// Our own outputs seen in an inbox (path → mtime), so they are parsed once.
    var ownOutputs: [String: Double] = [:]
    var running: [String: RunningJob] = [:]
    let results = ResultQueue<(RunningJob, JobRunner.Outcome)>()
    let exportResults = ResultQueue<ExportResult>()
    var exporting: Set<String> = []
    var intakePaused = false
    var metrics = DaemonMetrics()
    var lastMetricsWrite = 0.0
    var lastWatchdog = ContinuousClock.now
    var lastStatus = ""

    /// Loads the configuration at `configurationPath`, creates missing folders, opens the journal.
    public init(configurationPath: String, log: EventLog = EventLog(), clock: @escaping () -> Double = { Date().timeIntervalSince1970 })
        throws
    {
        self.configurationPath = configurationPath
        configuration = try DaemonConfiguration.load(configurationPath)
        processor = try Self.processor(configuration)
        self.log = log
        self.clock = clock
        for folder in configuration.folders.inboxes + [
            configuration.folders.work, configuration.folders.outbox, configuration.folders.quarantine,
            configuration.folders.archive, configuration.folders.state,
        ] {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw DaemonConfigurationError.invalid(
                    file: configurationPath, key: "folders", reason: "cannot create \(folder): \(error.localizedDescription)")
            }
        }
        salt = try HashedKey.Salt.load(folder: configuration.folders.state)
        journal = try Journal(path: configuration.journalPath)
        notifier = SystemdNotifier(environment: ProcessInfo.processInfo.environment)
        Engine.threadCount = configuration.workers.threads
    }

    static func processor(_ configuration: DaemonConfiguration) throws -> StudyProcessor {
        let path = configuration.processing.configuration
        guard !path.isEmpty else { return StudyProcessor() }
        return StudyProcessor(configuration: try PipelineConfiguration.load(from: URL(fileURLWithPath: path)))
    }

    /// Runs until SIGTERM or SIGINT; returns the process exit status.
    public func run() throws -> Int32 {
        try recoverAfterRestart()
        watcher = try InboxWatcher(inboxes: configuration.folders.inboxes)
        for inbox in configuration.folders.inboxes { candidates.formUnion(InboxWatcher.files(under: inbox)) }
        log.info(
            "daemon.started",
            [
                "version": .code(MSLIdentity.softwareVersion), "inboxes": .int(configuration.folders.inboxes.count),
                "workers": .int(configuration.workers.jobs), "startup_files": .int(candidates.count),
                "journal_schema": .int(Journal.schemaVersion),
            ])
        try? notifier?.ready(status: statusLine())
        while !signals.stopRequested {
            for event in watcher?.next(timeoutSeconds: 1) ?? [] {
                switch event {
                case .file(let path): candidates.insert(path)
                case .scan(let folder): candidates.formUnion(InboxWatcher.files(under: folder))
                }
            }
            if signals.takeReload() { reload() }
            do { try step() } catch { log.error("daemon.step_failed", ["message": .message("\(error)")]) }
        }
        return try shutDown()
    }

    /// One pass of the loop: intake, results, completeness, scheduling, disposal, exports, observability.
    func step() throws {
        let now = clock()
        updateDiskState()
        if !intakePaused { try intake(now: now) }
        try collectResults(now: clock())
        try advanceReceivedJobs(now: clock())
        if !intakePaused { try startJobs(now: clock()) }
        try disposeFinishedJobs(now: clock())
        try collectExports(now: clock())
        try startExports(now: clock())
        try observe(now: clock())
    }

    /// SIGTERM: stop taking work, ask running jobs to park at their next stage boundary, wait for them, record.
    func shutDown() throws -> Int32 {
        try? notifier?.stopping()
        log.info("daemon.stopping", ["running": .int(running.count)])
        for job in running.values { job.cancel() }
        while !running.isEmpty || !exporting.isEmpty {
            try collectResults(now: clock())
            try collectExports(now: clock())
            pingWatchdog()
            usleep(100_000)
        }
        try? writeMetrics(now: clock())
        log.info("daemon.stopped", [:])
        return 0
    }

    /// After a crash or a kill: jobs the journal says are running are not (this process just started), so they
    /// go back to the queue, or to `failed` once they used all attempts (a job that kills the daemon every time
    /// must not loop forever). Leftovers of interrupted work — work folders, hidden staging folders in the
    /// outbox — are removed; committed outputs are never touched.
    func recoverAfterRestart() throws {
        let now = clock()
        for job in try journal.jobs(in: [.running]) {
            if job.attempts >= configuration.retry.maxAttempts {
                try journal.move(
                    job.id, from: .running, to: .failed, at: now, note: "the daemon stopped during the last attempt",
                    set: ["reason": "interrupted", "message": "the daemon stopped while the job ran, \(job.attempts) times"])
                log.error("job.failed", ["job.id": .code(job.id), "reason": .code("interrupted")])
            } else {
                try journal.move(job.id, from: .running, to: .queued, at: now, note: "restarted after an unclean stop")
                log.warning("job.restarted", ["job.id": .code(job.id), "attempts": .int(job.attempts)])
            }
        }
        let fm = FileManager.default
        for entry in (try? fm.contentsOfDirectory(atPath: configuration.folders.work)) ?? [] {
            try? fm.removeItem(atPath: (configuration.folders.work as NSString).appendingPathComponent(entry))
        }
        for entry in (try? fm.contentsOfDirectory(atPath: configuration.folders.outbox)) ?? []
        where entry.hasPrefix(".") && (entry.contains(".partial-") || entry.contains(".replaced-")) {
            try? fm.removeItem(atPath: (configuration.folders.outbox as NSString).appendingPathComponent(entry))
        }
    }

    /// SIGHUP: read the file again; keep the old configuration if the new one is invalid. Folders and the worker
    /// count's threads take effect only after a restart (the watch and the journal are open).
    func reload() {
        try? notifier?.reloading()
        do {
            var next = try DaemonConfiguration.load(configurationPath)
            let nextProcessor = try Self.processor(next)
            if next.folders != configuration.folders {
                log.warning("config.folders_need_restart", [:])
                next.folders = configuration.folders
            }
            configuration = next
            processor = nextProcessor
            Engine.threadCount = configuration.workers.threads
            log.info("config.reloaded", [:])
        } catch {
            log.error("config.reload_failed", ["message": .message("\(error)")])
        }
        try? notifier?.ready(status: statusLine())
    }
}
