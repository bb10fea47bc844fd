import Foundation

extension Journal {
    static let fileColumns =
        "path, inbox, relative_path, job_id, size, mtime, sop_instance_uid, series_key, modality, instance_number, "
        + "frames, position_mm, received_at"

    static func file(_ row: [SQLiteValue]) -> FileRecord {
        FileRecord(
            path: row[0].string ?? "", inbox: row[1].string ?? "", relativePath: row[2].string ?? "",
            jobID: row[3].string ?? "", size: row[4].int ?? 0, mtime: row[5].double ?? 0,
            sopInstanceUID: row[6].string ?? "", seriesKey: row[7].string ?? "", modality: row[8].string ?? "",
            instanceNumber: row[9].int, frames: row[10].int ?? 1, positionMM: row[11].double,
            receivedAt: row[12].double ?? 0)
    }

    /// The admitted file now at `path`, if any.
    public func file(at path: String) throws -> FileRecord? {
        try connection.execute("SELECT \(Self.fileColumns) FROM files WHERE path = ?", [.text(path)]).first.map(Self.file)
    }

    /// The files of a job, in path order.
    public func files(of job: String) throws -> [FileRecord] {
        try connection.execute("SELECT \(Self.fileColumns) FROM files WHERE job_id = ? ORDER BY path", [.text(job)])
            .map(Self.file)
    }

    /// What happened when a file was admitted.
    public enum Admission: Sendable, Equatable {
        /// The file joined an open job that had not yet been judged complete, or started a new one (`created`).
        case joined(JobRecord, created: Bool)
        /// A late file: the job had been judged complete, queued or was running, and must be planned again
        /// (its generation went up; a running worker is told to stop).
        case replanned(JobRecord, wasRunning: Bool)
    }

    /// Records `file` (its `jobID` is ignored) in the open job of `group`, creating one if none is open, in one
    /// transaction. A file already known at the same path (rewritten in place) is moved to that job.
    public func admit(_ file: FileRecord, group: String, dropRoot: String?, at now: Double) throws -> Admission {
        try transaction {
            let open = try openJob(group: group)
            var job = try open ?? createJob(group: group, dropRoot: dropRoot, at: now)
            var admission = Admission.joined(job, created: open == nil)
            if job.state != .received {
                let wasRunning = job.state == .running
                try connection.execute(
                    "UPDATE jobs SET state = 'received', generation = generation + 1, updated_at = ? WHERE id = ?",
                    [.real(now), .text(job.id)])
                try record(job.id, from: job.state, to: .received, at: now, note: "late file: planned again")
                try connection.execute("UPDATE series SET complete_at = NULL WHERE job_id = ?", [.text(job.id)])
                job.state = .received
                job.generation += 1
                admission = .replanned(job, wasRunning: wasRunning)
            }
            try connection.execute(
                "UPDATE jobs SET last_file_at = MAX(last_file_at, ?) WHERE id = ?", [.real(now), .text(job.id)])
            try connection.execute(
                "INSERT OR REPLACE INTO files (\(Self.fileColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    .text(file.path), .text(file.inbox), .text(file.relativePath), .text(job.id),
                    .integer(Int64(file.size)), .real(file.mtime), .text(file.sopInstanceUID), .text(file.seriesKey),
                    .text(file.modality), file.instanceNumber.map { .integer(Int64($0)) } ?? .null,
                    .integer(Int64(file.frames)), file.positionMM.map(SQLiteValue.real) ?? .null, .real(now),
                ])
            try connection.execute(
                """
                INSERT INTO series (job_id, key, modality, files, last_file_at) VALUES (?, ?, ?, 1, ?)
                ON CONFLICT (job_id, key) DO UPDATE SET files = (SELECT COUNT(*) FROM files WHERE job_id = ?1 AND series_key = ?2),
                    last_file_at = MAX(last_file_at, ?4), complete_at = NULL
                """, [.text(job.id), .text(file.seriesKey), .text(file.modality), .real(now)])
            return admission
        }
    }

    /// Series of a job: (key, modality, files, last file time, complete time).
    public func series(of job: String) throws -> [(key: String, modality: String, files: Int, lastFileAt: Double, completeAt: Double?)] {
        try connection.execute(
            "SELECT key, modality, files, last_file_at, complete_at FROM series WHERE job_id = ? ORDER BY key", [.text(job)]
        ).map { ($0[0].string ?? "", $0[1].string ?? "", $0[2].int ?? 0, $0[3].double ?? 0, $0[4].double) }
    }

    /// Marks a series complete (quiet and structurally whole) at `now`.
    func markSeriesComplete(job: String, key: String, at now: Double) throws {
        try connection.execute(
            "UPDATE series SET complete_at = ? WHERE job_id = ? AND key = ? AND complete_at IS NULL",
            [.real(now), .text(job), .text(key)])
    }

    /// Records that a file now lives at `newPath` (moved to quarantine or the archive, or `removed:…` once deleted,
    /// which keeps the job's file list and frees the inbox path for a later file).
    func moveFile(_ path: String, to newPath: String) throws {
        try connection.execute("UPDATE files SET path = ? WHERE path = ?", [.text(newPath), .text(path)])
    }
}
