import BiduiCore
import Foundation
import Reconcile
import Testing
import TestSupport

/// The sample pipeline through every stage so far, as `make sample` runs it, against the reviewed
/// expected findings in samples/expected/: a change in findings needs a reviewed update of that set.
@Suite struct SampleFindingsTests {
    @Test func theSampleRunGivesExactlyTheExpectedFindings() throws {
        let folder = try TemporaryFolder()
        let run = folder.url.appendingPathComponent("sample").path
        let pipeline = Fixtures.repositoryRoot.appendingPathComponent("pipelines/sample.yaml").path
        let written = folder.url.appendingPathComponent("findings.jsonl")
        for stage in ["ingest", "normalize", "match"] {
            let result = try Executables.run("bidui", [stage, pipeline, "--run-dir", run, "--quiet"])
            #expect(result.status == 0, "\(stage): \(result.standardError)")
        }
        let reconcile = try Executables.run("bidui-reconcile", [pipeline, "--run-dir", run, "--quiet", "--write-findings", written.path])
        try #require(reconcile.status == 0, "\(reconcile.standardError)")
        #expect(reconcile.standardOutput.contains("unaided_eligible (应助未助)"), "the summary counts each category")
        #expect(reconcile.standardOutput.contains("by county"))

        let expected = try FindingComparison.lines(of: Fixtures.repositoryRoot.appendingPathComponent("samples/expected/discrepancies.jsonl"))
        let actual = try FindingComparison.lines(of: written)
        let comparison = FindingComparison(expected: expected, actual: actual)
        #expect(comparison.isEmpty, """
            the sample findings differ from samples/expected/discrepancies.jsonl (review the difference; if it is right, \
            `make expected` rewrites the set, and samples/expected/README.md explains what differs from samples/truth):
            \(comparison.report)
            """)
        for category in FindingCategory.allCases {
            #expect(actual.contains { $0.contains("\"category\":\"\(category.rawValue)\"") }, "the samples show \(category.rawValue)")
        }
        let log = try String(contentsOfFile: run + "/bidui.log", encoding: .utf8)
        #expect(UnmaskedIDNumbers.find(in: log + reconcile.standardError).isEmpty, "no ID number in the log")
    }

    @Test func reconcileBeforeMatchSaysWhichCommandToRunFirst() throws {
        let folder = try TemporaryFolder()
        let run = folder.url.appendingPathComponent("sample").path
        let pipeline = Fixtures.repositoryRoot.appendingPathComponent("pipelines/sample.yaml").path
        #expect(try Executables.run("bidui", ["ingest", pipeline, "--run-dir", run, "--quiet"]).status == 0)
        let result = try Executables.run("bidui", ["reconcile", pipeline, "--run-dir", run, "--quiet"])
        #expect(result.status == 4)
        #expect(result.standardError.contains("bidui match"))
    }

    @Test func theComparisonNamesMissingUnexpectedAndChangedFindings() {
        let a = #"{"schema":1,"category":"duplicate_aid","person_id":"P1","detail":"x","sources":[{"role":"aid","file":"a.xlsx","sheet":"s","row":2}]}"#
        let b = #"{"schema":1,"category":"invalid_id_number","person_id":"P2","detail":"y","sources":[{"role":"aid","file":"a.xlsx","sheet":"s","row":3}]}"#
        let bChanged = b.replacingOccurrences(of: "\"y\"", with: "\"z\"")
        let c = #"{"schema":1,"category":"invalid_id_number","person_id":"P3","detail":"y","sources":[{"role":"aid","file":"a.xlsx","sheet":"s","row":4}]}"#
        let comparison = FindingComparison(expected: [a, b], actual: [bChanged, c])
        #expect(comparison.missing == [a])
        #expect(comparison.unexpected == [c])
        #expect(comparison.changed.map(\.1) == [bChanged])
        #expect(comparison.report.hasPrefix("0 findings as expected; missing 1, unexpected 1, changed 1"))
        #expect(FindingComparison(expected: [a, b], actual: [b, a]).isEmpty, "order does not matter")
    }
}
