import BiduiCore
import Foundation
import GRDB
import Ingest
import Match
import Reconcile
@testable import Report
import Testing
import TestSupport

/// The report stage on the sample run, read back the way its users read it: officers open the XLSX
/// and CSV, a cron wrapper reads summary.json, CI reads discrepancies.jsonl and links.csv.
@Suite struct ReportStageTests {
    let run: SampleRun
    init() throws { run = try SampleRun.get() }

    @Test func theWorkbookHasTheSummaryOneSheetPerCategoryAndTheReviewSheet() throws {
        let sheets = try SheetDump.read(run.report.file("discrepancies.xlsx"))
        #expect(sheets.map(\.name) == ["汇总"] + FindingCategory.allCases.map(\.chineseName) + ["待人工核实"])
        let contract = try run.contractLines()
        for category in FindingCategory.allCases {
            let sheet = try #require(sheets.first { $0.name == category.chineseName })
            #expect(sheet.rows[1] == WorkListColumns.sheetColumns.map(\.header), "\(category.chineseName): header")
            let expected = contract.filter { $0.contains("\"category\":\"\(category.rawValue)\"") }.count
            let rows = sheet.rows.filter { $0.key > 1 }.sorted { $0.key < $1.key }
            #expect(rows.count == expected, "\(category.chineseName): one line per finding")
            #expect(rows.map { $0.value.first } == (1...max(1, expected)).prefix(expected).map { String($0) }, "序号 counts 1, 2, 3 …")
        }
    }

