import Foundation
import Testing
import TestSupport
@testable import BiduiCore
@testable import Ingest

/// Hostile spreadsheets (issue 10): XLSX parts with DTDs, size lies and columns past XFD, SpreadsheetML
/// and HTML with entities and absurd indexes. The zip bombs run as child processes in HostileRunTests.
@Suite struct HostileWorkbookTests {
    static func xlsx(_ kind: HostileFiles.Kind) throws -> IngestHarness {
        try HostileInputTests.ingest { try HostileFiles.make(kind, at: $0.url.appendingPathComponent("data/hostile.xlsx")) }
    }

    static func spreadsheetML(_ rows: String, prolog: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>\(prolog)
        <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
        <Worksheet ss:Name="名单"><Table>
        <Row><Cell><Data ss:Type="String">姓名</Data></Cell><Cell><Data ss:Type="String">身份证号</Data></Cell></Row>
        \(rows)
        </Table></Worksheet></Workbook>
        """
    }

    static func person(_ name: String, _ id: String, extra: String = "") -> String {
        "<Row><Cell><Data ss:Type=\"String\">\(name)</Data></Cell><Cell><Data ss:Type=\"String\">\(id)</Data></Cell>\(extra)</Row>"
    }

    static let laughs = "<!DOCTYPE lolz [<!ENTITY lol \"lol\">" + (1...9).map { i in
        "<!ENTITY lol\(i) \"" + String(repeating: i == 1 ? "&lol;" : "&lol\(i - 1);", count: 10) + "\">"
    }.joined() + "]>"
    static let xxe = "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"

    @Test(arguments: [HostileFiles.Kind.workbookBillionLaughs, .sharedStringsXXE, .sheetBillionLaughs])
    func aDTDInAnyXLSXPartRefusesTheFile(_ kind: HostileFiles.Kind) throws {
        let started = Date()
        let h = try Self.xlsx(kind)
        let problem = try #require(h.line("../data/hostile.xlsx")?.problem)
        #expect(problem.contains("the XML declares a DTD (<!DOCTYPE>), which spreadsheet files never do"), "\(problem)")
        #expect(problem.hasSuffix("Open the file in Excel or WPS and save it again"))
        #expect(!problem.contains("root:x:0") && !problem.contains("lollol"))
        try HostileInputTests.expectGoodFileArrived(h)
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test(arguments: [laughs, xxe])
    func aDTDInSpreadsheetMLRefusesTheFile(_ doctype: String) throws {
        let h = try HostileInputTests.ingest {
            try $0.write(Self.spreadsheetML(Self.person("&lol9;&xxe;", "420102199001015678"), prolog: doctype), to: "data/hostile.xls")
        }
        let problem = try #require(h.line("../data/hostile.xls")?.problem)
        #expect(problem.contains("declares a DTD"), "\(problem)")
        try HostileInputTests.expectGoodFileArrived(h)
    }

    @Test(arguments: [laughs, xxe, laughs.replacingOccurrences(of: "lolz", with: "html"), xxe.replacingOccurrences(of: "x [", with: "html [")])
    func entitiesInAnHTMLTableAreNeverExpanded(_ doctype: String) throws {
        let h = try HostileInputTests.ingest {
            try $0.write("""
                \(doctype)<html><body><table>
                <tr><td>姓名</td><td>身份证号</td><td>备注</td></tr>
                <tr><td>李四</td><td>420102199001015678</td><td>&lol9;&xxe;</td></tr>
                </table></body></html>
                """, to: "data/page.xls")
        }
        // libxml2's HTML parser reads no DTD: the entities stay text, nothing is loaded or multiplied.
        let rows = try h.rows().filter { $0.file == "../data/page.xls" }
        #expect(rows.map { $0.cells["name"] } == ["李四"])
        let text = try h.store.database.read { db in try String.fetchAll(db, sql: "SELECT cells FROM raw_rows") }.joined()
        #expect(!text.contains("root:x:0") && !text.contains("lollol"))
        #expect(h.report.exitCode == .success)
    }

    /// libxml2 would read the whole page as Latin-1 after one bad byte: every name garbled, silently.
    @Test(arguments: ["<meta charset=\"utf-8\">", ""])
    func badBytesInAnHTMLPageRejectTheirRowsOnly(_ meta: String) throws {
        let h = try HostileInputTests.ingest { folder in
            var page = Data("<html><head>\(meta)</head><body><table><tr><td>姓名</td><td>身份证号</td></tr><tr><td>李".utf8)
            page.append(contentsOf: [0xFF, 0xFE])
            page.append(Data("四</td><td>420102199001015678</td></tr><tr><td>王\u{0}五</td><td>420102199001019999</td></tr>".utf8))
            page.append(Data("<tr><td>赵六</td><td>420102199001013333</td></tr></table></body></html>".utf8))
            try folder.write(page, to: "data/page.html")
        }
        let rows = try h.rows().filter { $0.file == "../data/page.html" }
        #expect(rows.map { $0.cells["name"] } == ["赵六"], "the good row arrives ungarbled")
        #expect(try h.issues().filter { $0.reason == "invalid_encoding" }.map(\.row) == [2, 3])
        #expect(h.line("../data/page.html")?.encoding == "UTF-8")
        try HostileInputTests.expectAccounted(h)
        try HostileInputTests.expectGoodFileArrived(h, partial: false)
    }

    @Test func aSizeLieInTheZIPDirectoryStopsAtTheDeclaredSize() throws {
        let h = try Self.xlsx(.declaredSizeLie)
        let problem = try #require(h.line("../data/hostile.xlsx")?.problem)
        #expect(problem == "sheet Sheet1: xl/worksheets/sheet1.xml inflates past the 1000 bytes its ZIP directory declares: the workbook is corrupt or a zip bomb; open the workbook in Excel or WPS and save it again, or split it if it really is that large")
        #expect(try h.rows().allSatisfy { $0.file == "../data/good.csv" }, "none of the file's rows are kept")
        try HostileInputTests.expectGoodFileArrived(h)
    }

    @Test func aZIPWithTooManyEntriesIsRefused() throws {
        let h = try Self.xlsx(.manyEntries)
        #expect(h.line("../data/hostile.xlsx")?.problem == "the ZIP directory lists 100004 entries, where a workbook has a few dozen: refused as a possible zip bomb; open the workbook in Excel or WPS and save it again")
        try HostileInputTests.expectGoodFileArrived(h)
    }

    @Test func aSheetOf16384ColumnsIsRead() throws {
        let h = try Self.xlsx(.wideSheet)
        let rows = try h.rows().filter { $0.file == "../data/hostile.xlsx" }
        #expect(rows.map { $0.cells["name"] } == ["张三", "李四"])
        try HostileInputTests.expectGoodFileArrived(h, partial: false)
    }

    @Test func cellsPastXFDRejectTheirRows() throws {
        let h = try Self.xlsx(.beyondXFD)
        #expect(try h.rows().filter { $0.file == "../data/hostile.xlsx" }.map(\.row) == [2])
        let issues = try h.issues().filter { $0.reason == "too_many_columns" }
        #expect(issues.map(\.row) == [3, 4], "XFE3 and AAAA4")
        #expect(try HostileInputTests.columns(h, reason: "too_many_columns") == ["XFE", "XFE"])
        try HostileInputTests.expectAccounted(h)
        try HostileInputTests.expectGoodFileArrived(h, partial: false)
    }

    @Test func aCellOverOneMebibyteRejectsItsRow() throws {
        let h = try Self.xlsx(.hugeCell)
        let issue = try #require(try h.issues().first { $0.reason == "cell_too_long" })
        #expect(issue.row == 3)
        #expect(try HostileInputTests.columns(h, reason: issue.reason) == ["A"])
        #expect(issue.message.hasPrefix("the cell in column A is longer than 1 MiB (Excel holds at most 32,767 characters in a cell)"))
        #expect(h.line("../data/hostile.xlsx")?.counts.accepted == 1)
        try HostileInputTests.expectAccounted(h)
    }

    @Test(arguments: [HostileFiles.Kind.invalidUTF8, .nulByte])
    func badBytesInsideXLSXRefuseTheFileWithTheirPosition(_ kind: HostileFiles.Kind) throws {
        let h = try Self.xlsx(kind)
        let problem = try #require(h.line("../data/hostile.xlsx")?.problem)
        #expect(problem.hasPrefix("sheet Sheet1: malformed XML at line 1, column"), "\(problem)")
        #expect(problem.hasSuffix("; the file is damaged or was not saved by a spreadsheet program. Open it in Excel or WPS and save it again"))
        try HostileInputTests.expectGoodFileArrived(h)
    }

    @Test func badBytesInsideSpreadsheetMLRefuseTheFile() throws {
        let h = try HostileInputTests.ingest {
            var bad = Data(Self.spreadsheetML(Self.person("李四", "420102199001015678")).utf8)
            bad.replaceSubrange(bad.range(of: Data("李四".utf8))!, with: [0xFF, 0x00])
            try $0.write(bad, to: "data/bad.xls")
        }
        #expect(h.line("../data/bad.xls")?.problem?.hasPrefix("malformed XML at line 5") == true, "\(h.line("../data/bad.xls")?.problem ?? "")")
        try HostileInputTests.expectGoodFileArrived(h)
    }

    @Test func invalidGB18030InSpreadsheetMLRefusesTheFile() throws {
        let h = try HostileInputTests.ingest { folder in
            var bad = try HostileInputTests.gb18030(Self.spreadsheetML(Self.person("李四", "420102199001015678"))
                .replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"GBK\""))
            bad.replaceSubrange(bad.range(of: try HostileInputTests.gb18030("李四"))!, with: [0x81, 0x20])
            try folder.write(bad, to: "data/gb.xls")
        }
        #expect(h.line("../data/gb.xls")?.problem == "declares the encoding GBK but holds 1 byte sequence(s) that are not valid GB18030: the file is damaged. Open it in Excel or WPS and save it again")
        try HostileInputTests.expectGoodFileArrived(h)
    }

    @Test func absurdCellIndexesInSpreadsheetMLRejectTheirRows() throws {
        let h = try HostileInputTests.ingest {
            try $0.write(Self.spreadsheetML(
                Self.person("李四", "420102199001015678")
                + Self.person("王五", "420102199001019999", extra: "<Cell ss:Index=\"99999999999999\"><Data ss:Type=\"String\">x</Data></Cell>")
                + Self.person("赵六", "420102199001013333", extra: "<Cell ss:MergeAcross=\"99999999999\"/><Cell><Data ss:Type=\"String\">x</Data></Cell>")),
                to: "data/index.xls")
        }
        #expect(try h.rows().filter { $0.file == "../data/index.xls" }.map(\.row) == [2])
        #expect(try h.issues().filter { $0.reason == "too_many_columns" }.map(\.row) == [3, 4])
        try HostileInputTests.expectAccounted(h)
    }

    @Test func headerOnlySpreadsheetsAreReadWithANote() throws {
        let h = try HostileInputTests.ingest { folder in
            try HostileFiles.make(.headerOnly, at: folder.url.appendingPathComponent("data/header.xlsx"))
            try folder.write(Self.spreadsheetML(""), to: "data/header.xls")
            try folder.write("<html><table><tr><th>姓名</th><th>身份证号</th></tr></table></html>", to: "data/header.html")
        }
        for (file, sheet) in [("header.xlsx", "Sheet1"), ("header.xls", "名单"), ("header.html", "table 1")] {
            let line = try #require(h.line("../data/\(file)"))
            #expect(line.problem == nil)
            #expect(line.notes == ["sheet \(sheet) has a header (row 1) but no data rows below it; check that the export is complete"])
        }
        try HostileInputTests.expectGoodFileArrived(h, partial: false)
    }
}
