import Foundation
import GRDB
import Testing
import TestSupport
@testable import BiduiCore
@testable import Ingest

/// Spreadsheets written by openpyxl, xlsxwriter, LibreOffice and by hand (Tests/Fixtures/workbooks),
/// read through the whole ingest stage.
@Suite struct WorkbookIngestTests {
    /// Ingests one fixture as `role`; extra aliases map columns that are not person fields
    /// (发放日期, 是否发放…) so their values can be checked.
    func ingest(_ fixture: String, role: SourceRole, extra: String = "") throws -> IngestHarness {
        try IngestHarness.run("""
              - role: \(role.rawValue)
                paths: ["../data/\(fixture)"]
                columns: {birth_date: [发放日期, 认定日期], ethnicity: [是否发放, 是否在保]\(extra)}
            """) { try $0.copyFixture("workbooks/\(fixture)", to: "data/\(fixture)") }
    }

    func numericFields(_ h: IngestHarness, row: Int) throws -> [String] {
        try h.store.database.read { db in
            let record = try #require(try Row.fetchOne(db, sql: "SELECT r.numeric_mask, s.fields FROM raw_rows r JOIN source_sheets s ON s.id = r.sheet_id WHERE r.row = ?", arguments: [row]))
            let fields = try JSONDecoder().decode([String].self, from: Data((record["fields"] as String).utf8))
            let mask: Int64 = record["numeric_mask"]
            return fields.enumerated().filter { mask & (1 << Int64($0.offset)) != 0 }.map(\.element)
        }
    }

    @Test func openpyxlRuralSheetsTitlesGapsRichTextAndNumbers() throws {
        let h = try ingest("openpyxl_rural.xlsx", role: .rural)
        let file = "../data/openpyxl_rural.xlsx"
        #expect(h.report.lines.filter { $0.file == file }.map(\.sheet) == ["漕河镇", "青石镇", "说明"])
        #expect(h.report.lines.first { $0.sheet == "说明" }?.problem == "sheet skipped: no header row with the role's columns in its first 20 rows")
        let rows = try h.rows()
        #expect(rows.map { "\($0.sheet ?? "-")#\($0.row)" } == ["漕河镇#3", "漕河镇#4", "漕河镇#7", "漕河镇#8", "青石镇#3"])
        #expect(rows[0].cells["name"] == "张三")
        #expect(rows[0].cells["household_id"] == "4211260010001")
        #expect(rows[1].cells["id_number"] == "4.211262012010113e+17", "a number arrives exactly as the file holds it")
        #expect(try numericFields(h, row: 4).contains("id_number"))
        #expect(rows[2].cells["county"] == "蕲春县")
        #expect(rows[2].cells["township"] == "", "cells left out are empty")
        #expect(rows[2].cells["id_number"] == "421126198502021234")
        #expect(rows[3].cells["name"] == "欧阳子涵", "rich-text runs are joined")
        #expect(rows[3].cells["household_id"] == "", "a formula without a cached value is empty")
        #expect(rows[3].cells["id_number"] == "42112620100303123x")
        let skipped = try h.issues().map { "\($0.row ?? 0):\($0.reason)" }
        #expect(skipped == ["1:title_row", "2:header_row", "1:title_row", "2:header_row", "4:total_row"])
    }

    @Test(arguments: ["xlsxwriter_aid.xlsx", "xlsxwriter_aid_inline.xlsx"])
    func xlsxwriterAidSharedAndInlineStrings(_ fixture: String) throws {
        let h = try ingest(fixture, role: .aid)
        let rows = try h.rows()
        #expect(rows.map(\.row) == [3, 4, 5, 6])
        #expect(rows[0].cells["name"] == "刘芳")
        #expect(rows[0].cells["school_year"] == "2025-2026")
        #expect(rows[0].cells["amount"] == "1000")
        #expect(rows[0].cells["birth_date"] == "2025-10-15", "date-styled numbers become dates")
        #expect(rows[0].cells["ethnicity"] == "TRUE")
        #expect(rows[1].cells["id_number"] == "4.211262015050513E+17")
        #expect(try numericFields(h, row: 4) == ["id_number", "amount"])
        #expect(rows[2].cells["name"] == "买买提·艾力")
        #expect(rows[2].cells["amount"] == "1000.5")
        #expect(rows[2].cells["ethnicity"] == "FALSE")
        #expect(rows[3].cells["amount"] == "1250", "a formula's cached value")
        #expect(rows[3].cells["hardship_type"] == "#N/A", "an error cell's text")
        #expect(try h.issues().map(\.reason) == ["title_row", "header_row", "total_row"])
        let counts = try #require(h.line("../data/\(fixture)")?.counts)
        #expect(counts == (7, 4, 3, 0) as (Int, Int, Int, Int))
    }

    @Test func handwrittenSpreadsheetMLWithIndexGapsHtmlRunsAndTypes() throws {
        let h = try ingest("handwritten_spreadsheetml.xls", role: .civil)
        #expect(h.line("../data/handwritten_spreadsheetml.xls")?.format == "spreadsheetml")
        let rows = try h.rows()
        #expect(rows.map(\.row) == [3, 8])
        #expect(rows[0].sheet == "农村低保")
        #expect(rows[0].cells["name"] == "张三", "html: runs joined, the comment left out")
        #expect(rows[0].cells["id_number"] == "", "ss:Index skipped column B")
        #expect(rows[0].cells["assistance_type"] == "农村低保")
        #expect(rows[0].cells["start_month"] == "202103")
        #expect(rows[0].cells["birth_date"] == "2021-03-01")
        #expect(rows[0].cells["ethnicity"] == "TRUE")
        #expect(rows[1].cells["id_number"] == "4.20102199001011E+17")
        #expect(try numericFields(h, row: 8) == ["id_number"])
        #expect(h.report.lines.first { $0.sheet == "说明" }?.problem != nil)
    }

