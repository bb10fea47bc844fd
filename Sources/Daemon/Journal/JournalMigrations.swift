/// The journal's schema, as an append-only list: migration n takes `PRAGMA user_version` from n to n + 1 in one
/// transaction. A shipped migration is never edited (GRDB's rule); its SQL names tables and columns literally.
enum JournalMigrations {
    static let all: [String] = [
        // 1: jobs with their seven states, the files and series they hold, an audit trail, exports.
        """
        CREATE TABLE jobs (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            group_key TEXT NOT NULL,
            drop_root TEXT,
            state TEXT NOT NULL CHECK (state IN
                ('received', 'complete', 'queued', 'running', 'succeeded', 'failed', 'quarantined')),
            generation INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            not_before REAL NOT NULL DEFAULT 0,
            first_file_at REAL NOT NULL,
            last_file_at REAL NOT NULL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            reason TEXT,
            message TEXT,
            output TEXT,
            memory_mib INTEGER NOT NULL DEFAULT 0,
            inputs TEXT NOT NULL DEFAULT 'inbox' CHECK (inputs IN ('inbox', 'archived', 'removed', 'quarantined'))
        );
        CREATE INDEX jobs_state ON jobs (state);
        CREATE INDEX jobs_group ON jobs (group_key);
        CREATE TABLE files (
            path TEXT PRIMARY KEY,
            inbox TEXT NOT NULL,
            relative_path TEXT NOT NULL,
            job_id TEXT NOT NULL REFERENCES jobs (id),
            size INTEGER NOT NULL,
            mtime REAL NOT NULL,
            sop_instance_uid TEXT NOT NULL,
            series_key TEXT NOT NULL,
            modality TEXT NOT NULL,
            instance_number INTEGER,
            frames INTEGER NOT NULL DEFAULT 1,
            position_mm REAL,
            received_at REAL NOT NULL
        );
        CREATE INDEX files_job ON files (job_id);
        CREATE TABLE series (
            job_id TEXT NOT NULL REFERENCES jobs (id),
            key TEXT NOT NULL,
            modality TEXT NOT NULL,
            files INTEGER NOT NULL,
            last_file_at REAL NOT NULL,
            complete_at REAL,
            PRIMARY KEY (job_id, key)
        );
        CREATE TABLE transitions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            job_id TEXT NOT NULL REFERENCES jobs (id),
            from_state TEXT,
            to_state TEXT NOT NULL,
            at REAL NOT NULL,
            note TEXT
        );
        CREATE TABLE exports (
            job_id TEXT NOT NULL REFERENCES jobs (id),
            destination TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            not_before REAL NOT NULL DEFAULT 0,
            updated_at REAL NOT NULL,
            message TEXT,
            PRIMARY KEY (job_id, destination)
        );
        """
    ]
}