    @Test func aWorkListLineNamesThePersonTheEvidenceAndEverySourceRow() throws {
        let sheets = try SheetDump.read(run.report.file("discrepancies.xlsx"))
        let header = WorkListColumns.sheetColumns.map(\.header)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name)) }
        let findings = try run.contractLines().map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        // The first identity conflict: several rows, so its source cells hold one line per row.
        let first = try #require(findings.first { $0["category"] as? String == "identity_conflict" })
        let sources = try #require(first["sources"] as? [[String: Any]])
        let sheet = try #require(sheets.first { $0.name == "身份信息不一致" })
        let line = try #require(sheet.rows[2])
        #expect(line[try column("姓名")] == first["name"] as? String)
        #expect(line[try column("身份证号")] == first["id_number"] as? String)
        #expect(line[try column("说明")] == first["detail"] as? String)
        #expect(line[try column("人员编号")] == first["person_id"] as? String)
        #expect(line[try column("来源文件")] == sources.map { $0["file"] as? String ?? "" }.joined(separator: "\n"))
        #expect(line[try column("工作表")] == sources.map { $0["sheet"] as? String ?? "-" }.joined(separator: "\n"))
        #expect(line[try column("行号")] == sources.map { "\($0["row"] as? Int ?? 0)" }.joined(separator: "\n"))
        #expect(line[try column("各行证件号码")].split(separator: "\n").count == sources.count)
        #expect(!line[try column("匹配依据")].isEmpty, "the link evidence between the rows")
        // An invalid number: the row's own number as the file has it is on the line.
        let invalid = try #require(sheets.first { $0.name == "证件号码无效" }?.rows[2])
        let number = invalid[try column("各行证件号码")]
        #expect(!number.isEmpty && !IDNumberChecksum.isValid(number), "the invalid number itself, as the row has it: \(number)")
    }

    @Test func theSummarySheetCountsByCategoryAndCountyAndAccountsForEveryInputRow() throws {
        let sheet = try #require(try SheetDump.read(run.report.file("discrepancies.xlsx")).first { $0.name == "汇总" })
        let rows = sheet.rows.sorted { $0.key < $1.key }.map(\.value)
        let summary = run.report.summary
        let countyHeader = try #require(rows.firstIndex { $0.first == "区县" })
        #expect(rows[countyHeader] == ["区县"] + FindingCategory.allCases.map(\.chineseName) + ["合计"])
        let totals = try #require(rows[(countyHeader + 1)...].first { $0.first == "合计" })
        #expect(totals.last == String(summary.totals.findings))
        #expect(totals.dropFirst().dropLast().compactMap { Int($0) }.reduce(0, +) == summary.totals.findings)
        let accountingTotal = try #require(rows.last)
        #expect(accountingTotal.first == "合计")
        #expect(accountingTotal.suffix(4) == [summary.totals.rowsRead, summary.totals.rowsAccepted, summary.totals.rowsSkipped, summary.totals.rowsRejected].map(String.init))
        #expect(summary.totals.rowsRead == summary.totals.rowsAccepted + summary.totals.rowsSkipped + summary.totals.rowsRejected,
                "every row read is accepted, skipped or rejected")
        #expect(rows.contains { $0.contains("../samples/handmade/江岸区_资助名单.xls") && $0.contains("table 1") }, "a skipped sheet is listed with its reason")
    }

    @Test func theReviewSheetIsInTheDecisionsFormatAndMatchReadsItBack() throws {
        let url = run.report.file("discrepancies.xlsx")
        let sheet = try #require(try SheetDump.read(url).first { $0.name == ReviewDecisions.sheetName })
        #expect(sheet.rows[1] == ReviewDecisions.headers)
        let lines = sheet.rows.filter { $0.key > 1 }
        #expect(lines.count == run.report.summary.review.total)
        #expect(lines.count > 0, "the samples have pairs to review")
        let answer = try #require(ReviewDecisions.headers.firstIndex(of: ReviewDecisions.answerColumn))
        #expect(lines.values.allSatisfy { $0.count <= answer || $0[answer].isEmpty }, "是否同一人 is left for the officer")
        let (decisions, problems) = try ReviewDecisions.read(url)
        #expect(decisions.isEmpty && problems.isEmpty, "an unanswered sheet decides nothing")
    }

    @Test func anAnsweredReviewSheetChangesTheNextMatch() throws {
        // The officer answers 否 for the first pair, saving the sheet as a CSV (as WPS users often do).
        let sheet = try #require(try SheetDump.read(run.report.file("discrepancies.xlsx")).first { $0.name == ReviewDecisions.sheetName })
        let headers = ReviewDecisions.headers
        let first = try #require(sheet.rows[2])
        var answered = first + Array(repeating: "", count: max(0, headers.count - first.count))
        answered[headers.count - 1] = "否"
        let folder = try TemporaryFolder()
        let csv = ([headers, answered].map { $0.map { "\"\($0)\"" }.joined(separator: ",") }.joined(separator: "\n")) + "\n"
        let decisions = try folder.write(csv, to: "核实.csv")
        let (read, problems) = try ReviewDecisions.read(decisions)
        #expect(problems.isEmpty)
        let decision = try #require(read.first)
        #expect(decision.samePerson == false)
        let side = { (k: Int) in headers.firstIndex(of: ["文件甲", "行号甲", "文件乙", "行号乙"][k]) ?? 0 }
        #expect(decision.first.file == first[side(0)] && String(decision.first.row) == first[side(1)])
        #expect(decision.second.file == first[side(2)] && String(decision.second.row) == first[side(3)])
    }

    @Test func theCSVHasTheSameLinesWithACategoryColumnInUTF8WithBOMOrGB18030() throws {
        let utf8 = try Data(contentsOf: run.report.file("discrepancies.csv"))
        #expect(Array(utf8.prefix(3)) == [0xEF, 0xBB, 0xBF], "a byte-order mark, so Excel shows Chinese")
        let sheets = try SheetDump.read(run.report.file("discrepancies.csv"))
        let rows = try #require(sheets.first).rows.sorted { $0.key < $1.key }.map(\.value)
        #expect(rows.first == WorkListColumns.csvHeaders)
        #expect(rows.count - 1 == run.report.summary.totals.findings)
        let category = try #require(WorkListColumns.csvHeaders.firstIndex(of: "类别"))
        #expect(Set(rows.dropFirst().map { $0[category] }) == Set(FindingCategory.allCases.map(\.chineseName)))
        let gb = try Data(contentsOf: run.gb18030.file("discrepancies.csv"))
        #expect(Array(gb.prefix(3)) != [0xEF, 0xBB, 0xBF] && String(data: gb, encoding: .utf8) == nil, "GB18030, not UTF-8")
        let gbRows = try #require(try SheetDump.read(run.gb18030.file("discrepancies.csv")).first).rows.sorted { $0.key < $1.key }.map(\.value)
        #expect(gbRows == rows, "the same lines in either encoding")
    }

    @Test func idNumbersInTheCSVStartWithATabSoExcelKeepsThemAsText() throws {
        let text = try String(contentsOf: run.report.file("discrepancies.csv"), encoding: .utf8)
        let line = try #require(text.split(separator: "\r\n").dropFirst().first)
        #expect(line.contains(",\t"), "the ID number cell starts with a tab")
        #expect(UnmaskedIDNumbers.find(in: String(line)).count >= 1)
    }

    @Test func theJSONLinesAreTheMachineContractInTheStableOrder() throws {
        let written = try run.report.file("discrepancies.jsonl").lines()
        #expect(written == (try run.contractLines()), "exactly the findings reconcile stored, in order")
        for line in written {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["schema", "category", "severity", "person_id", "name", "id_number", "detail", "review", "sources"])
            #expect(object["schema"] as? Int == 1)
            #expect(["high", "medium", "low"].contains(object["severity"] as? String ?? ""))
            let sources = try #require(object["sources"] as? [[String: Any]])
            #expect(!sources.isEmpty)
            for source in sources {
                #expect(Set(source.keys) == ["role", "file", "sheet", "row"])
                #expect(source["row"] is Int)
            }
        }
    }

    @Test func linksCSVHasOneLinePerAcceptedRowWithItsPersonAndScore() throws {
        let text = try String(contentsOf: run.report.file("links.csv"), encoding: .utf8)
        #expect(text.hasPrefix("file,sheet,row,person_id,match_score\r\n"), "the contract's header, no byte-order mark")
        let rows = try #require(try SheetDump.read(run.report.file("links.csv")).first).rows.sorted { $0.key < $1.key }.map(\.value).dropFirst()
        #expect(rows.count == run.report.summary.totals.rowsAccepted)
        #expect(Set(rows.map { "\($0[0])|\($0[1])|\($0[2])" }).count == rows.count, "each input row once")
        var rowsOfPerson: [String: Int] = [:]
        for row in rows { rowsOfPerson[row[3], default: 0] += 1 }
        for row in rows {
            let score = row.count > 4 ? row[4] : ""
            #expect(score.isEmpty == (rowsOfPerson[row[3]] == 1), "a score exactly where the person has another row: \(row)")
            if !score.isEmpty { #expect(Double(score) != nil) }
        }
        // A finding's source rows carry the finding's person.
        let person = Dictionary(rows.map { ("\($0[0])|\($0[1])|\($0[2])", $0[3]) }, uniquingKeysWith: { a, _ in a })
        for line in try run.contractLines() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for source in object["sources"] as? [[String: Any]] ?? [] {
                let key = "\(source["file"] as? String ?? "")|\(source["sheet"] as? String ?? "")|\(source["row"] as? Int ?? 0)"
                #expect(person[key] == object["person_id"] as? String)
            }
        }
    }

    @Test func summaryJSONHoldsTheCountsAccountingTimingsAndVersions() throws {
        let data = try Data(contentsOf: run.report.file("summary.json"))
        let summary = try JSONDecoder().decode(ReportSummary.self, from: data)
        #expect(summary.totals.findings == (try run.contractLines()).count)
        #expect(summary.categories.map(\.code) == FindingCategory.allCases.map(\.rawValue))
        #expect(summary.counties.reduce(0) { $0 + $1.total } == summary.totals.findings)
        #expect(summary.files.count > 10 && summary.files.allSatisfy { $0.rowsRead == $0.accepted + $0.skipped + $0.rejected })
        #expect(summary.stages.map(\.stage) == StageName.allCases.map(\.rawValue))
        #expect(summary.versions.bidui == BiduiVersion.current && summary.versions.contractSchema == 1)
        #expect(summary.outputs == ReportStage.fileNames)
        #expect(!summary.masked)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["totals"] is [String: Any] && object["generated_at"] is String, "snake_case keys")
        #expect(UnmaskedIDNumbers.find(in: String(decoding: data, as: UTF8.self)).isEmpty, "no ID number in the summary")
    }

    @Test func theStageIsRecordedAndItsFilesAreOwnerOnlyAndComplete() throws {
        let store = try RunStore(directory: run.runDirectory)
        let recorded = try #require(try store.stageRun(.report))
        #expect(recorded.staleReason == nil && recorded.rowsIn == run.report.summary.totals.findings)
        let folder = run.report.folder
        #expect(folder.lastPathComponent == "report" && folder.deletingLastPathComponent().standardizedFileURL.path == run.runDirectory.standardizedFileURL.path)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(Set(names) == Set(ReportStage.fileNames), "no unfinished draft is left beside the report")
        for name in names {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(name) is readable by its owner only")
        }
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0)
    }

    @Test func maskingHidesIDNumbersAndNamesInEveryFile() throws {
        let masked = run.masked
        #expect(masked.summary.masked)
        for name in ["discrepancies.csv", "discrepancies.jsonl", "links.csv", "summary.html", "summary.json"] {
            let text = try String(contentsOf: masked.file(name), encoding: .utf8)
            #expect(UnmaskedIDNumbers.find(in: text).isEmpty, "\(name) has no unmasked ID number")
        }
        for sheet in try SheetDump.read(masked.file("discrepancies.xlsx")) {
            let text = sheet.rows.values.flatMap { $0 }.joined(separator: "\n")
            #expect(UnmaskedIDNumbers.find(in: text).isEmpty, "sheet \(sheet.name) has no unmasked ID number")
        }
        let plain = try run.contractLines()
        let lines = try masked.file("discrepancies.jsonl").lines()
        #expect(lines.count == plain.count)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let original = try #require(try JSONSerialization.jsonObject(with: Data(plain[0].utf8)) as? [String: Any])
        let id = try #require(original["id_number"] as? String)
        #expect(first["id_number"] as? String == PersonalDataMask.mask(idNumber: id))
        #expect(first["name"] as? String == PersonalDataMask.mask(name: original["name"] as? String ?? ""))
        #expect(first["person_id"] as? String == original["person_id"] as? String, "person ids are not personal data and stay comparable")
    }

    @Test func theSummaryPageMasksIDNumbersEvenInAnUnmaskedReport() throws {
        let html = try String(contentsOf: run.report.file("summary.html"), encoding: .utf8)
        #expect(UnmaskedIDNumbers.find(in: html).isEmpty)
        #expect(html.contains("应助未助") && html.contains("<svg"))
    }
}

