import Foundation
import Testing
import TestSupport
@testable import BiduiCore
@testable import Ingest

/// `bidui check`: the dry run reads every input as ingest would and stores nothing.
@Suite struct PipelineCheckTests {
    /// A SpreadsheetML workbook (the 民政 form) with the given sheets, each a list of rows.
    static func spreadsheetML(_ sheets: [(name: String, rows: [[String]])]) -> String {
        // Typed: GRDB, imported elsewhere in this target, would otherwise make these literals SQL.
        let body = sheets.map { sheet -> String in
            let rows = sheet.rows.map { row -> String in
                "<Row>" + row.map { "<Cell><Data ss:Type=\"String\">\($0)</Data></Cell>" }.joined() + "</Row>"
            }.joined(separator: "\n")
            return "<Worksheet ss:Name=\"\(sheet.name)\"><Table>\n\(rows)\n</Table></Worksheet>"
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <?mso-application progid="Excel.Sheet"?>
            <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
            \(body)
            </Workbook>
            """
    }

    func check(_ sources: String, prepare: (TemporaryFolder) throws -> Void) throws -> (PipelineCheckReport, TemporaryFolder) {
        let folder = try TemporaryFolder()
        try prepare(folder)
        let pipeline = try folder.write(Fixtures.pipeline(sources), to: "pipelines/test.yaml")
        return (try PipelineCheck.run(pipeline: pipeline.path), folder)
    }

    @Test func everyInputUsableGivesReadyWithHeadersMappingAndCounts() throws {
        let (report, folder) = try check("""
              - role: enrollment
                paths: ["../data/学籍/*.csv"]
              - role: aid
                paths: ["../data/aid.csv"]
              - role: rural
                paths: ["../data/rural.xlsx"]
            """) { folder in
            try folder.write("学籍号,姓名,身份证号,学籍状态,备注\nG420102201001011234,张三,420102201001011234,在读,\n", to: "data/学籍/a.csv")
            try folder.copyFixture("csv/enrollment_two_level.csv", to: "data/学籍/b.csv")
            try folder.copyFixture("csv/aid_gb18030_title_total.csv", to: "data/aid.csv")
            try folder.copyFixture("workbooks/openpyxl_rural.xlsx", to: "data/rural.xlsx")
        }
        #expect(report.exitCode == .success, "\(report.text)")
        #expect(report.usableFiles == 4)
        let text = report.text
        #expect(text.contains("../data/学籍/a.csv · csv · UTF-8"))
        #expect(text.contains("header row 1: 学籍号→student_number, 姓名→name, 身份证号→id_number, 学籍状态→enrollment_status"))
        #expect(text.contains("not used: 备注"))
        #expect(text.contains("header rows 1–2 (two-level)"), "the two-level header is shown as such")
        #expect(text.contains("../data/aid.csv · csv · GB18030"))
        #expect(text.contains("rows: 7 read = 3 accepted + 4 skipped + 0 rejected (1 blank, 1 header, 1 title, 1 total (合计))"), "\(text)")
        #expect(text.contains("note: no column for hardship_type (家庭经济困难类型)"), "columns the findings use are named when absent")
        #expect(text.contains("sheet 说明:") && text.contains("skipped: no header row"), "a notes sheet is a note, not a problem")
        #expect(text.contains("verdict: ready"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("pipelines/runs").path))
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/runs/test"), "no run directory")
    }

    @Test func unreadableFilesMissingColumnsAndEmptyGlobsAreProblemsWithExit3() throws {
        let (report, _) = try check("""
              - role: civil
                paths: ["../data/good.csv", "../data/noid.csv", "../data/old.xls", "../data/missing/*.csv"]
              - role: civil
                paths: ["../data/book.xml"]
            """) { folder in
            try folder.write("姓名,身份证号,保障状态\n李四,420102199001011234,在保\n", to: "data/good.csv")
            try folder.write("姓名,性别,保障状态\n王五,男,在保\n", to: "data/noid.csv")
            try folder.copyFixture("csv/civil_biff.xls", to: "data/old.xls")
            try folder.write(Self.spreadsheetML([
                (name: "低保", rows: [["姓名", "身份证号", "保障状态"], ["赵六", "420102199001011234", "在保"]]),
                (name: "特困", rows: [["姓名", "保障类型", "保障状态"], ["钱七", "特困供养", "在保"]]),
            ]), to: "data/book.xml")
        }
        #expect(report.exitCode == .partial)
        let problems = report.problems.joined(separator: "\n")
        #expect(problems.contains("../data/noid.csv: missing column id_number (身份证号)"), "\(problems)")
        #expect(problems.contains("../data/old.xls: is a binary Excel 97-2003 workbook"))
        #expect(problems.contains("../data/missing/*.csv: no file matches this path"))
        #expect(problems.contains("../data/book.xml, sheet 特困: missing column id_number"), "a sheet without a needed column loses people")
        #expect(!problems.contains("good.csv"))
        #expect(report.text.contains("verdict: partial"))
    }

    @Test func nothingUsableExits1AndDataRowsAreNeverShown() throws {
        let (report, _) = try check("""
              - role: aid
                paths: ["../data/list.csv"]
            """) { folder in
            try folder.write("张三丰,420102199001011234,一年级\n李四,420102199001015678,二年级\n", to: "data/list.csv")
        }
        #expect(report.exitCode == .failure)
        let text = report.text
        #expect(text.contains("no header row in the first 20 rows"))
        #expect(!text.contains("张三丰") && !text.contains("420102199001011234"), "a dry run shows headers, never a data row")
        #expect(text.contains("verdict: nothing usable"))
    }

    @Test func rejectedRowsAreNamedByRowAndReasonOnly() throws {
        let (report, _) = try check("""
              - role: civil
                paths: ["../data/c.csv"]
            """) { folder in
            try folder.write("姓名,身份证号,保障状态\n李四,420102199001011234,在保\n王,五,420102199001015678,在保\n", to: "data/c.csv")
        }
        #expect(report.exitCode == .success, "a rejected row does not stop the file")
        #expect(report.text.contains("rejected row 3: row has 4 cells but the header has 3"))
        #expect(!report.text.contains("420102199001015678"))
    }

    @Test func aConfigurationMistakeIsAConfigurationErrorNamingTheLine() throws {
        let folder = try TemporaryFolder()
        let pipeline = try folder.write(Fixtures.pipeline("""
              - role: civil
                pathz: ["a.csv"]
            """), to: "p.yaml")
        #expect {
            try PipelineCheck.run(pipeline: pipeline.path)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.line == 7 && error.description.contains("unknown key \"pathz\"")
        }
    }
}
