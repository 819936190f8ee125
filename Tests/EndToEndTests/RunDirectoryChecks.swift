import BiduiCore
import Foundation
import GRDB
import Report
import Testing
import TestSupport

/// One uninterrupted run of the sample pipeline: the results every interrupted or failed run must
/// end with once re-run, and the good state each scenario copies to start from.
final class GoodSampleRun: Sendable {
    static let pipeline = Fixtures.repositoryRoot.appendingPathComponent("pipelines/sample.yaml").path
    static let shared = Result { try GoodSampleRun() }

    let folder: TemporaryFolder
    let run: URL
    let contract: Data
    let links: Data
    /// How long `bidui run` took, to aim random kills within it.
    let seconds: TimeInterval

    private init() throws {
        folder = try TemporaryFolder()
        run = folder.url.appendingPathComponent("run")
        let started = Date()
        let result = try Executables.run("bidui", ["run", Self.pipeline, "--run-dir", run.path, "--quiet"])
        seconds = Date().timeIntervalSince(started)
        guard result.status == 0 else { throw RunDirectoryChecks.Failure("the uninterrupted run failed: \(result.standardError)") }
        contract = try Data(contentsOf: run.appendingPathComponent("report/discrepancies.jsonl"))
        links = try Data(contentsOf: run.appendingPathComponent("report/links.csv"))
    }

    /// A copy of the good run in a folder of its own.
    func copy(into folder: TemporaryFolder) throws -> URL {
        let copy = folder.url.appendingPathComponent("run")
        try FileManager.default.copyItem(at: run, to: copy)
        return copy
    }
}

/// What the interruption and full-disk tests look at in a run directory.
enum RunDirectoryChecks {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Each stage's stamp and stale reason, the row count of every table but the attempts log, and report/'s files.
    struct Snapshot: Equatable {
        var stages: [String: String]
        var tableRows: [String: Int]
        var report: [String: Data]?

        static func == (a: Snapshot, b: Snapshot) -> Bool {
            a.stages == b.stages && a.tableRows == b.tableRows && a.report == b.report
        }
    }

    /// Opens the store as the next stage would (rolling back what a killed one left in its journal),
    /// and reads the snapshot.
    static func snapshot(_ run: URL) throws -> Snapshot {
        let queue = try DatabaseQueue(path: run.appendingPathComponent("run.sqlite").path)
        let (stages, tables) = try queue.read { db in
            var stages: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT stage, stamp, stale_reason FROM stage_runs") {
                stages[row[0]] = "\(row[1] as String) \(row[2] as String? ?? "fresh")"
            }
            var tables: [String: Int] = [:]
            for name in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'stage_attempts'") {
                tables[name] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(name)\"")
            }
            return (stages, tables)
        }
        return Snapshot(stages: stages, tableRows: tables, report: try reportFiles(run))
    }

    /// `PRAGMA integrity_check`'s answer ("ok" when the store is sound).
    static func integrity(_ run: URL) throws -> String {
        let queue = try DatabaseQueue(path: run.appendingPathComponent("run.sqlite").path)
        return try queue.read { try String.fetchAll($0, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    /// report/'s files by name (hidden ones too), nil when there is no report folder.
    static func reportFiles(_ run: URL) throws -> [String: Data]? {
        let folder = run.appendingPathComponent("report")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
        var files: [String: Data] = [:]
        for name in names {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
            files[name] = isDirectory.boolValue ? Data("<folder>".utf8) : try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    /// Drafts a report left in the run directory (or in report/, as earlier versions drafted).
    static func drafts(_ run: URL) -> [String] {
        let inRun = (try? FileManager.default.contentsOfDirectory(atPath: run.path)) ?? []
        let inReport = (try? FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("report").path)) ?? []
        return inRun.filter { $0.contains(".writing-") } + inReport.filter { $0.hasPrefix(".") }.map { "report/\($0)" }
    }

    /// A complete report: every file, nothing hidden, and the machine contract equal to the good run's.
    static func expectCompleteReport(_ files: [String: Data]?, good: GoodSampleRun, _ context: String,
                                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(files.map { Set($0.keys) } == Set(GoodSampleRun.reportNames), "\(context): report/ holds the report's files only", sourceLocation: sourceLocation)
        #expect(files?["discrepancies.jsonl"] == good.contract, "\(context): discrepancies.jsonl as an uninterrupted run's", sourceLocation: sourceLocation)
        #expect(files?["links.csv"] == good.links, "\(context): links.csv as an uninterrupted run's", sourceLocation: sourceLocation)
    }

    /// `bidui run` (from `stage`, or skipping what is unchanged) after a failure: it is not refused,
    /// clears what the failed run left, and ends with the good run's findings and links, a sound store
    /// and every stage fresh.
    static func expectReRunCompletes(_ run: URL, from stage: StageName?, good: GoodSampleRun, _ context: String,
                                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let arguments = ["run", GoodSampleRun.pipeline, "--run-dir", run.path, "--quiet"] + (stage.map { ["--from", $0.rawValue] } ?? [])
        let again = try Executables.run("bidui", arguments)
        #expect(again.status == 0, "\(context): the re-run completes (not refused by a lock, nor by the store): \(again.standardError)",
                sourceLocation: sourceLocation)
        #expect(drafts(run).isEmpty, "\(context): the re-run cleared the drafts: \(drafts(run))", sourceLocation: sourceLocation)
        expectCompleteReport(try reportFiles(run), good: good, "\(context), re-run", sourceLocation: sourceLocation)
        #expect(try integrity(run) == "ok", sourceLocation: sourceLocation)
        let stages = try snapshot(run).stages
        #expect(stages.count == 5 && stages.values.allSatisfy { $0.hasSuffix(" fresh") }, "\(context): \(stages)", sourceLocation: sourceLocation)
    }
}

extension GoodSampleRun {
    static let reportNames = ReportStage.fileNames
}
