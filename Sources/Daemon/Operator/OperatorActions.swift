import Foundation

/// What operators do to the journal from the command line while the daemon runs (`msl requeue`, `msl release`,
/// `msl status`, `msl jobs`). Each change is one compare-and-set transaction; the daemon's loop picks the job up
/// on its next pass.
public struct OperatorActions {
    let journal: Journal

    public init(journal: Journal) { self.journal = journal }

    /// A failed job goes back to the queue with fresh attempts (its inputs are still in the inbox); for a succeeded
    /// job whose export failed for good, the export is tried again.
    public func requeue(_ id: String, at now: Double = Date().timeIntervalSince1970) throws -> String {
        guard let job = try journal.job(id) else { throw JournalError.job(id: id, reason: "no such job") }
        switch job.state {
        case .failed:
            guard
                try journal.move(
                    id, from: .failed, to: .queued, at: now, note: "requeued by an operator",
                    set: ["attempts": 0, "not_before": 0.0])
            else { throw JournalError.job(id: id, reason: "changed while being requeued; try again") }
            return "\(id): failed → queued"
        case .succeeded:
            let dead = try journal.exports(in: "failed").filter { $0.job == id }
            guard !dead.isEmpty else {
                throw JournalError.job(id: id, reason: "succeeded and has no failed export; nothing to requeue")
            }
            for export in dead {
                try journal.finishExport(
                    id, destination: export.destination, state: "pending", attempts: 0, notBefore: 0, message: nil, at: now)
            }
            return "\(id): export to \(dead.map(\.destination).joined(separator: ", ")) queued again"
        case .quarantined:
            throw JournalError.job(id: id, reason: "is quarantined; use `msl release \(id)` after checking its reason.json")
        default:
            throw JournalError.job(id: id, reason: "is \(job.state.rawValue); only failed jobs can be requeued")
        }
    }

    /// A quarantined job is processed again from where its inputs lie (the quarantine folder); on success they
    /// move to the archive like any other job's. For use after fixing the cause (configuration, rules).
    public func release(_ id: String, at now: Double = Date().timeIntervalSince1970) throws -> String {
        guard let job = try journal.job(id) else { throw JournalError.job(id: id, reason: "no such job") }
        guard job.state == .quarantined else {
            throw JournalError.job(id: id, reason: "is \(job.state.rawValue), not quarantined")
        }
        guard job.inputs == .quarantined else {
            throw JournalError.job(id: id, reason: "its inputs are still being moved to the quarantine; try again shortly")
        }
        guard
            try journal.move(
                id, from: .quarantined, to: .queued, at: now, note: "released by an operator",
                set: ["attempts": 0, "not_before": 0.0, "inputs": InputsPlace.inbox.rawValue])
        else { throw JournalError.job(id: id, reason: "changed while being released; try again") }
        return "\(id): quarantined → queued (inputs stay in the quarantine folder until the job ends)"
    }

    /// `msl status`: jobs per state, quarantine per reason, exports.
    public func status() throws -> String {
        let counts = try journal.stateCounts()
        var lines = ["journal \(journal.path) (schema \(Journal.schemaVersion))", "jobs:"]
        for state in JobState.allCases { lines.append("  \(state.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))\(counts[state] ?? 0)") }
        let quarantine = try journal.quarantineCounts()
        if !quarantine.isEmpty {
            lines.append("quarantine by reason:")
            for reason in quarantine.keys.sorted() { lines.append("  \(reason.padding(toLength: 22, withPad: " ", startingAt: 0))\(quarantine[reason]!)") }
        }
        let exports = try ["pending", "sent", "failed"].map { ($0, try journal.exports(in: $0).count) }
        if exports.contains(where: { $0.1 > 0 }) {
            lines.append("exports: " + exports.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// `msl jobs`: newest first, optionally of one state.
    public func jobs(state: JobState?, limit: Int) throws -> String {
        let jobs = try state.map { try journal.jobs(in: [$0]).reversed().prefix(limit).map { $0 } } ?? journal.recentJobs(limit: limit)
        let formatter = ISO8601DateFormatter()
        var lines = ["JOB      STATE        ATTEMPTS  UPDATED               REASON / OUTPUT"]
        for job in jobs {
            let detail = job.state == .succeeded ? (job.output ?? "") : [job.reason, job.message].compactMap { $0 }.joined(separator: ": ")
            lines.append(
                job.id.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + job.state.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
                    + String(job.attempts).padding(toLength: 10, withPad: " ", startingAt: 0)
                    + formatter.string(from: Date(timeIntervalSince1970: job.updatedAt)).padding(toLength: 22, withPad: " ", startingAt: 0)
                    + detail)
        }
        return lines.joined(separator: "\n")
    }
}
