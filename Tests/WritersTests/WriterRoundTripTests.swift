import Foundation
import Testing
import TestSupport
@testable import BiduiCore
@testable import Ingest
@testable import Writers

/// What the writers write, read back through the same readers that ingest department files.
@Suite struct WriterRoundTripTests {
    static let awkward = "欧阳 & <子涵> \"买买提·艾力\"\n第二行"

    @Test func xlsxKeepsSheetsTextNumbersDatesAndTitles() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("out.xlsx")
        let writer = try XLSXWriter(url: url)
        try writer.beginSheet("漕河镇", options: .init(frozenRows: 2, columnWidths: [12, 20]))
        try writer.writeRow([.text("蕲春县防返贫监测成员信息")])
        writer.mergeCells("A1:D1")
        try writer.writeRow([.text("成员姓名"), .text("证件号码"), .text("金额"), .text("日期")])
        try writer.writeRow([.text(Self.awkward), .text("420102199001011234"), .number("625"), .date(CalendarDate(year: 2025, month: 10, day: 15)!)])
        try writer.writeRow([.text("李四"), .empty, .number("1000.5"), .date(CalendarDate(year: 1900, month: 3, day: 1)!)])
        writer.setAutoFilter("A2:D4")
        try writer.beginSheet("青石镇")
        for i in 1...20_000 { try writer.writeRow([.text("第\(i)行"), .text(String(format: "%018d", i))]) }
        try writer.finish()

        let sheets = try SheetDump.read(url)
        #expect(sheets.map(\.name) == ["漕河镇", "青石镇"])
        #expect(sheets[0].rows[1] == ["蕲春县防返贫监测成员信息"])
        #expect(sheets[0].rows[3] == [Self.awkward, "420102199001011234", "625", "2025-10-15"], "ID numbers stay text")
        #expect(sheets[0].rows[4] == ["李四", "", "1000.5", "1900-03-01"])
        #expect(sheets[1].rows.count == 20_000, "a long sheet crosses several parse blocks")
        #expect(sheets[1].rows[20_000] == ["第20000行", "000000000000020000"])
    }

    @Test func spreadsheetMLKeepsMergesGapsAndTypes() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("civil.xls")
        let writer = try SpreadsheetMLWriter(url: url)
        try writer.beginSheet("低保")
        try writer.writeRow([.text("江岸区低保名册")], mergeAcross: 3)
        try writer.writeRow([.text("姓名"), .text("身份证号码"), .text("起始年月"), .text("认定日期")])
        try writer.writeRow([.text(Self.awkward), .empty, .number("202103"), .date(CalendarDate(year: 2021, month: 3, day: 1)!)])
        try writer.beginSheet("特困")
        try writer.writeRow([.text("王五")])
        try writer.finish()
        let sheets = try SheetDump.read(url)
        #expect(sheets.map(\.name) == ["低保", "特困"])
        #expect(sheets[0].rows[3] == [Self.awkward, "", "202103", "2021-03-01"])
        #expect(sheets[1].rows[1] == ["王五"])
    }

    @Test(arguments: [DelimitedTextWriter.Encoding.utf8WithBOM, .gb18030])
    func csvIsReadBackWithItsEncodingAndQuoting(_ encoding: DelimitedTextWriter.Encoding) throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("c.csv")
        let writer = try DelimitedTextWriter(url: url, encoding: encoding)
        try writer.writeRow(["姓名", "身份证号码", "保障类型"])
        try writer.writeRow([Self.awkward, "42010219900101123X", "城市低保,特困"])
        try writer.writeRow(["㐀㐁", "420102199001011234", "孤儿"])
        try writer.finish()
        let bytes = try Data(contentsOf: url)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]) == (encoding == .utf8WithBOM))
        let scan = try EncodingScan.scan(url)
        guard case .success(let decision) = TextEncodingDecision.decide(scan, choice: .auto) else {
            Issue.record("encoding not recognised")
            return
        }
        #expect(decision.encoding == (encoding == .utf8WithBOM ? .utf8 : .gb18030))
        let readURL = folder.url.appendingPathComponent("read.csv")
        if decision.encoding == .gb18030 {
            try UTF8Transcoder.transcode(url, from: .gb18030, to: readURL)
        } else {
            try FileManager.default.copyItem(at: url, to: readURL)
        }
        let handle = try FileHandle(forReadingFrom: readURL)
        defer { try? handle.close() }
        var reader = try DelimitedRecordReader(file: handle, delimiter: 0x2C, startOffset: decision.hasBOM ? 3 : 0)
        var row = CellRow()
        var rows: [[String]] = []
        while try reader.next(into: &row) { rows.append(row.strings) }
        #expect(rows == [["姓名", "身份证号码", "保障类型"], [Self.awkward, "42010219900101123X", "城市低保,特困"], ["㐀㐁", "420102199001011234", "孤儿"]])
    }

    @Test func excelSerialsMatchTheReader() {
        for (y, m, d) in [(1900, 3, 1), (2013, 9, 1), (2025, 10, 31), (1999, 12, 31)] {
            let date = CalendarDate(year: y, month: m, day: d)!
            #expect(ExcelSerialDate.date(serial: XLSXWriter.serial(date)) == date)
        }
        #expect(XLSXWriter.serial(CalendarDate(year: 2013, month: 9, day: 1)!) == 41518)
    }
}
