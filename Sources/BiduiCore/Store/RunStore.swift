import Foundation
import GRDB

/// The run directory's SQLite database: every stage's outputs and the bookkeeping of what each consumed.
public final class RunStore: Sendable {
    public static let schemaVersion = 1
    public let directory: URL
    public let database: DatabaseQueue

    public var databasePath: String { directory.appendingPathComponent("run.sqlite").path }

    /// Opens (creating if needed) `run.sqlite` in `directory`; the directory is made owner-only.
    public init(directory: URL) throws {
        self.directory = directory
        try RunDirectory.create(directory)
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // A rollback journal rather than WAL: stages write in one large transaction, and WAL would
            // write every page twice (once to the log, once at checkpoint); measured 1.6 s against 2.5 s
            // for 1,000,000 rows. A killed process leaves a hot journal that the next open rolls back.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        let path = directory.appendingPathComponent("run.sqlite").path
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            try database.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
            }
            try Self.migrator.migrate(database)
        } catch let error as DatabaseError {
            if DiskFullError.isDiskFull(error) { throw DiskFullError(path: path) }
            throw RunStoreError.io(path: path, message: "cannot open the run store: \(error.message ?? "\(error)")")
        }
        for name in ["run.sqlite", "run.sqlite-journal"] {
            chmod(directory.appendingPathComponent(name).path, 0o600)
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE stage_runs (
                    stage TEXT PRIMARY KEY, stamp TEXT NOT NULL, started_at TEXT NOT NULL,
                    finished_at TEXT NOT NULL, duration_seconds REAL NOT NULL,
                    rows_in INTEGER NOT NULL, rows_out INTEGER NOT NULL,
                    config_digest TEXT NOT NULL, upstream_stamp TEXT, program_version TEXT NOT NULL,
                    stale_reason TEXT, summary TEXT);
                CREATE TABLE stage_inputs (
                    stage TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
                    size INTEGER, sha256 TEXT, PRIMARY KEY (stage, kind, name));
                CREATE TABLE stage_attempts (
                    id INTEGER PRIMARY KEY, stage TEXT NOT NULL, started_at TEXT NOT NULL,
                    finished_at TEXT NOT NULL, outcome TEXT NOT NULL, message TEXT);
                CREATE TABLE configurations (
                    digest TEXT PRIMARY KEY, path TEXT NOT NULL, text TEXT NOT NULL, first_used_at TEXT NOT NULL);
                CREATE TABLE source_files (
                    id INTEGER PRIMARY KEY, role TEXT NOT NULL, path TEXT NOT NULL, format TEXT,
                    encoding TEXT, size INTEGER, sha256 TEXT, status TEXT NOT NULL, message TEXT);
                CREATE TABLE source_sheets (
                    id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, sheet TEXT,
                    status TEXT NOT NULL, reason TEXT, header_row INTEGER, header_rows INTEGER,
                    headers TEXT, fields TEXT,
                    rows_read INTEGER NOT NULL DEFAULT 0, accepted INTEGER NOT NULL DEFAULT 0,
                    skipped INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE raw_rows (
                    id INTEGER PRIMARY KEY, sheet_id INTEGER NOT NULL, row INTEGER NOT NULL, cells TEXT NOT NULL,
                    numeric_mask INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE row_issues (
                    id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, sheet_id INTEGER, row INTEGER,
                    column_name TEXT, outcome TEXT NOT NULL, reason TEXT NOT NULL, message TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v2: person records") { db in
            try db.execute(sql: """
                CREATE TABLE person_records (
                    id INTEGER PRIMARY KEY, raw_row_id INTEGER NOT NULL, sheet_id INTEGER NOT NULL, row INTEGER NOT NULL,
                    role TEXT NOT NULL, name_display TEXT, name_comparison TEXT, name_pinyin TEXT,
                    id_raw TEXT, id_cleaned TEXT, id_valid TEXT, id_problem TEXT,
                    birth_date TEXT, sex TEXT, county TEXT, school_code TEXT, school_name TEXT, household_id TEXT,
                    township TEXT, village TEXT, relation TEXT, guardian_id TEXT, head_id TEXT,
                    categories TEXT NOT NULL, flags TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v3: person records with a column per field, flag counts per sheet") { db in
            // Person records are derived data: the normalize stage rebuilds them, so it is marked to run again.
            try db.execute(sql: """
                DROP TABLE person_records;
                CREATE TABLE person_records (
                    id INTEGER PRIMARY KEY, sheet_id INTEGER NOT NULL, row INTEGER NOT NULL, id_valid INTEGER,
                    role TEXT NOT NULL, name TEXT, name_key TEXT, name_pinyin TEXT, name_readings TEXT,
                    id_raw TEXT, id_number TEXT, id_problem TEXT, birth_date TEXT, sex TEXT,
                    county TEXT, township TEXT, village TEXT, household_id TEXT, relation TEXT,
                    school_code TEXT, school_name TEXT, student_number TEXT, guardian_id TEXT, head_id TEXT,
                    school_year TEXT, term TEXT, programme TEXT, amount TEXT, hardship_type TEXT,
                    household_type TEXT, monitoring_category TEXT, risk_eliminated TEXT, schooling_status TEXT,
                    assistance_type TEXT, assistance_status TEXT, start_month TEXT,
                    end_month TEXT, enrollment_status TEXT, flags TEXT);
                CREATE TABLE normalize_flags (
                    sheet_id INTEGER NOT NULL, flag TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (sheet_id, flag));
                UPDATE stage_runs SET stale_reason = 'this version of bidui stores person records differently'
                    WHERE stage <> 'ingest';
                """)
        }
        migrator.registerMigration("v4: persons, links and the match model") { db in
            try db.execute(sql: """
                CREATE TABLE persons (
                    id TEXT PRIMARY KEY, name TEXT, id_number TEXT, records INTEGER NOT NULL, review INTEGER NOT NULL);
                CREATE TABLE record_persons (record_id INTEGER PRIMARY KEY, person_id TEXT NOT NULL, match_score REAL);
                CREATE INDEX record_persons_person ON record_persons (person_id);
                CREATE TABLE match_links (
                    a INTEGER NOT NULL, b INTEGER NOT NULL, weight REAL NOT NULL, band TEXT NOT NULL,
                    levels TEXT NOT NULL, evidence TEXT NOT NULL, PRIMARY KEY (a, b));
                CREATE TABLE review_pairs (
                    a INTEGER NOT NULL, b INTEGER NOT NULL, weight REAL NOT NULL, levels TEXT NOT NULL, evidence TEXT NOT NULL,
                    PRIMARY KEY (a, b));
                CREATE TABLE refused_links (
                    a INTEGER NOT NULL, b INTEGER NOT NULL, weight REAL NOT NULL, levels TEXT NOT NULL, evidence TEXT NOT NULL,
                    PRIMARY KEY (a, b));
                CREATE TABLE match_model (
                    comparison TEXT NOT NULL, level TEXT NOT NULL, m REAL NOT NULL, u REAL NOT NULL, weight REAL NOT NULL,
                    pinned INTEGER NOT NULL, PRIMARY KEY (comparison, level));
                """)
        }
        migrator.registerMigration("v5: findings") { db in
            // Links the match stage left out because their record could be either of two people.
            try db.execute(sql: """
                CREATE TABLE ambiguous_pairs (
                    a INTEGER NOT NULL, b INTEGER NOT NULL, weight REAL NOT NULL, levels TEXT NOT NULL, evidence TEXT NOT NULL,
                    PRIMARY KEY (a, b));
                UPDATE stage_runs SET stale_reason = 'this version of bidui also records ambiguous pairs' WHERE stage = 'match';
                """)
            try db.execute(sql: """
                CREATE TABLE findings (
                    seq INTEGER PRIMARY KEY, category TEXT NOT NULL, severity TEXT NOT NULL, person_id TEXT NOT NULL,
                    name TEXT, id_number TEXT, county TEXT, detail TEXT NOT NULL, evidence TEXT NOT NULL,
                    review INTEGER NOT NULL, contract TEXT NOT NULL);
                CREATE INDEX findings_person ON findings (person_id);
                CREATE TABLE finding_sources (
                    finding INTEGER NOT NULL, position INTEGER NOT NULL, record_id INTEGER NOT NULL, role TEXT NOT NULL,
                    file TEXT NOT NULL, sheet TEXT, row INTEGER NOT NULL, PRIMARY KEY (finding, position));
                CREATE TABLE reconcile_rules (
                    category TEXT PRIMARY KEY, state TEXT NOT NULL, note TEXT, findings INTEGER NOT NULL);
                """)
        }
        migrator.registerMigration("v6: case decisions") { db in
            // Officers' 核实结果, keyed by FindingKey, as the reconcile stage merged them (this term's file
            // over those carried from `previous_run`); the next term's run carries them on. A finding
            // names its decision; findings stored before this version simply have none.
            try db.execute(sql: """
                CREATE TABLE case_decisions (
                    key TEXT PRIMARY KEY, category TEXT NOT NULL, person_id TEXT NOT NULL, row TEXT,
                    outcome TEXT NOT NULL, reason TEXT, note TEXT, decided_on TEXT NOT NULL, source TEXT NOT NULL,
                    expires_on TEXT NOT NULL);
                ALTER TABLE findings ADD COLUMN decision_outcome TEXT;
                ALTER TABLE findings ADD COLUMN decision_reason TEXT;
                ALTER TABLE findings ADD COLUMN decision_note TEXT;
                ALTER TABLE findings ADD COLUMN decision_date TEXT;
                ALTER TABLE findings ADD COLUMN decision_source TEXT;
                ALTER TABLE reconcile_rules ADD COLUMN suppressed INTEGER NOT NULL DEFAULT 0;
                """)
        }
        return migrator
    }
}

/// Creating and protecting run directories.
public enum RunDirectory {
    /// Creates the directory (and parents) owner-only, or tightens an existing one.
    public static func create(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw RunStoreError.io(path: url.path, message: "cannot create the run directory: \(error.localizedDescription)")
        }
        chmod(url.path, 0o700)
    }

    /// Writes `data` to `url` through a temporary file and a rename, owner-only: readers see the old file or the new one, never half.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            _ = FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600])
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            if rename(temporary.path, url.path) != 0 {
                throw RunStoreError.io(path: url.path, message: String(cString: strerror(errno)))
            }
        } catch let error as RunStoreError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if DiskFullError.isDiskFull(error) { throw DiskFullError(path: url.path) }
            throw RunStoreError.io(path: url.path, message: "cannot write: \(error.localizedDescription)")
        }
    }
}
