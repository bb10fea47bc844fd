import Foundation

/// What `msl daemon` reads from its TOML file (`Config/msl.toml` documents every key; `docs/daemon.md` explains
/// them). Every key is optional: a missing key keeps the default written here, an unknown key or a wrong type is an
/// error naming the file, the key and what is expected (`DaemonConfiguration.load`), so a typo never silently
/// falls back to a default. `validate()` checks the rules that types cannot express.
public struct DaemonConfiguration: Sendable, Equatable {
    /// The folders the daemon owns (DESIGN §6). Inboxes are watched; the others must lie outside every inbox,
    /// so the daemon never sees its own outputs, quarantine or archive as new input.
    public struct Folders: Sendable, Equatable {
        public var inboxes = ["/var/lib/msl/inbox"]
        /// Per-job scratch: each running job's inputs are linked here, then removed.
        public var work = "/var/lib/msl/work"
        public var outbox = "/var/lib/msl/outbox"
        public var quarantine = "/var/lib/msl/quarantine"
        public var archive = "/var/lib/msl/archive"
        /// The journal (`journal.sqlite`), transfer reports and, by default, the metrics file.
        public var state = "/var/lib/msl/state"
    }

    /// How arriving files become jobs.
    public struct Intake: Sendable, Equatable {
        /// `folder`: each top-level folder of an inbox is one study drop, processed as `msl process` would
        /// process that folder (files directly in the inbox are grouped by patient); `patient`: files are
        /// grouped by PatientID and issuer, wherever they lie.
        public var groupBy: Grouping = .folder
        /// Modalities admitted; a DICOM file of any other modality is quarantined (`unsupported-modality`).
        public var modalities = ["CT", "MR"]
        /// Back-pressure: below this much free space (MiB) on the work, outbox or state file system, no file is
        /// admitted and no job starts; the inbox is left untouched until space returns.
        public var minimumFreeMiB = 2048
        /// What happens to a job's inputs once its outputs are durably in the outbox.
        public var afterSuccess: Disposal = .archive
    }

    public enum Grouping: String, Sendable, Equatable, CaseIterable { case folder, patient }
    public enum Disposal: String, Sendable, Equatable, CaseIterable { case archive, remove }

    /// When a series and a study count as complete (clinical-conventions §2).
    public struct Completeness: Sendable, Equatable {
        /// A series is complete once no file of it arrived for this long and its structure checks pass.
        public var seriesQuietSeconds = 60.0
        /// A study whose series are all quiet starts after this long without a new file even if an expected
        /// modality is missing or a series still has a structural gap.
        public var studyTimeoutSeconds = 900.0
        /// A study still receiving files this long after its first file starts anyway.
        public var studyForceSeconds = 5400.0
        /// A study with a complete series of each of these modalities starts without waiting for the timeout.
        public var expectedModalities = ["CT", "MR"]
    }

    /// Concurrency and resources.
    public struct Workers: Sendable, Equatable {
        /// Jobs processed at once.
        public var jobs = 1
        /// A job starts only if its memory estimate plus those of the running jobs fits (MiB).
        public var memoryBudgetMiB = 8192
        /// Threads of the numeric engine (OpenBLAS and the network's loops).
        public var threads = 2
    }

    /// Retries of transient failures (disk full, outbox not writable): the n-th retry waits `backoffSeconds[n-1]`
    /// (the last value repeats); after `maxAttempts` attempts the job is `failed` and its inputs stay in the inbox.
    public struct Retry: Sendable, Equatable {
        public var maxAttempts = 5
        public var backoffSeconds: [Double] = [60, 300, 900, 3600]

        /// The wait before the retry that follows attempt `attempt` (1-based); the last value repeats.
        public func delay(afterAttempt attempt: Int) -> Double {
            backoffSeconds[min(max(attempt, 1) - 1, backoffSeconds.count - 1)]
        }
    }

    /// The processing itself.
    public struct Processing: Sendable, Equatable {
        /// A YAML pipeline configuration as `msl process --config` takes (empty: the defaults).
        public var configuration = ""
    }

    /// Prometheus text metrics.
    public struct Metrics: Sendable, Equatable {
        /// Written atomically every `intervalSeconds`; empty: `<state>/metrics.prom`.
        public var file = ""
        public var intervalSeconds = 15.0
    }

    /// One PACS the finished series are sent to by C-STORE.
    public struct ExportDestination: Sendable, Equatable {
        public var name: String
        public var host: String
        public var port: Int
        public var calledAETitle: String
        public var callingAETitle = "MSL"
        public var timeoutSeconds = 30
        public var retry = Retry(maxAttempts: 5, backoffSeconds: [60, 300, 900, 3600])

        public init(name: String, host: String, port: Int, calledAETitle: String) {
            self.name = name
            self.host = host
            self.port = port
            self.calledAETitle = calledAETitle
        }
    }

    public var folders = Folders()
    public var intake = Intake()
    public var completeness = Completeness()
    public var workers = Workers()
    public var retry = Retry()
    public var processing = Processing()
    public var metrics = Metrics()
    public var exports: [ExportDestination] = []

    public init() {}

    /// The metrics file: the configured one, or `metrics.prom` in the state folder.
    public var metricsFile: String {
        metrics.file.isEmpty ? (folders.state as NSString).appendingPathComponent("metrics.prom") : metrics.file
    }

    /// The journal database in the state folder.
    public var journalPath: String { (folders.state as NSString).appendingPathComponent("journal.sqlite") }
}
