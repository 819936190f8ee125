import BiduiCore
import Foundation
import Testing
import TestSupport

@testable import Report

/// A summary like a small county run's: every category, one rule skipped, two counties, a
/// workbook with a skipped sheet, and user text that tries to inject markup.
private func sampleSummary() -> ReportSummary {
    typealias S = ReportSummary
    let counts: [FindingCategory: Int] = [
        .unaidedEligible: 0, .aidEligibilityUnverified: 17, .duplicateAid: 42, .possibleDropout: 6,
        .enrollmentStatusMismatch: 9, .identityConflict: 23, .invalidIDNumber: 11,
    ]
    let categories = FindingCategory.allCases.map { c in
        S.CategoryCount(
            code: c.rawValue, name: c.chineseName, severity: c.severity,
            state: c == .unaidedEligible ? "skipped" : "applied",
            note: c == .unaidedEligible ? "没有民政数据源（civil），无法判断应助对象" : nil,
            findings: counts[c] ?? 0, reviewFindings: c == .duplicateAid ? 3 : 0)
    }
    let counties = [
        S.CountyCount(county: "洪山区", findings: ["duplicate_aid": 30, "identity_conflict": 15, "invalid_id_number": 5, "possible_dropout": 4], total: 54),
        S.CountyCount(county: "江夏区", findings: ["duplicate_aid": 12, "aid_eligibility_unverified": 17, "identity_conflict": 8, "enrollment_status_mismatch": 9, "possible_dropout": 2, "invalid_id_number": 6], total: 54),
        S.CountyCount(county: "未知", findings: [:], total: 0),
    ]
    let files = [
        S.FileAccounting(
            role: "enrollment", path: "data/学籍<2025>.xlsx", format: "xlsx", encoding: nil, status: "read", message: nil,
            sheets: [
                S.SheetAccounting(sheet: "小学", status: "read", reason: nil, rowsRead: 1200, accepted: 1195, skipped: 3, rejected: 2),
                S.SheetAccounting(sheet: "说明", status: "skipped", reason: "没有表头", rowsRead: 0, accepted: 0, skipped: 0, rejected: 0),
            ],
            rowsRead: 1200, accepted: 1195, skipped: 3, rejected: 2),
        S.FileAccounting(
            role: "aid", path: "data/资助.csv", format: "csv", encoding: "gb18030", status: "read", message: nil,
            sheets: [S.SheetAccounting(sheet: nil, status: "read", reason: nil, rowsRead: 800, accepted: 800, skipped: 0, rejected: 0)],
            rowsRead: 800, accepted: 800, skipped: 0, rejected: 0),
        S.FileAccounting(
            role: "rural", path: "data/乡村振兴.xls", format: nil, encoding: nil, status: "failed", message: "文件已加密，无法读取",
            sheets: [], rowsRead: 0, accepted: 0, skipped: 0, rejected: 0),
    ]
    return ReportSummary(
        pipeline: "武汉市<script>alert(1)</script>", generatedAt: "2025-11-03T08:15:00Z",
        versions: .init(bidui: "0.8.0", sqlite: "3.46.1", contractSchema: 1), masked: true,
        term: .init(schoolYear: "2025-2026", term: "秋季学期", referenceDate: "2025-10-31"),
        totals: .init(
            findings: 108, reviewFindings: 3, persons: 1734, records: 1995, rowsRead: 2000, rowsAccepted: 1995,
            rowsSkipped: 3, rowsRejected: 2, filesFailed: 1),
        categories: categories, counties: counties, files: files,
        qualityFlags: [
            .init(file: "data/资助.csv", sheet: nil, flag: "id:numeric_cell", label: "证件号码存为数字", rows: 37),
            .init(file: "data/学籍<2025>.xlsx", sheet: "小学", flag: "name:traditional", label: "姓名含繁体字", rows: 4),
        ],
        topSchools: [
            .init(name: "洪山区第一小学", county: "洪山区", findings: 21), .init(name: "江夏区实验中学", county: "江夏区", findings: 9),
        ],
        topVillages: [.init(name: "青山村", county: "江夏区", findings: 7), .init(name: "白沙村", county: nil, findings: 2)],
        stages: [
            .init(stage: "ingest", startedAt: "2025-11-03T08:10:00Z", finishedAt: "2025-11-03T08:10:04Z", seconds: 4.256,
                  rowsIn: 2000, rowsOut: 1995, programVersion: "0.8.0", staleReason: nil),
            .init(stage: "reconcile", startedAt: "2025-11-03T08:14:00Z", finishedAt: "2025-11-03T08:14:01Z", seconds: 1,
                  rowsIn: 1995, rowsOut: 108, programVersion: "0.8.0", staleReason: "配置已更改"),
        ],
        review: .init(reviewBandPairs: 14, ambiguousPairs: 5, refusedPairs: 2),
        examples: [
            .init(category: "duplicate_aid", name: "张*", idNumber: "420102********1234", county: "洪山区", school: "洪山区第一小学",
                  detail: "同一学期两条 \"国家助学金\" 记录 <b>", review: true),
            .init(category: "invalid_id_number", name: "李*明", idNumber: "4201021990", county: "江夏区", school: nil,
                  detail: "校验位错误 & 长度不足", review: false),
        ],
        outputs: ["discrepancies.xlsx", "discrepancies.csv", "discrepancies.jsonl", "links.csv", "summary.json", "summary.html"],
        configurationDigest: "sha256:9f2c41d0")
}

