import Foundation
import GRDB
import Testing
import TestSupport
@testable import BiduiCore

/// `bidui status` over a store built by hand: each state, what a stage consumed, and reading while a
/// stage holds the lock and writes.
@Suite struct RunStatusTests {
    /// A run where ingest and normalize succeeded, ingest re-ran (normalize stale), match failed after
    /// succeeding, reconcile failed without ever succeeding, and report never ran.
    func makeRun() throws -> (TemporaryFolder, RunStore) {
        let folder = try TemporaryFolder()
        let store = try RunStore(directory: folder.url.appendingPathComponent("run"))
        try store.database.write { db in
            func run(_ stage: String, _ stamp: String, _ started: String, _ finished: String, rows: (Int, Int), stale: String? = nil) throws {
                try db.execute(sql: """
                    INSERT INTO stage_runs (stage, stamp, started_at, finished_at, duration_seconds, rows_in, rows_out,
                                            config_digest, upstream_stamp, program_version, stale_reason, summary)
                    VALUES (?, ?, ?, ?, 1.25, ?, ?, 'digest', NULL, '0.1.0', ?, NULL)
                    """, arguments: [stage, stamp, started, finished, rows.0, rows.1, stale])
            }
            try run("ingest", "aaaaaaaa-1111", "2026-11-30T06:00:00Z", "2026-11-30T06:00:01Z", rows: (608, 550))
            try run("normalize", "bbbbbbbb-2222", "2026-11-30T05:58:49Z", "2026-11-30T05:58:50Z", rows: (550, 550),
                    stale: "ingest re-ran at 2026-11-30T06:00:01Z")
            try run("match", "cccccccc-3333", "2026-11-30T05:58:50Z", "2026-11-30T05:58:53Z", rows: (550, 372))
            try db.execute(sql: """
                INSERT INTO stage_inputs (stage, kind, name, size, sha256) VALUES
                  ('ingest', 'file', 'a.csv', 1000, 'x'), ('ingest', 'file', 'b.xlsx', 1048, 'y'),
                  ('ingest', 'configuration', 'sources+columns', NULL, 'z'),
                  ('normalize', 'upstream', 'ingest', NULL, 'aaaaaaaa-0000'),
                  ('match', 'upstream', 'normalize', NULL, 'bbbbbbbb-2222'),
                  ('match', 'review_decisions', 'decisions/待人工核实.xlsx', 10, 'w');
                INSERT INTO stage_attempts (stage, started_at, finished_at, outcome, message) VALUES
                  ('ingest', '2026-11-30T05:00:00Z', '2026-11-30T05:00:01Z', 'failed', 'an older failure'),
                  ('match', '2026-11-30T06:10:00Z', '2026-11-30T06:10:02Z', 'failed', 'cannot read the key for 420102199001011234'),
                  ('reconcile', '2026-11-30T06:11:00Z', '2026-11-30T06:11:01Z', 'failed', 'the upstream is stale');
                """)
        }
        return (folder, store)
    }

    @Test func eachStageShowsItsState() throws {
        let (folder, store) = try makeRun()
        _ = folder
        let status = try RunStatus.load(directory: store.directory)
        #expect(status.stages.map(\.stage) == StageName.allCases)
        #expect(status.stages.map(\.state) == [.ok, .stale, .failed, .failed, .notRun])
        let ingest = status.stages[0]
        #expect(ingest.lastFailure == nil, "a failure before the last success is history")
        #expect(ingest.rowsIn == 608 && ingest.rowsOut == 550)
        #expect(ingest.consumed == "2 files (2.0 KiB), configuration sources+columns")
        #expect(status.stages[1].staleReason == "ingest re-ran at 2026-11-30T06:00:01Z")
        #expect(status.stages[1].consumed == "upstream ingest aaaaaaaa (since replaced)", "the recorded stamp is no longer ingest's")
        let match = status.stages[2]
        #expect(match.lastFailure?.message == "cannot read the key for 420102********1234", "ID numbers in messages are masked")
        #expect(match.consumed == "upstream normalize bbbbbbbb, review decisions decisions/待人工核实.xlsx")
        #expect(status.stages[3].finishedAt == nil && status.stages[3].lastFailure?.message == "the upstream is stale")
        #expect(status.reportFiles == nil)

        let table = status.table
        #expect(table.contains("ingest     ok"))
        #expect(table.contains("stale: ingest re-ran at 2026-11-30T06:00:01Z"))
        #expect(table.contains("failed last attempt: cannot read the key for 420102********1234"))
        #expect(table.contains("608 → 550"))
        #expect(table.contains("report     not run"))
        #expect(table.contains("the results of 2026-11-30T05:58:53Z are still in place"))
        #expect(table.contains("report/: not written yet"))
        #expect(!table.contains("420102199001011234"))
    }

