import Foundation
import GRDB
import Testing
import TestSupport
@testable import BiduiCore

/// `bidui purge`'s rules on small hand-made run directories: which runs are due (age from the
/// store, else the file time; retention from --older-than, the run's pipeline.yaml, else the
/// default), what is never touched (not a run, a symbolic link, foreign files, a run in use), and
/// that a deletion leaves nothing behind and never follows a link out.
@Suite struct RunPurgeTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30

    /// A run directory as the stages leave it, whose last stage finished `daysAgo` days before `now`.
    @discardableResult
    func makeRun(_ root: URL, _ name: String, daysAgo: Int, pipeline: String? = nil) throws -> URL {
        let directory = root.appendingPathComponent(name)
        let store = try RunStore(directory: directory)
        let finished = Timestamp.string(Self.now.addingTimeInterval(-Double(daysAgo) * 86_400 - 60))
        try store.database.write { db in
            try StageRun(stage: "ingest", stamp: "s", startedAt: finished, finishedAt: finished, durationSeconds: 1, rowsIn: 1, rowsOut: 1,
                         configDigest: "c", upstreamStamp: nil, programVersion: BiduiVersion.current, staleReason: nil, summary: nil).insert(db)
        }
        try Data((pipeline ?? "pipeline: x\n").utf8).write(to: directory.appendingPathComponent("pipeline.yaml"))
        try Data("2026-01-01T00:00:00Z INFO [bidui.ingest] ingest: 3 rows\n".utf8).write(to: directory.appendingPathComponent("bidui.log"))
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("report"), withIntermediateDirectories: true)
        try Data("姓名,身份证号\n".utf8).write(to: directory.appendingPathComponent("report/discrepancies.csv"))
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".report.writing-123"), withIntermediateDirectories: true)
        try Data("draft".utf8).write(to: directory.appendingPathComponent(".report.writing-123/summary.json"))
        // An empty journal, as SQLite leaves one between transactions on some systems.
        try Data().write(to: directory.appendingPathComponent("run.sqlite-journal"))
        return directory
    }

    func exists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }

    func action(_ result: RunPurge.Result, _ name: String) -> RunPurge.Action? {
        result.entries.first { $0.path.hasSuffix("/" + name) }?.action
    }

    @Test func runsPastTheirRetentionAreDeletedCompletelyAndTheOthersKept() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("runs")
        let old = try makeRun(root, "2022-autumn", daysAgo: 1200)
        let recent = try makeRun(root, "2025-autumn", daysAgo: 30)
        let longKept = try makeRun(root, "2022-spring", daysAgo: 1200, pipeline: "pipeline: x\nretention:\n  keep_days: 3650\n")
        let shortKept = try makeRun(root, "2025-spring", daysAgo: 40, pipeline: "pipeline: x\nretention: {keep_days: 30}\n")

        let dry = try RunPurge.purge([root], options: .init(dryRun: true, now: Self.now))
        #expect(action(dry, "2022-autumn") == .wouldDelete)
        #expect(action(dry, "2025-spring") == .wouldDelete, "its own pipeline.yaml keeps it 30 days")
        #expect(action(dry, "2025-autumn") == .kept && action(dry, "2022-spring") == .kept)
        #expect(dry.exitCode == .success)
        #expect(exists(old) && exists(shortKept), "a dry run deletes nothing")
        #expect(dry.table.contains("would delete") && dry.table.contains("3650 (pipeline.yaml)") && dry.table.contains("1095 (default)"))

        let result = try RunPurge.purge([root], options: .init(now: Self.now))
        #expect(result.exitCode == .success)
        #expect(action(result, "2022-autumn") == .deleted && action(result, "2025-spring") == .deleted)
        #expect(!exists(old) && !exists(shortKept), "the database, its journal, the log, the reports and the drafts are all gone")
        #expect(exists(recent) && exists(longKept))
        #expect(exists(recent.appendingPathComponent("run.sqlite")) && exists(recent.appendingPathComponent("report/discrepancies.csv")))

        // --older-than overrides every run's own retention.
        let all = try RunPurge.purge([root], options: .init(olderThanDays: 0, now: Self.now))
        #expect(all.exitCode == .success && !exists(recent) && !exists(longKept))
        #expect(exists(root), "the folder of runs itself stays")
    }

    @Test func oneRunDirectoryCanBeNamedItself() throws {
        let folder = try TemporaryFolder()
        let run = try makeRun(folder.url, "run", daysAgo: 2000)
        let result = try RunPurge.purge([run], options: .init(now: Self.now))
        #expect(result.entries.count == 1 && result.entries[0].action == .deleted)
        #expect(!exists(run))
    }

    @Test func whatIsNotABiduiRunIsNeverTouched() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("runs")
        try folder.write("notes", to: "runs/notes/readme.txt")
        try folder.write("not a database", to: "runs/fake/run.sqlite")
        try folder.write("", to: "runs/other.sqlite")
        // A store without bidui's tables.
        let foreign = try DatabaseQueue(path: root.appendingPathComponent("sqlite-app").path + "/run.sqlite", configuration: {
            try? FileManager.default.createDirectory(at: root.appendingPathComponent("sqlite-app"), withIntermediateDirectories: true)
            return Configuration()
        }())
        try foreign.write { try $0.execute(sql: "CREATE TABLE t (x)") }
        // A run outside the root, linked from inside it: the link is not followed.
        let outside = try makeRun(folder.url, "outside", daysAgo: 2000)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("linked"), withDestinationURL: outside)
        // A due run holding a file bidui does not write.
        let mixed = try makeRun(root, "mixed", daysAgo: 2000)
        try folder.write("mine", to: "runs/mixed/核实结果.xlsx")

        let result = try RunPurge.purge([root], options: .init(olderThanDays: 0, now: Self.now))
        for name in ["notes", "fake", "sqlite-app", "linked"] {
            guard case .notARun? = action(result, name) else {
                Issue.record("\(name): \(String(describing: action(result, name)))")
                continue
            }
        }
        guard case .failed(let why)? = action(result, "mixed") else {
            Issue.record("a run with foreign files is not deleted: \(String(describing: action(result, "mixed")))")
            return
        }
        #expect(why.contains("核实结果.xlsx"))
        #expect(result.exitCode == .failure)
        #expect(exists(root.appendingPathComponent("notes/readme.txt")) && exists(root.appendingPathComponent("fake/run.sqlite")))
        #expect(exists(root.appendingPathComponent("sqlite-app/run.sqlite")) && exists(root.appendingPathComponent("other.sqlite")))
        #expect(exists(outside.appendingPathComponent("run.sqlite")) && exists(root.appendingPathComponent("linked")))
        #expect(exists(mixed.appendingPathComponent("run.sqlite")))

        // A run directory named through a link is refused too.
        let named = try RunPurge.purge([root.appendingPathComponent("linked")], options: .init(olderThanDays: 0, now: Self.now))
        guard case .notARun? = named.entries.first?.action else {
            Issue.record("\(named.entries)")
            return
        }
        #expect(exists(outside.appendingPathComponent("run.sqlite")))
        #expect(throws: RunPurge.UsageError.self) { try RunPurge.purge([folder.url.appendingPathComponent("missing")], options: .init()) }
    }

    @Test func aLinkInsideARunIsRemovedAsALinkAndItsTargetKept() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("runs")
        let run = try makeRun(root, "old", daysAgo: 2000)
        let precious = try folder.write("keep me", to: "precious/data.csv")
        try FileManager.default.createSymbolicLink(at: run.appendingPathComponent("report/linked-folder"),
                                                   withDestinationURL: precious.deletingLastPathComponent())
        try FileManager.default.createSymbolicLink(at: run.appendingPathComponent("report/linked-file"), withDestinationURL: precious)
        let result = try RunPurge.purge([root], options: .init(now: Self.now))
        #expect(action(result, "old") == .deleted)
        #expect(!exists(run))
        #expect(try String(contentsOf: precious, encoding: .utf8) == "keep me")
    }

    @Test func aRunInUseIsSkippedAndPurgedOnceFree() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("runs")
        let run = try makeRun(root, "busy", daysAgo: 2000)
        var lock: RunLock? = try RunLock(directory: run)
        let dry = try RunPurge.purge([root], options: .init(dryRun: true, now: Self.now))
        let busy = try RunPurge.purge([root], options: .init(now: Self.now))
        guard case .inUse(let holder)? = action(busy, "busy"), case .inUse? = action(dry, "busy") else {
            Issue.record("\(busy.entries) \(dry.entries)")
            return
        }
        #expect(holder == "\(getpid())")
        #expect(busy.exitCode == .locked && exists(run.appendingPathComponent("run.sqlite")))
        _ = lock
        lock = nil
        let free = try RunPurge.purge([root], options: .init(now: Self.now))
        #expect(action(free, "busy") == .deleted && free.exitCode == .success && !exists(run))
    }

    @Test func aStoreWithoutStageRunsIsAgedByItsFileTime() throws {
        let folder = try TemporaryFolder()
        let run = folder.url.appendingPathComponent("runs/empty")
        _ = try RunStore(directory: run)
        let store = run.appendingPathComponent("run.sqlite")
        try FileManager.default.setAttributes([.modificationDate: Self.now.addingTimeInterval(-400 * 86_400)], ofItemAtPath: store.path)
        let result = try RunPurge.purge([folder.url.appendingPathComponent("runs")], options: .init(olderThanDays: 365, dryRun: true, now: Self.now))
        #expect(result.entries.first?.ageSource == "mtime" && result.entries.first?.ageDays == 400)
        #expect(result.entries.first?.action == .wouldDelete)
        #expect(result.table.contains("(file time)"))
    }

    @Test func theRetentionSettingIsCheckedAndStaysOutOfEveryStagesDigest() throws {
        let base = Fixtures.pipeline("  - role: civil\n    paths: [a.csv]\n")
        let url = URL(fileURLWithPath: "/tmp/p.yaml")
        let plain = try PipelineConfiguration.parse(text: base, fileURL: url)
        #expect(plain.retention.keepDays == RetentionSettings.defaultKeepDays)
        let kept = try PipelineConfiguration.parse(text: base + "retention:\n  keep_days: 730\n", fileURL: url)
        #expect(kept.retention.keepDays == 730)
        for stage in StageName.allCases {
            #expect(kept.digest(ofSections: stage.configurationSections) == plain.digest(ofSections: stage.configurationSections),
                    "a retention change leaves \(stage.rawValue) fresh")
        }
        #expect(throws: ConfigurationError.self) { try PipelineConfiguration.parse(text: base + "retention:\n  keep_days: 0\n", fileURL: url) }
        #expect(throws: ConfigurationError.self) { try PipelineConfiguration.parse(text: base + "retention:\n  keep_years: 3\n", fileURL: url) }
        #expect(RetentionSettings.stored(inConfigurationText: base + "retention: {keep_days: 10}\n", file: "p")?.keepDays == 10)
        #expect(RetentionSettings.stored(inConfigurationText: "sources: [broken\n", file: "p") == nil)
    }
}