/// The same run with nothing found and no county: the page must still render.
private func emptySummary() -> ReportSummary {
    var summary = sampleSummary()
    summary.categories = summary.categories.map { var c = $0; c.findings = 0; c.reviewFindings = 0; return c }
    summary.counties = []
    summary.topSchools = []
    summary.topVillages = []
    summary.examples = []
    summary.qualityFlags = []
    summary.files = []
    summary.stages = []
    summary.totals = .init(findings: 0, reviewFindings: 0, persons: 0, records: 0, rowsRead: 0, rowsAccepted: 0, rowsSkipped: 0, rowsRejected: 0, filesFailed: 0)
    return summary
}

private let sampleConfiguration = """
    reconciliation:
      school_year: "2025-2026"
      term: 秋季学期
    # 测试人员 420102199001011234 <script>alert('x')</script>
    """

@Suite struct SummaryPageTests {
    let page = SummaryPage.html(sampleSummary(), configurationText: sampleConfiguration)

    @Test func namesEveryCategoryWithItsCounts() {
        for category in FindingCategory.allCases { #expect(page.contains(category.chineseName), "\(category)") }
        for count in ["<td class=\"num\">42</td>", "<td class=\"num\">23</td>", "<td class=\"num\">108</td>", "1,734", "1,995"] {
            #expect(page.contains(count), "\(count)")
        }
        // Category × county totals: 洪山区 row ends with 54, the column of 重复资助 sums to 42.
        #expect(page.contains("<td class=\"num\">54</td>"))
        #expect(page.contains("教育资助数据比对报告"))
        #expect(page.contains("本报告已脱敏"))
    }

    @Test func showsASkippedRuleAndWhy() {
        #expect(page.contains("未执行"))
        #expect(page.contains("没有民政数据源（civil），无法判断应助对象"))
        #expect(page.contains("class=\"rule-skipped\""))
    }

    @Test func escapesUserText() {
        #expect(page.contains("武汉市&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(page.contains("data/学籍&lt;2025&gt;.xlsx"))
        #expect(page.contains("&quot;国家助学金&quot; 记录 &lt;b&gt;"))
        #expect(page.contains("校验位错误 &amp; 长度不足"))
    }

    @Test func loadsNothingAndRunsNothing() {
        let lower = page.lowercased()
        for banned in ["<script", "src=\"http", "href=\"http", "@import", "url(", "<link", "<img", "javascript:", " onload="] {
            #expect(!lower.contains(banned), "\(banned)")
        }
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<meta charset=\"utf-8\">"))
        #expect(page.contains("<html lang=\"zh-CN\">"))
    }

    @Test func masksAnIDNumberEvenInTheConfiguration() throws {
        #expect(!page.contains("420102199001011234"))
        let configuration = try #require(page.firstMatch(of: /<pre>([^<]*)<\/pre>/))
        #expect(configuration.1.contains("测试人员 420102********1234"))
    }

    @Test func countsThePairsToReviewAndSaysWhere() {
        for row in ["待核实区间的记录对</td><td class=\"num\">14<", "未合并的记录对</td><td class=\"num\">5<", "因而未合并的记录对</td><td class=\"num\">2<", "待人工核实合计</td><td class=\"num\">21<"] {
            #expect(page.contains(row), "\(row)")
        }
        #expect(page.contains("「待人工核实」工作表"))
        #expect(page.contains("discrepancies.xlsx 和 discrepancies.csv"))
    }

    @Test func printsOnA4() {
        #expect(page.contains("@page { size: A4"))
        #expect(page.contains("@media print"))
        #expect(page.contains("break-inside: avoid"))
    }

    @Test func rendersEmptyDataWithANote() {
        let empty = SummaryPage.html(emptySummary(), configurationText: "")
        #expect(empty.contains("</html>"))
        #expect(!empty.contains("class=\"chart\""))
        #expect(empty.contains("<p class=\"none\">无"))
        #expect(empty.contains("未执行"))
    }

    @Test func widestBarIsTheLargestCategory() throws {
        let widths = barWidths(in: page)
        #expect(widths.count == 7)
        let widest = try #require(widths.max { $0.value < $1.value })
        #expect(widest.key == FindingCategory.duplicateAid.rawValue)
        #expect(widths[FindingCategory.unaidedEligible.rawValue] == 0)
        #expect((widths[FindingCategory.possibleDropout.rawValue] ?? 0) < (widths[FindingCategory.invalidIDNumber.rawValue] ?? 0))
        #expect(page.contains("role=\"img\""))
        #expect(page.contains("viewBox=\"0 0 760 "))
    }

    @Test func stackedCountyBarsHaveALegend() {
        #expect(page.matches(of: /class="segment"/).count == 10)
        #expect(page.contains("<title>各县区发现数量（按类别分段）</title>"))
    }

    /// Each category bar's width, by code.
    private func barWidths(in html: String) -> [String: Double] {
        var widths: [String: Double] = [:]
        for match in html.matches(of: /<rect class="bar" data-code="([a-z_]+)"[^>]* width="([0-9.]+)"/) {
            widths[String(match.1)] = Double(match.2)
        }
        return widths
    }
}

