extension Journal {
    /// One export of a job's series to a destination.
    public struct ExportRecord: Sendable, Equatable {
        public var job: String
        public var destination: String
        /// `pending`, `sent` or `failed` (retries exhausted: a dead letter an operator re-sends with `requeue`).
        public var state: String
        public var attempts: Int
        public var notBefore: Double
        public var message: String?
    }

    /// Queues the export of a succeeded job to each destination (already queued ones are left alone).
    func queueExports(_ job: String, to destinations: [String], at now: Double) throws {
        for destination in destinations {
            try connection.execute(
                "INSERT OR IGNORE INTO exports (job_id, destination, state, updated_at) VALUES (?, ?, 'pending', ?)",
                [.text(job), .text(destination), .real(now)])
        }
    }

    /// Exports in `state`, oldest job first.
    public func exports(in state: String) throws -> [ExportRecord] {
        try connection.execute(
            "SELECT job_id, destination, state, attempts, not_before, message FROM exports WHERE state = ? ORDER BY job_id",
            [.text(state)]
        ).map {
            ExportRecord(
                job: $0[0].string ?? "", destination: $0[1].string ?? "", state: $0[2].string ?? "",
                attempts: $0[3].int ?? 0, notBefore: $0[4].double ?? 0, message: $0[5].string)
        }
    }

    /// Records an attempt's outcome.
    func finishExport(
        _ job: String, destination: String, state: String, attempts: Int, notBefore: Double, message: String?, at now: Double
    ) throws {
        try connection.execute(
            "UPDATE exports SET state = ?, attempts = ?, not_before = ?, message = ?, updated_at = ? WHERE job_id = ? AND destination = ?",
            [.text(state), .integer(Int64(attempts)), .real(notBefore), message.map(SQLiteValue.text) ?? .null, .real(now),
             .text(job), .text(destination)])
    }
}
