import BiduiCore
import Foundation
import Ingest
import Match
import Normalize
import Reconcile
@testable import Report
import TestSupport

/// The sample pipeline run once through reconcile (as `make sample` does), shared by the report
/// tests; each test writes its report into a folder of its own.
final class SampleRun: Sendable {
    let folder: TemporaryFolder
    let runDirectory: URL
    let pipeline: String

    /// The run's own report (report/), a masked copy, and one with the CSV in GB18030.
    let report: ReportStage.Report
    let masked: ReportStage.Report
    let gb18030: ReportStage.Report

    static let shared: Result<SampleRun, any Error> = Result { try SampleRun() }

    static func get() throws -> SampleRun { try shared.get() }

    private init() throws {
        folder = try TemporaryFolder()
        runDirectory = folder.url.appendingPathComponent("sample")
        pipeline = Fixtures.repositoryRoot.appendingPathComponent("pipelines/sample.yaml").path
        let (pipeline, runDirectory) = (pipeline, runDirectory)
        func context(_ stage: StageName) throws -> StageRunContext {
            try StageRunContext(stage: stage, pipeline: pipeline, runDirectory: runDirectory.path)
        }
        _ = try IngestStage.run(context(.ingest))
        _ = try NormalizeStage.run(context(.normalize))
        _ = try MatchStage.run(context(.match))
        _ = try ReconcileStage.run(context(.reconcile))
        report = try ReportStage.run(context(.report))
        masked = try ReportStage.run(context(.report), options: .init(mask: true, outputFolder: folder.url.appendingPathComponent("masked")))
        gb18030 = try ReportStage.run(context(.report), options: .init(csvEncoding: .gb18030, outputFolder: folder.url.appendingPathComponent("gb18030")))
    }

    /// The findings as reconcile stored them, in the machine contract's form.
    func contractLines() throws -> [String] {
        try ReconcileStage.contractLines(RunStore(directory: runDirectory))
    }
}

extension ReportStage.Report {
    func file(_ name: String) -> URL { folder.appendingPathComponent(name) }
}

extension URL {
    func lines() throws -> [String] {
        try String(contentsOf: self, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }
}
