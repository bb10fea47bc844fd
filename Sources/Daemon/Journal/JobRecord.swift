/// A job's place in its life (clinical-conventions §3): files arrive (`received`), the study is judged complete
/// (`complete`), waits for a worker (`queued`), runs, and ends `succeeded`, `failed` (transient failures exhausted
/// their retries; inputs stay in the inbox) or `quarantined` (bad input, moved aside with `reason.json`).
public enum JobState: String, Sendable, CaseIterable, Codable {
    case received, complete, queued, running, succeeded, failed, quarantined

    /// Still open: a late file joins such a job (re-planning it) instead of starting a new one.
    public var isOpen: Bool { [.received, .complete, .queued, .running].contains(self) }
}

/// Where a finished job's inputs went.
public enum InputsPlace: String, Sendable, Codable {
    case inbox, archived, removed, quarantined
}

/// One row of `jobs`. Keys are hashed; `dropRoot` is a path (never logged).
public struct JobRecord: Sendable, Equatable {
    public var id: String
    public var groupKey: String
    public var dropRoot: String?
    public var state: JobState
    public var generation: Int
    public var attempts: Int
    public var notBefore: Double
    public var firstFileAt: Double
    public var lastFileAt: Double
    public var createdAt: Double
    public var updatedAt: Double
    public var reason: String?
    public var message: String?
    public var output: String?
    public var memoryMiB: Int
    public var inputs: InputsPlace
}

/// One admitted file of a job.
public struct FileRecord: Sendable, Equatable {
    public var path: String
    /// The inbox it arrived in, and its path below it (kept when quarantined or archived).
    public var inbox: String
    public var relativePath: String
    public var jobID: String
    public var size: Int
    public var mtime: Double
    public var sopInstanceUID: String
    /// Hashed series key (patient, study and series UIDs).
    public var seriesKey: String
    public var modality: String
    public var instanceNumber: Int?
    public var frames: Int
    /// Position along the slice normal (mm), for the gap check.
    public var positionMM: Double?
    public var receivedAt: Double
}
