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

        // The report stage, as `make sample` runs it last: the contract in report/ is the same set.
        let report = try Executables.run("bidui-report", [pipeline, "--run-dir", run, "--quiet"])
        try #require(report.status == 0, "\(report.standardError)")
        #expect(report.standardOutput.contains("discrepancies.xlsx"))
        let reported = try FindingComparison.lines(of: URL(fileURLWithPath: run + "/report/discrepancies.jsonl"))
        #expect(reported == actual, "report/discrepancies.jsonl holds exactly the stored findings, in order")

        let log = try String(contentsOfFile: run + "/bidui.log", encoding: .utf8)
        #expect(UnmaskedIDNumbers.find(in: log + reconcile.standardError + report.standardError).isEmpty, "no ID number in the log")
    }

    /// The page an officer opens, rendered by a real browser: headless Chromium (Debian `chromium`)
    /// loads it from disk, prints it to A4 and takes a screenshot, without errors.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "Chromium is not installed (apt-get install chromium)"))
    func theSummaryPageRendersInChromiumAndPrintsOnA4() throws {
        let folder = try TemporaryFolder()
        let run = folder.url.appendingPathComponent("sample").path
        let pipeline = Fixtures.repositoryRoot.appendingPathComponent("pipelines/sample.yaml").path
        for stage in ["ingest", "normalize", "match", "reconcile", "report"] {
            let result = try Executables.run("bidui", [stage, pipeline, "--run-dir", run, "--quiet"])
            try #require(result.status == 0, "\(stage): \(result.standardError)")
        }
        let page = URL(fileURLWithPath: run + "/report/summary.html")
        let png = folder.url.appendingPathComponent("summary.png"), pdf = folder.url.appendingPathComponent("summary.pdf")
        let common = ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=" + folder.url.appendingPathComponent("chromium").path]
        let shot = try Executables.runExternal("/usr/bin/chromium", common + ["--window-size=1240,1754", "--screenshot=" + png.path, page.absoluteString], timeout: 120)
        #expect(shot.status == 0, "chromium: \(shot.standardError)")
        #expect(((try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0) > 10_000, "a screenshot with content")
        let print = try Executables.runExternal("/usr/bin/chromium", common + ["--no-pdf-header-footer", "--print-to-pdf=" + pdf.path, page.absoluteString], timeout: 120)
        #expect(print.status == 0, "chromium: \(print.standardError)")
        let pdfData = try Data(contentsOf: pdf)
        #expect(pdfData.starts(with: Data("%PDF".utf8)))
        // A4 is 595.3 × 841.9 points (Chromium writes e.g. /MediaBox [0 0 594.95996 841.91998]).
        let text = String(decoding: pdfData, as: UTF8.self)
        let box = try #require(text.range(of: #"/MediaBox \[0 0 [0-9.]+ [0-9.]+\]"#, options: .regularExpression).map { text[$0] })
        let size = box.dropFirst("/MediaBox [0 0 ".count).dropLast().split(separator: " ").compactMap { Double($0) }
        #expect(size.count == 2 && abs(size[0] - 595.3) < 2 && abs(size[1] - 841.9) < 2, "printed on A4: \(box)")
        #expect(!shot.standardError.contains("ERR_FILE_NOT_FOUND") && !shot.standardError.contains("net::"), "the page loads nothing from elsewhere")
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