/// The page as a browser shows and prints it.
@Suite(.serialized) struct SummaryPageChromiumTests {
    static let chromium = "/usr/bin/chromium"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: chromium), "needs \(chromium)"), .timeLimit(.minutes(3)))
    func rendersAndPrints() throws {
        let folder = try TemporaryFolder()
        let html = try folder.write(SummaryPage.html(sampleSummary(), configurationText: sampleConfiguration), to: "summary.html")
        let png = folder.url.appendingPathComponent("summary.png")
        let pdf = folder.url.appendingPathComponent("summary.pdf")

        let shot = try Self.run(["--window-size=1240,1754", "--screenshot=\(png.path)", html.absoluteString])
        #expect(shot.status == 0, "\(shot.standardError)")
        #expect(Self.size(png) > 0)

        let print = try Self.run(["--print-to-pdf=\(pdf.path)", "--no-pdf-header-footer", html.absoluteString])
        #expect(print.status == 0, "\(print.standardError)")
        #expect(Self.size(pdf) > 0)
    }

    static func size(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Runs headless Chromium with a 60-second limit: a hung browser fails the test, not the run.
    static func run(_ arguments: [String]) throws -> (status: Int32, standardError: String) {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("bidui-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(profile.path)",
        ] + arguments
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        // Read stderr concurrently so a chatty browser never blocks on a full pipe.
        let collected = ErrorText()
        let reader = Thread { collected.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning {
            process.terminate()
            Issue.record("chromium took more than 60 s and was stopped")
        }
        process.waitUntilExit()
        return (process.terminationStatus, collected.waitForText())
    }
}

/// Stderr collected by the reader thread, handed over under a lock.
private final class ErrorText: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        condition.lock()
        data = value
        condition.signal()
        condition.unlock()
    }

    func waitForText() -> String {
        condition.lock()
        defer { condition.unlock() }
        // A browser helper that outlives the browser could hold the pipe open: wait 5 s at most.
        let deadline = Date().addingTimeInterval(5)
        while data == nil, condition.wait(until: deadline) {}
        return String(decoding: data ?? Data(), as: UTF8.self)
    }
}