/// Finds 15- or 18-character ID numbers written out in full (not digit runs inside a hexadecimal
/// digest or after a decimal point).
enum UnmaskedIDNumbers {
    static func find(in text: String) -> [String] {
        let pattern = try? NSRegularExpression(pattern: "(?<![0-9A-Za-z.])([0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")
        let range = NSRange(text.startIndex..., in: text)
        return pattern?.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } } ?? []
    }
}

/// Issue 17: how many rows the summary says could not be attached.
@Suite struct UnattachedRowsSummaryTests {
    /// Issue 17: the rows that stand alone, by why, in summary.json and on the page an officer reads.
    @Test func theSummaryCountsTheRowsThatCouldNotBeAttachedByWhy() throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: SampleRun.get().report.file("summary.json"))) as? [String: Any]
        let review = try #require(json?["review"] as? [String: Any])
        let rows = try #require(review["unattached_rows"] as? [String: Int])
        #expect((rows["unmatched_damaged_number"] ?? 0) > 0, "the samples have rows with a blank or damaged number that nothing ties to another: \(rows)")
        #expect(Set(rows.keys).isSubset(of: ["refused", "ambiguous", "unmatched_damaged_number"]))
        let html = try String(contentsOf: SampleRun.get().report.file("summary.html"), encoding: .utf8)
        #expect(html.contains("未能归入任何人的记录：证件号码空缺或受损，且无可比对的记录"))
    }
}
