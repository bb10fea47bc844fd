import CSQLite
import Foundation
import Testing

@testable import Daemon

/// The SQLite journal: schema, admission into open jobs, re-planning on a late file, compare-and-set moves
/// with their audit rows, durability across reopening, and operator actions.
@Suite struct JournalTests {
    final class Folder {
        let path = NSTemporaryDirectory() + "msl-journal-\(UUID().uuidString)"
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var journal: String { path + "/journal.sqlite" }
    }

    func file(_ name: String, series: String = "s1") -> FileRecord {
        FileRecord(
            path: "/in/drop/\(name)", inbox: "/in", relativePath: "drop/\(name)", jobID: "", size: 10, mtime: 1,
            sopInstanceUID: "1.2.\(name)", seriesKey: series, modality: "CT", instanceNumber: 1, frames: 1,
            positionMM: 0, receivedAt: 0)
    }

    @Test func schemaIsWALWithEveryState() throws {
        let folder = try Folder()
        let journal = try Journal(path: folder.journal)
        #expect(try journal.connection.execute("PRAGMA journal_mode").first?.first?.string == "wal")
        #expect(try journal.connection.execute("PRAGMA synchronous").first?.first?.int == 2)  // FULL
        #expect(try journal.connection.execute("PRAGMA user_version").first?.first?.int == Journal.schemaVersion)
        // The CHECK constraint refuses a state that is not one of the seven.
        #expect(throws: JournalError.self) {
            try journal.connection.execute(
                "INSERT INTO jobs (id, group_key, state, first_file_at, last_file_at, created_at, updated_at) "
                    + "VALUES ('x', 'g', 'lost', 0, 0, 0, 0)")
        }
    }

    @Test func filesJoinTheOpenJobAndALateFileReplansIt() throws {
        let folder = try Folder()
        let journal = try Journal(path: folder.journal)
        guard case .joined(let job, created: true) = try journal.admit(file("1"), group: "g", dropRoot: "/in/drop", at: 10)
        else { Issue.record("first file must create a job"); return }
        #expect(job.id == "j000001")
        #expect(job.state == .received)
        guard case .joined(let same, created: false) = try journal.admit(file("2"), group: "g", dropRoot: "/in/drop", at: 11)
        else { Issue.record("second file must join"); return }
        #expect(same.id == job.id)
        #expect(try journal.files(of: job.id).count == 2)
        #expect(try journal.series(of: job.id).first?.files == 2)

        #expect(try journal.move(job.id, from: .received, to: .complete, at: 20, generation: 0))
        #expect(try journal.move(job.id, from: .complete, to: .queued, at: 20))
        #expect(try journal.move(job.id, from: .queued, to: .running, at: 21, set: ["attempts": 1]))
        // A late file: back to received, one generation up, and the running worker's result no longer applies.
        guard case .replanned(let replanned, wasRunning: true) = try journal.admit(file("3"), group: "g", dropRoot: nil, at: 30)
        else { Issue.record("late file must re-plan"); return }
        #expect(replanned.state == .received)
        #expect(replanned.generation == 1)
        #expect(try !journal.move(job.id, from: .running, to: .succeeded, at: 31, generation: 0))
        #expect(try journal.job(job.id)?.state == .received)
        #expect(try journal.transitions(of: job.id).map(\.to) == ["received", "complete", "queued", "running", "received"])
        // A different group opens a second job.
        guard case .joined(let other, created: true) = try journal.admit(file("x"), group: "h", dropRoot: nil, at: 40)
        else { Issue.record("other group must create a job"); return }
        #expect(other.id == "j000002")
    }

    @Test func compareAndSetRefusesAStaleState() throws {
        let folder = try Folder()
        let journal = try Journal(path: folder.journal)
        _ = try journal.admit(file("1"), group: "g", dropRoot: nil, at: 0)
        #expect(try !journal.move("j000001", from: .queued, to: .running, at: 1))
        #expect(try journal.job("j000001")?.state == .received)
    }

    @Test func changesSurviveReopeningAndOperatorsActOnThem() throws {
        let folder = try Folder()
        do {
            let journal = try Journal(path: folder.journal)
            _ = try journal.admit(file("1"), group: "g", dropRoot: nil, at: 0)
            try journal.move("j000001", from: .received, to: .failed, at: 1, set: ["reason": "output", "attempts": 5])
            _ = try journal.admit(file("2"), group: "h", dropRoot: nil, at: 2)
            try journal.move("j000002", from: .received, to: .quarantined, at: 3, set: ["reason": "geometry"])
            #expect(try journal.jobsAwaitingDisposal().map(\.id) == ["j000002"])
            try journal.update("j000002", set: ["inputs": "quarantined"], at: 3)
            #expect(try journal.jobsAwaitingDisposal().isEmpty)
        }
        let journal = try Journal(path: folder.journal)
        #expect(try journal.stateCounts() == [.failed: 1, .quarantined: 1])
        #expect(try journal.quarantineCounts() == ["geometry": 1])
        let actions = OperatorActions(journal: journal)
        _ = try actions.requeue("j000001", at: 10)
        #expect(try journal.job("j000001")?.state == .queued)
        #expect(try journal.job("j000001")?.attempts == 0)
        _ = try actions.release("j000002", at: 11)
        #expect(try journal.job("j000002")?.state == .queued)
        #expect(try journal.job("j000002")?.inputs == .inbox)
        #expect(throws: JournalError.self) { try actions.requeue("j000002") }
        #expect(throws: JournalError.self) { try actions.release("j000009") }
        #expect(try actions.status().contains("queued      2"))
        #expect(try actions.jobs(state: .queued, limit: 10).split(separator: "\n").count == 3)
    }

    @Test func aNewerJournalIsRefused() throws {
        let folder = try Folder()
        _ = try Journal(path: folder.journal)
        var db: OpaquePointer?
        sqlite3_open(folder.journal, &db)
        sqlite3_exec(db, "PRAGMA user_version = 99", nil, nil, nil)
        sqlite3_close(db)
        #expect(throws: JournalError.newerSchema(path: folder.journal, version: 99, known: Journal.schemaVersion)) {
            _ = try Journal(path: folder.journal)
        }
    }
}
