import BiduiCore
import Foundation
import Testing
import TestSupport
@testable import Reconcile

/// Officers' case decisions (核实结果): read back from a filled-in work list, dated and expired, and
/// applied by the rules — 不属实-异地就读 keeps a person off the dropout list, every other decision
/// only marks its finding as decided.
@Suite struct CaseDecisionsTests {
    static let header = ["序号", "类别", "人员编号", "来源文件", "工作表", "行号"] + CaseDecisionColumns.all

    func csv(_ lines: [[String]], header: [String] = header) -> String {
        ([header] + lines).map { $0.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") }
            .joined(separator: "\r\n") + "\r\n"
    }

    func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @Test func aFilledInCSVGivesOneDecisionPerAnsweredLine() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write(csv([
            ["1", "疑似失学辍学", "P1", "乡村振兴/a.xlsx", "Sheet1", "3", "不属实", "异地就读", "在广州市就读", "2025-11-03"],
            ["2", "应助未助", "P2", "学籍/a.csv", "-", "4", "属实", "", "", ""],
            ["3", "证件号码无效", "P3", "资助/b.csv\n资助/b.csv", "-\n-", "7\n9", "不属实-重复登记", "", "", ""],
            ["4", "重复资助", "P4", "资助/b.csv", "-", "8", "", "", "", ""],
            ["5", "possible_dropout", "P5", "", "", "", "不属实", "外地就读（深圳市）", "", "2025/11/5"],
        ]), to: "核实.csv")
        let (decisions, problems) = try CaseDecisions.read(url, name: "核实.csv")
        #expect(problems.isEmpty, "\(problems)")
        try #require(decisions.count == 4, "a line left blank in 核实结果 is no decision")
        let dropout = decisions[0]
        #expect(dropout.key == FindingKey(category: .possibleDropout, personID: "P1", file: nil, sheet: nil, row: nil), "a per-person finding's key has no row")
        #expect(dropout.outcome == .rejected && dropout.reason == "异地就读" && dropout.note == "在广州市就读")
        #expect(dropout.decidedOn == day("2025-11-03") && dropout.source == "核实.csv" && dropout.keepsOffDropoutList)
        #expect(decisions[1].outcome == .confirmed && decisions[1].decidedOn == nil, "a blank date waits for the run's reference date")
        #expect(decisions[2].key == FindingKey(category: .invalidIDNumber, personID: "P3", file: "资助/b.csv", sheet: nil, row: 7),
                "a per-row finding is keyed by the first line of 来源文件 / 工作表 (「-」 is a CSV) / 行号")
        #expect(decisions[2].reason == "重复登记", "a reason written after 不属实 in the same cell")
        #expect(decisions[3].key.category == .possibleDropout, "the category code is accepted too")
        #expect(decisions[3].reason == "异地就读" && decisions[3].note == "深圳市" && decisions[3].decidedOn == day("2025-11-05"),
                "a synonym of a reason is read as the reason, and what follows it as the note")
    }

    @Test func linesThatCannotBeUsedAreNamedByFileRowAndColumn() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write(csv([
            ["1", "疑似失学辍学", "P1", "", "", "", "对", "", "", ""],
            ["2", "未知类别", "P2", "", "", "", "属实", "", "", ""],
            ["3", "应助未助", "", "", "", "", "属实", "", "", ""],
            ["4", "证件号码无效", "P3", "资助/b.csv", "-", "", "属实", "", "", ""],
            ["5", "疑似失学辍学", "P6", "", "", "", "不属实", "", "", ""],
            ["6", "应助未助", "P7", "", "", "", "属实", "", "", "下周"],
            ["7", "应助未助", "P7", "", "", "", "不属实", "其他", "", ""],
        ]), to: "核实.csv")
        let (decisions, problems) = try CaseDecisions.read(url, name: "核实.csv")
        #expect(decisions.map(\.key.personID) == ["P6", "P7"])
        #expect(decisions.first?.reason == nil && decisions.first?.keepsOffDropoutList == false, "不属实 without a reason is kept, and suppresses nothing")
        #expect(decisions.last?.outcome == .rejected, "of two lines on one finding, the later is used")
        let said = problems.map(\.description)
        let expected = [
            "核实.csv, row 2, column 核实结果: \"对\" is neither 属实 nor 不属实",
            "核实.csv, row 3, column 类别: \"未知类别\" is not a category",
            "核实.csv, row 4, column 人员编号: is blank",
            "核实.csv, row 5, column 行号: 证件号码无效 is decided per source row",
            "核实.csv, row 6, column 核实原因: 不属实 needs a reason",
            "核实.csv, row 7, column 核实日期: \"下周\" is not a date; the run's reference date is used",
            "核实.csv, row 8, column 核实结果: decides the same finding as row 7, differently",
        ]
        #expect(said.count == expected.count, "\(said)")
        for (line, prefix) in zip(said, expected) { #expect(line.hasPrefix(prefix), "\(line)") }
    }

    /// A workbook as SpreadsheetML 2003 (what WPS and old Excel save): every category sheet, a
    /// continuation sheet and the 已核实 sheet are read; 汇总 is not; an unknown sheet is named.
    @Test func aWorkbookIsReadFromEveryCategorySheetAndTheDecidedSheet() throws {
        func sheet(_ name: String, _ rows: [[String]]) -> String {
            let body = rows.map { row in
                "<Row>" + row.map { "<Cell><Data ss:Type=\"String\">\($0.replacingOccurrences(of: "\n", with: "&#10;"))</Data></Cell>" }.joined() + "</Row>"
            }.joined()
            return "<Worksheet ss:Name=\"\(name)\"><Table>\(body)</Table></Worksheet>"
        }
        let perSheet = ["序号", "姓名", "人员编号", "来源文件", "工作表", "行号"] + CaseDecisionColumns.all
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <?mso-application progid="Excel.Sheet"?>
            <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
            \(sheet("汇总", [["教育资助数据比对汇总"], ["核实结果（新发现与已核实分开统计）"]]))
            \(sheet("疑似失学辍学", [perSheet, ["1", "张伟", "P1", "rural.xlsx", "Sheet1", "2", "不属实", "异地就读", "", "45964"]]))
            \(sheet("证件号码无效（2）", [perSheet, ["1", "李娜", "P3", "aid.xlsx\naid.xlsx", "资助\n资助", "5\n6", "属实", "", "", ""]]))
            \(sheet(CaseDecisionColumns.decidedSheetName, [["序号", "类别", "严重程度", "姓名", "人员编号", "来源文件", "工作表", "行号"] + CaseDecisionColumns.all,
                                                      ["1", "重复资助", "高", "王芳", "P4", "aid.xlsx", "资助", "7", "属实", "", "已追回", "2025-09-30"]]))
            \(sheet("我的备注", [["人员编号", "核实结果"], ["P9", "属实"]]))
            </Workbook>
            """
        let folder = try TemporaryFolder()
        let url = try folder.write(xml, to: "discrepancies.xls")
        let (decisions, problems) = try CaseDecisions.read(url, name: "discrepancies.xls")
        #expect(decisions.map(\.key.category) == [.possibleDropout, .invalidIDNumber, .duplicateAid])
        #expect(decisions[0].decidedOn == day("2025-11-03"), "an Excel serial date is a date")
        #expect(decisions[1].key.row == "aid.xlsx|资助|5", "「证件号码无效（2）」 is the category's continuation")
        #expect(decisions[2].note == "已追回" && decisions[2].decidedOn == day("2025-09-30"))
        #expect(problems.map(\.description) == [
            "discrepancies.xls, sheet 我的备注, row 1: is neither a category sheet (应助未助, 疑似失学辍学 …) nor has a 类别 column; its lines are ignored: keep the sheet's name or the column",
        ])
    }

    @Test func aFileWithoutTheColumnOrMissingIsRefused() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write(csv([["1", "应助未助", "P1"]], header: ["序号", "类别", "人员编号"]), to: "旧表.csv")
        #expect { try CaseDecisions.read(url, name: "旧表.csv") } throws: { "\($0)".contains("旧表.csv has no 核实结果 column") }
        #expect { try CaseDecisions.read(folder.url.appendingPathComponent("无.csv"), name: "无.csv") } throws: { "\($0)".contains("无.csv does not exist") }
    }

    @Test func aDecisionHoldsForItsValidityFromItsDate() {
        let key = FindingKey(category: .possibleDropout, personID: "P1", file: nil, sheet: nil, row: nil)
        var decision = CaseDecision(key: key, outcome: .rejected, reason: "异地就读", decidedOn: day("2025-11-03"), source: "f")
        #expect(decision.expiresOn(validityDays: 365) == day("2026-11-03"))
        #expect(decision.isInForce(on: day("2026-11-02"), validityDays: 365))
        #expect(!decision.isInForce(on: day("2026-11-03"), validityDays: 365), "expired on its expiry day")
        #expect(decision.isInForce(on: day("2025-10-31"), validityDays: 365), "a decision dated after the reference date holds")
        decision.decidedOn = day("2024-02-29")
        #expect(decision.expiresOn(validityDays: 365) == day("2025-02-28"))
        #expect(decision.expiresOn(validityDays: 30) == day("2024-03-30"))
        decision.decidedOn = nil
        #expect(!decision.isInForce(on: day("2025-10-31"), validityDays: 365), "an undated decision is dated when stored")
    }

    @Test func thisTermsFileWinsOverCarriedDecisionsAndExpiredOnesAreDropped() {
        func key(_ person: String) -> FindingKey { FindingKey(category: .possibleDropout, personID: person, file: nil, sheet: nil, row: nil) }
        let carried = [
            CaseDecision(key: key("P1"), outcome: .confirmed, decidedOn: day("2025-01-10"), source: "carried from 2025春"),
            CaseDecision(key: key("P2"), outcome: .rejected, reason: "异地就读", decidedOn: day("2024-09-01"), source: "carried from 2025春"),
            CaseDecision(key: key("P3"), outcome: .confirmed, decidedOn: day("2025-03-01"), source: "carried from 2025春"),
        ]
        let file = [CaseDecision(key: key("P1"), outcome: .rejected, reason: "异地就读", source: "核实.csv")]
        var book = CaseDecisionBook()
        book.merge(carried: carried, files: [file], referenceDate: day("2025-10-31"), validityDays: 365)
        #expect(book.inForce[key("P1")] == CaseDecision(key: key("P1"), outcome: .rejected, reason: "异地就读", decidedOn: day("2025-10-31"), source: "核实.csv"),
                "the file wins, and its undated decision takes the reference date")
        #expect(book.inForce[key("P2")] == nil && book.expired == 1, "a year after 2024-09-01 it has expired")
        #expect(book.inForce[key("P3")]?.source == "carried from 2025春")
        #expect(book.fromFiles == 1 && book.carried == 1)
    }

    // MARK: The rule

    func dropoutFixture(schooling: String? = nil) -> RuleFixture {
        var f = RuleFixture()
        f.add(.enrollment, person: "other", name: "李娜", id: RuleFixture.idNumber(born: "20140101", sequence: 124), Row.enrolled())
        f.add(.rural, person: "p", name: "张伟", id: RuleFixture.idNumber(born: "20140101"), Row.rural(schooling: schooling))
        return f
    }

    func decision(_ outcome: CaseDecision.Outcome, _ reason: String?, on date: String = "2025-10-01",
                  category: FindingCategory = .possibleDropout, person: String = "p") -> (FindingKey, CaseDecision) {
        let key = FindingKey(category: category, personID: person, file: nil, sheet: nil, row: nil)
        return (key, CaseDecision(key: key, outcome: outcome, reason: reason, decidedOn: day(date), source: "核实.csv"))
    }

    @Test func aStudyingElsewhereDecisionKeepsThePersonOffTheDropoutList() {
        var f = dropoutFixture(schooling: "小学")
        #expect(f.findings(.possibleDropout, of: "p").count == 1)
        let (key, value) = decision(.rejected, "异地就读")
        f.decisions = [key: value]
        let result = f.run()
        #expect(result.findings.filter { $0.personID == "p" }.isEmpty, "no dropout, and no 在校状态不一致 for the 小学 the local 学籍 lacks")
        #expect(result.outcomes.first { $0.category == .possibleDropout }?.suppressed == 1)
        #expect(result.keptOff == [key])
    }

    @Test func otherDecisionsOnlyMarkTheFindingAsDecided() {
        for (outcome, reason) in [(CaseDecision.Outcome.rejected, "已迁出"), (.confirmed, nil), (.rejected, nil)] {
            var f = dropoutFixture()
            let (key, value) = decision(outcome, reason)
            f.decisions = [key: value]
            let found = f.findings(.possibleDropout, of: "p")
            #expect(found.count == 1 && found.first?.decision == value, "\(outcome.rawValue) \(reason ?? "")")
            #expect(found.first?.contractJSON.contains("核实") == false, "the machine contract does not change")
        }
        var expired = dropoutFixture()
        let (key, value) = decision(.rejected, "异地就读", on: "2024-09-01")
        expired.decisions = [key: value]
        let result = expired.run()
        #expect(result.findings.filter { $0.category == .possibleDropout }.map { $0.decision == nil } == [true],
                "an expired decision neither suppresses nor marks")
        #expect(result.outcomes.first { $0.category == .possibleDropout }?.suppressed == 0)
    }

    @Test func aPerRowDecisionMarksOnlyItsRow() throws {
        var f = RuleFixture()
        f.add(.aid, person: "q", name: "王芳", id: "42112620140101123", Row.aid())
        f.add(.aid, person: "q", name: "王芳", id: "4211262014010112", Row.aid(programme: "营养改善计划"))
        let invalid = f.findings(.invalidIDNumber, of: "q")
        try #require(invalid.count == 2)
        let first = try #require(invalid.first?.sources.first)
        let key = FindingKey(category: .invalidIDNumber, personID: "q", file: first.file, sheet: first.sheet, row: first.row)
        f.decisions = [key: CaseDecision(key: key, outcome: .confirmed, decidedOn: day("2025-10-01"), source: "核实.csv")]
        #expect(f.findings(.invalidIDNumber, of: "q").map { $0.decision != nil } == [true, false])
    }

    @Test func theConfigurationNamesTheFilesAndTheValidity() throws {
        func parse(_ extra: String) throws -> ReconciliationSettings {
            try PipelineConfiguration.parse(text: """
                reconciliation:
                  school_year: "2025-2026"
                  term: 秋季学期
                  reference_date: 2025-10-31
                \(extra)
                sources:
                  - role: aid
                    paths: ["a.xlsx"]
                """, fileURL: URL(fileURLWithPath: "/srv/p.yaml")).reconciliation
        }
        let defaults = try parse("")
        #expect(defaults.caseDecisions.isEmpty && defaults.decisionValidityDays == 365)
        #expect(try parse("  case_decisions: 核实/discrepancies.xlsx").caseDecisions == ["核实/discrepancies.xlsx"])
        let both = try parse("  case_decisions: [a.csv, b.xlsx]\n  decision_validity_days: 180")
        #expect(both.caseDecisions == ["a.csv", "b.xlsx"] && both.decisionValidityDays == 180)
        #expect { try parse("  decision_validity_days: 一年") } throws: { "\($0)".contains("reconciliation.decision_validity_days: expected a number of days") }
    }
}