    @Test func libreOfficeXLSXExportWithTwoSheetsAndDateStyles() throws {
        let h = try ingest("libreoffice_civil.xlsx", role: .civil)
        let rows = try h.rows()
        #expect(rows.map { "\($0.sheet ?? "-")#\($0.row)" } == ["低保#2", "低保#3", "低保#4", "特困#2"])
        #expect(rows[1].cells["name"] == "刘小明")
        #expect(rows[1].cells["id_number"] == "42010220100101123x")
        #expect(rows[1].cells["head_id_number"] == "420102198001011234")
        #expect(rows[1].cells["start_month"] == "202103")
        #expect(rows[1].cells["birth_date"] == "2021-03-01", "LibreOffice's date style is recognised")
        #expect(rows[2].cells["birth_date"] == "2019-01-15")
        #expect(rows[2].cells["assistance_status"] == "停保")
        #expect(rows[3].cells["name"] == "王五")
    }

    @Test(arguments: ["libreoffice_civil.xml", "libreoffice_civil_really_xml.xls"])
    func libreOfficeSpreadsheetMLExport(_ fixture: String) throws {
        let h = try ingest(fixture, role: .civil)
        #expect(h.line("../data/\(fixture)")?.format == "spreadsheetml", "sniffed from the content, whatever the extension")
        let rows = try h.rows()
        #expect(rows.map(\.row) == [2, 3, 4])
        #expect(rows.allSatisfy { $0.sheet == "libreoffice_civil" })
        #expect(rows[0].cells["id_number"] == "4.20102198001011E+017", "LibreOffice's own notation, as stored")
        #expect(try numericFields(h, row: 2) == ["id_number", "start_month"])
        #expect(rows[1].cells["id_number"] == "42010220100101123x")
        #expect(rows[2].cells["name"] == "陈静")
        #expect(rows[2].cells["birth_date"] == "2019/1/15")
    }

    @Test func htmlTableInGB18030WithSpansAndALayoutTableFirst() throws {
        let h = try ingest("html_table_gb18030.xls", role: .aid)
        let line = try #require(h.report.lines.first { $0.sheet == "table 2" })
        #expect(line.encoding == "GB18030")
        #expect(line.counts == (6, 3, 3, 0) as (Int, Int, Int, Int))
        let rows = try h.rows()
        #expect(rows.map(\.row) == [3, 4, 5])
        #expect(rows.map { $0.cells["name"] } == ["张 三", "张小五", "李四"])
        #expect(rows.map { $0.cells["school_name"] } == ["蕲春县漕河镇中心小学", "蕲春县漕河镇中心小学", "蕲春县第三中学"],
                "a rowspan repeats its text in the rows it covers")
        #expect(rows[1].cells["household_id"] == "4211260010001")
        #expect(try h.issues().filter { $0.reason == "total_row" }.map(\.row) == [6])
    }

    @Test func htmlTableInUTF8() throws {
        let h = try ingest("html_table_utf8.xls", role: .aid, extra: ", programme: [资助项目]")
        #expect(try h.rows().map { $0.cells["name"] } == ["欧阳子涵", "买买提·艾力"])
        #expect(h.report.lines.first?.encoding == "UTF-8")
    }

    @Test func theSheetsOptionLimitsWhichSheetsAreRead() throws {
        let h = try IngestHarness.run("""
              - {role: rural, paths: ["../r.xlsx"], sheets: [青石镇, 株林镇]}
            """) { try $0.copyFixture("workbooks/openpyxl_rural.xlsx", to: "r.xlsx") }
        #expect(try h.rows().map(\.sheet) == ["青石镇"])
        #expect(h.report.lines.first { $0.sheet == "漕河镇" }?.problem?.contains("not among the sheets the pipeline names") == true)
        #expect(h.report.lines.first { $0.sheet == "青石镇" }?.notes.first?.contains("株林镇") == true)
    }

    /// Ours (workbooks/) and a second set made independently (spreadsheets/, see its HOSTILE.md).
    @Test(arguments: ["workbooks", "spreadsheets"].flatMap { folder in [
        ("\(folder)/hostile_zip_bomb.xlsx", "inflates more than 200 times its compressed size: refused as a possible zip bomb"),
        ("\(folder)/hostile_crc.xlsx", "fails its CRC check"),
        ("\(folder)/hostile_truncated.xlsx", "truncated or corrupt"),
        ("\(folder)/hostile_billion_laughs.xml", "declares a DTD"),
        ("\(folder)/hostile_xxe.xml", "declares a DTD"),
        ("\(folder)/hostile_malformed.xml", "malformed XML at line"),
    ] })
    func hostileFilesAreRefusedWithAClearMessage(_ path: String, _ message: String) throws {
        let fixture = URL(fileURLWithPath: path).lastPathComponent
        let started = Date()
        let h = try IngestHarness.run("""
              - {role: civil, paths: ["../data/*"]}
            """) {
            try $0.copyFixture(path, to: "data/\(fixture)")
            try $0.write("姓名,身份证号\n张三,420102199001011234\n", to: "data/good.csv")
        }
        let problem = try #require(h.line("../data/\(fixture)")?.problem)
        #expect(problem.contains(message), "\(problem)")
        #expect(!problem.contains("root:x:0"), "no external entity is ever read")
        #expect(h.line("../data/good.csv")?.counts.accepted == 1, "the rest of the run goes on")
        #expect(h.report.exitCode == .partial)
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
