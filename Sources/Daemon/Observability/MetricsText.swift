/// What the daemon reports to Prometheus, and its text exposition format (version 0.0.4), rendered by a pure
/// function so a test can compare it with a golden text.
public struct DaemonMetrics: Sendable, Equatable {
    /// Jobs per journal state.
    public var jobs: [JobState: Int] = [:]
    /// Jobs running in this process now.
    public var running = 0
    /// Quarantined jobs per reason (the journal's count, so it survives restarts).
    public var quarantined: [String: Int] = [:]
    /// Failed attempts per reason since the daemon started (transient and deterministic).
    public var failures: [String: Int] = [:]
    /// Seconds spent per pipeline stage by succeeded jobs since start: (sum, count).
    public var stages: [String: (sum: Double, count: Int)] = [:]
    /// Free bytes per folder role (`work`, `outbox`, `state`, `inbox`).
    public var freeBytes: [String: Int] = [:]
    public var minimumFreeBytes = 0
    public var intakePaused = false
    /// Files waiting to be judged (still being written, or intake paused).
    public var pendingFiles = 0
    public var peakResidentBytes = 0

    public init() {}

    public static func == (a: DaemonMetrics, b: DaemonMetrics) -> Bool { a.render() == b.render() }

    /// The exposition text: one HELP and TYPE per family, samples sorted by label.
    public func render() -> String {
        var text = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples { text += "\(name)\(sample.labels) \(sample.value)\n" }
        }
        func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        }
        family(
            "msl_queue_depth", "gauge", "Jobs waiting for a worker (queued).",
            [("", String(jobs[.queued] ?? 0))])
        family("msl_jobs_running", "gauge", "Jobs running now.", [("", String(running))])
        family(
            "msl_jobs", "gauge", "Jobs in the journal by state.",
            JobState.allCases.map { ("{state=\"\($0.rawValue)\"}", String(jobs[$0] ?? 0)) })
        family(
            "msl_quarantined_jobs", "gauge", "Quarantined jobs by reason.",
            quarantined.keys.sorted().map { ("{reason=\"\($0)\"}", String(quarantined[$0]!)) })
        family(
            "msl_job_failures_total", "counter", "Failed job attempts since start, by reason.",
            failures.keys.sorted().map { ("{reason=\"\($0)\"}", String(failures[$0]!)) })
        let stageNames = stages.keys.sorted()
        family(
            "msl_stage_duration_seconds_sum", "counter", "Seconds spent in each pipeline stage by succeeded jobs.",
            stageNames.map { ("{stage=\"\($0)\"}", number(stages[$0]!.sum)) })
        family(
            "msl_stage_duration_seconds_count", "counter", "Succeeded jobs that ran each pipeline stage.",
            stageNames.map { ("{stage=\"\($0)\"}", String(stages[$0]!.count)) })
        family(
            "msl_disk_free_bytes", "gauge", "Free bytes on the file system of each folder.",
            freeBytes.keys.sorted().map { ("{folder=\"\($0)\"}", String(freeBytes[$0]!)) })
        family(
            "msl_disk_free_minimum_bytes", "gauge", "Below this much free space intake pauses.",
            [("", String(minimumFreeBytes))])
        family("msl_intake_paused", "gauge", "1 while intake is paused for disk space.", [("", intakePaused ? "1" : "0")])
        family("msl_pending_files", "gauge", "Files waiting to be judged.", [("", String(pendingFiles))])
        family(
            "msl_peak_resident_bytes", "gauge", "Peak resident memory of the daemon process.",
            [("", String(peakResidentBytes))])
        return text
    }
}