    @Test func theJSONCarriesTheSameForScripts() throws {
        let (folder, store) = try makeRun()
        _ = folder
        let json = try RunStatus.load(directory: store.directory).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let stages = try #require(object["stages"] as? [[String: Any]])
        #expect(stages.map { $0["state"] as? String } == ["ok", "stale", "failed", "failed", "not_run"])
        #expect(stages[0]["rows_out"] as? Int == 550)
        #expect((stages[2]["last_failure"] as? [String: Any])?["started_at"] as? String == "2026-11-30T06:10:00Z")
        #expect((stages[0]["inputs"] as? [[String: Any]])?.count == 3)
    }

    @Test func aFreshStoreHasEveryStageNotRunAndTheReportFilesAreListed() throws {
        let folder = try TemporaryFolder()
        let store = try RunStore(directory: folder.url)
        try folder.write("{}", to: "report/summary.json")
        try folder.write("half", to: "report/.writing-123/links.csv")
        let status = try RunStatus.load(directory: store.directory)
        #expect(status.stages.allSatisfy { $0.state == .notRun })
        #expect(status.reportFiles?.map(\.name) == ["summary.json"], "work folders are left out")
        #expect(status.table.contains("summary.json"))
    }

    @Test func anOlderStoreWithoutTheBookkeepingTablesIsNotRun() throws {
        let folder = try TemporaryFolder()
        let queue = try DatabaseQueue(path: folder.url.appendingPathComponent("run.sqlite").path)
        try queue.write { try $0.execute(sql: "CREATE TABLE raw_rows (id INTEGER PRIMARY KEY)") }
        let status = try RunStatus.load(directory: folder.url)
        #expect(status.stages.allSatisfy { $0.state == .notRun })
    }

    @Test func aMissingRunDirectoryOrStoreIsAClearError() throws {
        let folder = try TemporaryFolder()
        let missing = folder.url.appendingPathComponent("nowhere")
        let noDirectory = #expect(throws: RunStoreError.self) { try RunStatus.load(directory: missing) }
        #expect(noDirectory.map { "\($0)".contains(missing.path) && "\($0)".contains("no such run directory") } == true)
        let noStore = #expect(throws: RunStoreError.self) { try RunStatus.load(directory: folder.url) }
        #expect(noStore.map { "\($0)".contains("no run.sqlite") } == true)
    }

    @Test func statusReadsWhileAStageHoldsTheLockAndWrites() throws {
        let (folder, store) = try makeRun()
        _ = folder
        let lock = try RunLock(directory: store.directory)
        defer { withExtendedLifetime(lock) {} }
        try store.database.inTransaction { db in
            try db.execute(sql: "UPDATE stage_runs SET stale_reason = 'uncommitted' WHERE stage = 'ingest'")
            let status = try RunStatus.load(directory: store.directory)
            #expect(status.stages[0].state == .ok, "a reader sees the last committed state")
            #expect(status.runningProcess == getpid(), "run.lock names this process")
            return .rollback
        }
    }

    @Test func aStoreLockedForCommitIsReportedBusyAfterAShortWait() throws {
        let (folder, store) = try makeRun()
        _ = folder
        try store.database.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            defer { try? db.execute(sql: "ROLLBACK") }
            #expect(throws: ReadOnlyRunStore.Busy.self) { try RunStatus.load(directory: store.directory, busyTimeout: 0.2) }
        }
    }

    @Test func durationsReadAsPeopleSayThem() {
        #expect(RunStatus.duration(0.175) == "0.2 s")
        #expect(RunStatus.duration(75) == "1 min 15 s")
        #expect(RunStatus.duration(7300) == "2 h 1 min")
        #expect(ByteCount.text(950) == "950 B")
        #expect(ByteCount.text(5 * 1024 * 1024) == "5.0 MiB")
    }
}
