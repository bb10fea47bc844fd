import Foundation

/// The daemon's durable memory (DESIGN §6, "Journal"): jobs, their files and series, every state change with its
/// time, and exports, in SQLite (WAL, `synchronous=FULL`). A change is committed before the daemon acts on it,
/// so a crash at any point leaves a journal from which `recoverAfterRestart()` and the disposal step carry on.
///
/// State changes are compare-and-set (`UPDATE … WHERE id = ? AND state = ?`) and write a `transitions` row in
/// the same transaction. Operator commands (`msl status`, `jobs`, `requeue`, `release`) open the same file from
/// another process; SQLite's locking and a busy timeout make that safe.
public final class Journal {
    let connection: SQLiteConnection
    public var path: String { connection.path }

    /// Opens the journal at `path`, creating it or bringing its schema up to date.
    public init(path: String) throws {
        connection = try SQLiteConnection(path: path)
        try migrate()
    }

    public static var schemaVersion: Int { JournalMigrations.all.count }

    private func migrate() throws {
        let version = try connection.execute("PRAGMA user_version").first?.first?.int ?? 0
        guard version <= JournalMigrations.all.count else {
            throw JournalError.newerSchema(path: path, version: version, known: JournalMigrations.all.count)
        }
        for (index, sql) in JournalMigrations.all.enumerated().dropFirst(version) {
            try connection.transaction {
                for statement in sql.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) })
                where !statement.isEmpty {
                    try connection.execute(statement)
                }
                try connection.execute("PRAGMA user_version = \(index + 1)")
            }
        }
    }

    // MARK: - Reading

    static let jobColumns =
        "id, group_key, drop_root, state, generation, attempts, not_before, first_file_at, last_file_at, created_at, "
        + "updated_at, reason, message, output, memory_mib, inputs"

    static func job(_ row: [SQLiteValue]) -> JobRecord {
        JobRecord(
            id: row[0].string ?? "", groupKey: row[1].string ?? "", dropRoot: row[2].string,
            state: JobState(rawValue: row[3].string ?? "") ?? .failed, generation: row[4].int ?? 0,
            attempts: row[5].int ?? 0, notBefore: row[6].double ?? 0, firstFileAt: row[7].double ?? 0,
            lastFileAt: row[8].double ?? 0, createdAt: row[9].double ?? 0, updatedAt: row[10].double ?? 0,
            reason: row[11].string, message: row[12].string, output: row[13].string, memoryMiB: row[14].int ?? 0,
            inputs: InputsPlace(rawValue: row[15].string ?? "") ?? .inbox)
    }

    /// The job with `id`, if any.
    public func job(_ id: String) throws -> JobRecord? {
        try connection.execute("SELECT \(Self.jobColumns) FROM jobs WHERE id = ?", [.text(id)]).first.map(Self.job)
    }

    /// Jobs in any of `states`, oldest first.
    public func jobs(in states: [JobState]) throws -> [JobRecord] {
        let marks = states.map { _ in "?" }.joined(separator: ", ")
        return try connection.execute(
            "SELECT \(Self.jobColumns) FROM jobs WHERE state IN (\(marks)) ORDER BY seq", states.map { .text($0.rawValue) }
        ).map(Self.job)
    }

    /// Succeeded and quarantined jobs whose inputs have not been moved yet, oldest first. Filtered in SQL: the
    /// loop asks every second, and a journal keeps months of finished jobs.
    public func jobsAwaitingDisposal() throws -> [JobRecord] {
        try connection.execute(
            "SELECT \(Self.jobColumns) FROM jobs WHERE state IN ('succeeded', 'quarantined') AND inputs = 'inbox' ORDER BY seq"
        ).map(Self.job)
    }

    /// Every job, newest first, at most `limit`.
    public func recentJobs(limit: Int) throws -> [JobRecord] {
        try connection.execute("SELECT \(Self.jobColumns) FROM jobs ORDER BY seq DESC LIMIT ?", [.integer(Int64(limit))])
            .map(Self.job)
    }

    /// How many jobs are in each state.
    public func stateCounts() throws -> [JobState: Int] {
        var counts: [JobState: Int] = [:]
        for row in try connection.execute("SELECT state, COUNT(*) FROM jobs GROUP BY state") {
            if let state = JobState(rawValue: row[0].string ?? "") { counts[state] = row[1].int ?? 0 }
        }
        return counts
    }

    /// Quarantined jobs per reason code.
    public func quarantineCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try connection.execute("SELECT reason, COUNT(*) FROM jobs WHERE state = 'quarantined' GROUP BY reason") {
            counts[row[0].string ?? "unknown"] = row[1].int ?? 0
        }
        return counts
    }

    /// The open job (received, complete, queued or running) of a group, if any.
    public func openJob(group: String) throws -> JobRecord? {
        try connection.execute(
            "SELECT \(Self.jobColumns) FROM jobs WHERE group_key = ? AND state IN ('received', 'complete', 'queued', 'running') "
                + "ORDER BY seq DESC LIMIT 1", [.text(group)]
        ).first.map(Self.job)
    }

    /// The state changes of a job, oldest first: (from, to, time, note).
    public func transitions(of job: String) throws -> [(from: String?, to: String, at: Double, note: String?)] {
        try connection.execute(
            "SELECT from_state, to_state, at, note FROM transitions WHERE job_id = ? ORDER BY seq", [.text(job)]
        ).map { ($0[0].string, $0[1].string ?? "", $0[2].double ?? 0, $0[3].string) }
    }

    // MARK: - Changing jobs

    /// Creates a job in `received` for `group` and returns it.
    func createJob(group: String, dropRoot: String?, at now: Double) throws -> JobRecord {
        try connection.execute(
            "INSERT INTO jobs (id, group_key, drop_root, state, first_file_at, last_file_at, created_at, updated_at) "
                + "VALUES ('', ?, ?, 'received', ?, ?, ?, ?)",
            [.text(group), dropRoot.map(SQLiteValue.text) ?? .null, .real(now), .real(now), .real(now), .real(now)])
        try connection.execute(
            "UPDATE jobs SET id = printf('j%06d', seq) WHERE seq = last_insert_rowid()")
        let job = try connection.execute("SELECT \(Self.jobColumns) FROM jobs WHERE seq = last_insert_rowid()").map(Self.job)[0]
        try record(job.id, from: nil, to: .received, at: now, note: nil)
        return job
    }

    /// Compare-and-set: moves `job` from `from` to `to` with the given column changes, only if it is still in
    /// `from` (and at `generation`, when given). Returns whether it moved. Call inside `transaction` or alone.
    @discardableResult
    public func move(
        _ job: String, from: JobState, to: JobState, at now: Double, generation: Int? = nil, note: String? = nil,
        set changes: [String: SQLiteValueConvertible] = [:]
    ) throws -> Bool {
        try connection.transaction {
            let assignments = changes.keys.sorted()
            var sql = "UPDATE jobs SET state = ?, updated_at = ?"
            for column in assignments { sql += ", \(column) = ?" }
            sql += " WHERE id = ? AND state = ?"
            var bindings: [SQLiteValue] = [.text(to.rawValue), .real(now)] + assignments.map { changes[$0]!.sqliteValue }
            bindings += [.text(job), .text(from.rawValue)]
            if let generation {
                sql += " AND generation = ?"
                bindings.append(.integer(Int64(generation)))
            }
            try connection.execute(sql, bindings)
            guard connection.changes == 1 else { return false }
            try record(job, from: from, to: to, at: now, note: note)
            return true
        }
    }

    /// Sets columns of a job without changing its state.
    func update(_ job: String, set changes: [String: SQLiteValueConvertible], at now: Double) throws {
        let assignments = changes.keys.sorted()
        try connection.execute(
            "UPDATE jobs SET updated_at = ?" + assignments.map { ", \($0) = ?" }.joined() + " WHERE id = ?",
            [.real(now)] + assignments.map { changes[$0]!.sqliteValue } + [.text(job)])
    }

    func record(_ job: String, from: JobState?, to: JobState, at now: Double, note: String?) throws {
        try connection.execute(
            "INSERT INTO transitions (job_id, from_state, to_state, at, note) VALUES (?, ?, ?, ?, ?)",
            [.text(job), from.map { .text($0.rawValue) } ?? .null, .text(to.rawValue), .real(now),
             note.map(SQLiteValue.text) ?? .null])
    }

    /// Runs `body` in one transaction.
    func transaction<T>(_ body: () throws -> T) throws -> T { try connection.transaction(body) }
}

/// Values the journal's column updates accept.
public protocol SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { get }
}
extension Int: SQLiteValueConvertible { public var sqliteValue: SQLiteValue { .integer(Int64(self)) } }
extension Double: SQLiteValueConvertible { public var sqliteValue: SQLiteValue { .real(self) } }
extension String: SQLiteValueConvertible { public var sqliteValue: SQLiteValue { .text(self) } }
extension Optional: SQLiteValueConvertible where Wrapped: SQLiteValueConvertible {
    public var sqliteValue: SQLiteValue { map(\.sqliteValue) ?? .null }
}
