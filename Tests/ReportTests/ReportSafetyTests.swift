import BiduiCore
import Foundation
import GRDB
import Ingest
@testable import Report
import Testing
import TestSupport

/// What must hold when things go wrong or get big: a failed report leaves the previous one intact
/// and no draft behind, a stale upstream is refused with the command to run, and a category longer
/// than a sheet continues on the next.
@Suite struct ReportSafetyTests {
    /// A copy of the shared sample run, to change without disturbing other tests.
    func copyOfSampleRun() throws -> (folder: TemporaryFolder, run: URL, pipeline: String) {
        let sample = try SampleRun.get()
        let folder = try TemporaryFolder()
        let run = folder.url.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        for name in ["run.sqlite", "pipeline.yaml"] {
            try FileManager.default.copyItem(at: sample.runDirectory.appendingPathComponent(name), to: run.appendingPathComponent(name))
        }
        return (folder, run, sample.pipeline)
    }

    @Test func aReportThatFailsLeavesThePreviousReportAsItWasAndNoDraft() throws {
        let (folder, run, pipeline) = try copyOfSampleRun()
        _ = folder
        let first = try ReportStage.run(try StageRunContext(stage: .report, pipeline: pipeline, runDirectory: run.path))
        var before: [String: Data] = [:]
        for name in ReportStage.fileNames { before[name] = try Data(contentsOf: first.folder.appendingPathComponent(name)) }

        // A finding the report cannot read: it fails part-way through the workbook.
        let store = try RunStore(directory: run)
        try store.database.write { try $0.execute(sql: "UPDATE findings SET category = 'no_such_category' WHERE seq = (SELECT MAX(seq) FROM findings)") }
        #expect(throws: (any Error).self) {
            try ReportStage.run(try StageRunContext(stage: .report, pipeline: pipeline, runDirectory: run.path))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: first.folder.path)
        #expect(Set(names) == Set(ReportStage.fileNames), "no draft folder is left behind")
        for name in ReportStage.fileNames {
            #expect(try Data(contentsOf: first.folder.appendingPathComponent(name)) == before[name], "\(name) is the previous report's")
        }
        let attempts = try store.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM stage_attempts WHERE stage = 'report' AND outcome = 'failed'") }
        #expect(attempts == 1, "the failed attempt is recorded")
    }

    @Test func aDraftLeftByAKilledRunIsClearedByTheNextRun() throws {
        let (folder, run, pipeline) = try copyOfSampleRun()
        _ = folder
        let leftover = run.appendingPathComponent("report/.writing-99999")
        try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: leftover.appendingPathComponent("discrepancies.xlsx"))
        _ = try ReportStage.run(try StageRunContext(stage: .report, pipeline: pipeline, runDirectory: run.path))
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
    }

    @Test func aStaleReconcileIsRefusedWithTheCommandToRunFirst() throws {
        let (folder, run, pipeline) = try copyOfSampleRun()
        _ = folder
        let store = try RunStore(directory: run)
        try store.database.write { try $0.execute(sql: "UPDATE stage_runs SET stale_reason = 'match re-ran' WHERE stage = 'reconcile'") }
        do {
            _ = try ReportStage.run(try StageRunContext(stage: .report, pipeline: pipeline, runDirectory: run.path))
            Issue.record("the report ran on stale findings")
        } catch let error as RunStoreError {
            #expect("\(error)".contains("bidui reconcile"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("report/discrepancies.xlsx").path))
    }

    @Test func aCategoryLongerThanASheetContinuesOnTheNextSheet() throws {
        let sample = try SampleRun.get()
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("split.xlsx")
        let store = try RunStore(directory: sample.runDirectory)
        try store.database.read { db in
            let workbook = try DiscrepancyWorkbook(url: url, summary: sample.report.summary, rowsPerSheet: 4)
            var findings = try WorkListFindings(db, mask: false)
            while let item = try findings.next() { try workbook.add(item) }
            try workbook.finish(db: db, mask: false)
        }
        let sheets = try SheetDump.read(url)
        let counts = Dictionary(uniqueKeysWithValues: sample.report.summary.categories.map { ($0.name, $0.findings) })
        let unaided = try #require(counts["应助未助"])
        let parts = sheets.filter { $0.name.hasPrefix("应助未助") }
        #expect(parts.map(\.name) == ["应助未助"] + (2...((unaided + 3) / 4)).map { "应助未助（\($0)）" })
        #expect(parts.allSatisfy { $0.rows[1] == WorkListColumns.sheetColumns.map(\.header) }, "each part has the header")
        let numbers = parts.flatMap { $0.rows.filter { $0.key > 1 }.sorted { $0.key < $1.key }.map { $0.value[0] } }
        #expect(numbers == (1...unaided).map(String.init), "序号 runs on across the parts")
    }

    @Test func theReportSettingsAreReadFromThePipeline() throws {
        let text = """
            reconciliation: {school_year: "2025-2026", term: 秋季学期, reference_date: 2025-10-31}
            sources: [{role: aid, paths: [a.csv]}]
            report: {csv_encoding: gb18030, mask: true, top_places: 5}
            """
        let configuration = try PipelineConfiguration.parse(text: text, fileURL: URL(fileURLWithPath: "/tmp/p.yaml"))
        #expect(configuration.report.csvEncoding == .gb18030 && configuration.report.mask && configuration.report.topPlaces == 5)
        #expect(throws: ConfigurationError.self) {
            try PipelineConfiguration.parse(text: text.replacingOccurrences(of: "gb18030", with: "latin1"), fileURL: URL(fileURLWithPath: "/tmp/p.yaml"))
        }
    }

    @Test func namesAreMaskedKeepingTheFirstAndLastCharacter() {
        #expect(PersonalDataMask.mask(name: "张三") == "张*")
        #expect(PersonalDataMask.mask(name: "欧阳子涵") == "欧**涵")
        #expect(PersonalDataMask.mask(name: "买买提·艾力") == "买**·*力")
        #expect(PersonalDataMask.mask(name: "") == "")
    }
}

@Suite struct MatchScoreTextTests {
    @Test func scoresAreWrittenWithTwoDecimalsRoundedHalfAwayFromZero() {
        #expect(ReportFiles.formatScore(8.85487669997482) == "8.85")
        #expect(ReportFiles.formatScore(12) == "12.00")
        #expect(ReportFiles.formatScore(9.999) == "10.00")
        #expect(ReportFiles.formatScore(0.05) == "0.05")
        #expect(ReportFiles.formatScore(-3.456) == "-3.46")
        #expect(ReportFiles.formatScore(-0.001) == "0.00")
    }
}
