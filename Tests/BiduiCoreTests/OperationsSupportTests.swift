import BiduiCore
import Foundation
import Logging
import Testing
import TestSupport

/// The pieces cron and officers lean on: thresholds, progress lines, and the example pipeline.
@Suite struct OperationsSupportTests {
    @Test func failOnRulesParseAndCrossAsWritten() throws {
        let rules = try FailOnRule.parse("possible_dropout>0, duplicate_aid>=10,total>100")
        #expect(rules.map(\.description) == ["possible_dropout>0", "duplicate_aid>=10", "total>100"])
        let counts: [FindingCategory: Int] = [.possibleDropout: 1, .duplicateAid: 9, .invalidIDNumber: 50]
        #expect(rules.map { $0.isCrossed(by: counts) } == [true, false, false])
        #expect(try FailOnRule.parse("疑似失学辍学>2").first?.category == .possibleDropout, "Chinese names work too")
        #expect(throws: FailOnRule.Problem.self) { try FailOnRule.parse("dropout>1") }
        #expect(throws: FailOnRule.Problem.self) { try FailOnRule.parse("possible_dropout") }
    }

    @Test func progressShowsCountRateAndTimeLeft() {
        let progress = ProgressReporter(label: "normalize: normalizing", total: 1000, logger: Logger(label: "test"),
                                        interactive: false, logInterval: 3600)
        progress.advance(by: 250)
        let line = progress.line
        #expect(line.hasPrefix("normalize: normalizing  [#####...............]   25%  250/1000 rows"), "\(line)")
        #expect(line.contains("rows/s") && line.contains("ETA"))
        let open = ProgressReporter(label: "ingest", logger: Logger(label: "test"), interactive: false)
        open.advance(by: 42)
        #expect(open.line.hasPrefix("ingest  42 rows") && !open.line.contains("ETA"), "no total, no time left")
    }

    @Test func namingACaseDecisionsFileChangesWhatReconcileUsesButNotWhatNormalizeUses() throws {
        let base = """
            reconciliation: {school_year: "2025-2026", term: 秋季学期, reference_date: 2025-10-31}
            sources: [{role: aid, paths: [a.csv]}]
            """
        let withDecisions = base.replacingOccurrences(of: "reference_date: 2025-10-31}", with: "reference_date: 2025-10-31, case_decisions: 核实.xlsx}")
        let url = URL(fileURLWithPath: "/tmp/p.yaml")
        let a = try PipelineConfiguration.parse(text: base, fileURL: url), b = try PipelineConfiguration.parse(text: withDecisions, fileURL: url)
        #expect(a.digest(ofSections: StageName.normalize.configurationSections) == b.digest(ofSections: StageName.normalize.configurationSections))
        #expect(a.digest(ofSections: StageName.reconcile.configurationSections) != b.digest(ofSections: StageName.reconcile.configurationSections))
        let later = base.replacingOccurrences(of: "2025-10-31", with: "2025-11-30")
        #expect(try PipelineConfiguration.parse(text: later, fileURL: url).digest(ofSections: StageName.normalize.configurationSections)
                != a.digest(ofSections: StageName.normalize.configurationSections), "a new reference date still re-runs normalize")
    }

    @Test func theExampleCountyPipelineIsValid() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent("pipelines/county-example.yaml")
        let configuration = try PipelineConfiguration.load(from: url)
        #expect(configuration.sources.map(\.role) == [.enrollment, .aid, .rural, .civil])
        #expect(configuration.previousRun?.lastPathComponent == "蕲春县2025春")
        #expect(configuration.report.csvEncoding == .utf8)
    }
}
