import CSQLite
import Foundation

/// A value bound to or read from SQLite.
public enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    var int: Int? { if case .integer(let v) = self { return Int(v) } else { return nil } }
    var double: Double? {
        switch self {
        case .real(let v): return v
        case .integer(let v): return Double(v)
        default: return nil
        }
    }
    var string: String? { if case .text(let v) = self { return v } else { return nil } }
}

/// One SQLite connection through the C API (GRDB's lessons: WAL and `synchronous=FULL` spelt out, foreign keys
/// on, extended result codes kept so `SQLITE_BUSY` can be told from a bug). Not thread-safe: one owner.
final class SQLiteConnection {
    private var db: OpaquePointer?
    let path: String

    /// Opens (creating if needed) the database at `path` in WAL mode with full fsync on commit.
    init(path: String, busyTimeoutMilliseconds: Int32 = 5000) throws(JournalError) {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw .sqlite(path: path, code: status, message: "cannot open the journal: \(message)")
        }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        try execute("PRAGMA journal_mode=WAL")
        try execute("PRAGMA synchronous=FULL")
        try execute("PRAGMA foreign_keys=ON")
    }

    deinit { sqlite3_close_v2(db) }

    /// Runs one statement with `bindings` and returns its rows.
    @discardableResult
    func execute(_ sql: String, _ bindings: [SQLiteValue] = []) throws(JournalError) -> [[SQLiteValue]] {
        var statement: OpaquePointer?
        var status = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status, sql) }
        defer { sqlite3_finalize(statement) }
        for (index, value) in bindings.enumerated() {
            let i = Int32(index + 1)
            switch value {
            case .null: status = sqlite3_bind_null(statement, i)
            case .integer(let v): status = sqlite3_bind_int64(statement, i, v)
            case .real(let v): status = sqlite3_bind_double(statement, i, v)
            case .text(let v): status = sqlite3_bind_text(statement, i, v, -1, Self.transient)
            }
            guard status == SQLITE_OK else { throw failure(status, sql) }
        }
        var rows: [[SQLiteValue]] = []
        while true {
            status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw failure(status, sql) }
            rows.append(
                (0..<sqlite3_column_count(statement)).map { column in
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
                    case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
                    case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, column)))
                    default: return .null
                    }
                })
        }
        return rows
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(db)) }

    private var depth = 0

    /// Runs `body` in one IMMEDIATE transaction: committed (and fsynced) when it returns, rolled back when it throws.
    /// Nested calls become savepoints, so a helper that is atomic alone stays atomic inside a larger change.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        let savepoint = "s\(depth)"
        try execute(depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT \(savepoint)")
        depth += 1
        do {
            let result = try body()
            depth -= 1
            try execute(depth == 0 ? "COMMIT" : "RELEASE \(savepoint)")
            return result
        } catch {
            depth -= 1
            _ = try? execute(depth == 0 ? "ROLLBACK" : "ROLLBACK TO \(savepoint)")
            if depth > 0 { _ = try? execute("RELEASE \(savepoint)") }
            throw error
        }
    }

    private func failure(_ status: Int32, _ sql: String) -> JournalError {
        let message = String(cString: sqlite3_errmsg(db))
        let verb = sql.split(separator: " ").first.map(String.init) ?? sql
        return .sqlite(path: path, code: sqlite3_extended_errcode(db), message: "\(verb): \(message)")
    }

    /// SQLITE_TRANSIENT: SQLite copies the bound text before the Swift string goes away.
    private static let transient = unsafeBitCast(Int(-1), to: sqlite3_destructor_type.self)
}

/// What went wrong with the job journal.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// SQLite failed; `code` is the extended result code (`SQLITE_BUSY` = 5 family is transient).
    case sqlite(path: String, code: Int32, message: String)
    /// The journal was written by a newer msl.
    case newerSchema(path: String, version: Int, known: Int)
    /// An operator command named a job that does not exist, or one in a state the command does not apply to.
    case job(id: String, reason: String)

    public var description: String {
        switch self {
        case .sqlite(let path, let code, let message): return "\(path): SQLite error \(code): \(message)"
        case .newerSchema(let path, let version, let known):
            return "\(path): journal schema version \(version) is newer than this msl knows (\(known)); upgrade msl"
        case .job(let id, let reason): return "job \(id): \(reason)"
        }
    }

    /// Whether waiting may help (another process holds the database).
    public var isTransient: Bool {
        if case .sqlite(_, let code, _) = self { return code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED }
        return false
    }
}
