import Foundation
import Testing
import TestSupport
@testable import Ingest

@Suite struct DelimitedRecordReaderTests {
    struct Record: Equatable {
        var number: Int
        var cells: [String]
        var problem: RowProblem?
    }

    func records(_ text: String, delimiter: UInt8 = 0x2C, chunkSize: Int = 1 << 16) throws -> [Record] {
        let folder = try TemporaryFolder()
        let url = try folder.write(text, to: "t.csv")
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var reader = try DelimitedRecordReader(file: handle, delimiter: delimiter, chunkSize: chunkSize)
        var row = CellRow()
        var result: [Record] = []
        while try reader.next(into: &row) {
            result.append(Record(number: row.number, cells: row.strings, problem: row.problem))
        }
        return result
    }

    @Test func quotedCellsHoldDelimitersQuotesAndLineBreaks() throws {
        let text = "姓名,学校名称,备注\n张三,\"实验小学,东校区\",\"他说\"\"好\"\"\"\n李四,\"育才\n中学\",x\n王五,a,b\n"
        let result = try records(text)
        #expect(result == [
            Record(number: 1, cells: ["姓名", "学校名称", "备注"]),
            Record(number: 2, cells: ["张三", "实验小学,东校区", "他说\"好\""]),
            Record(number: 3, cells: ["李四", "育才\n中学", "x"]),
            Record(number: 4, cells: ["王五", "a", "b"]),
        ], "a record spanning two lines is one row: the next record is row 4, as Excel shows it")
    }

    @Test func crlfLoneCRAndAMissingFinalLineBreak() throws {
        let result = try records("a,b\r\nc,d\re,f")
        #expect(result.map(\.cells) == [["a", "b"], ["c", "d"], ["e", "f"]])
        #expect(result.map(\.number) == [1, 2, 3])
    }

    @Test func blankLinesAreRowsToo() throws {
        let result = try records("a,b\n\nc,d\n")
        #expect(result.map(\.number) == [1, 2, 3])
        #expect(result[1].cells == [""])
    }

    @Test func anUnterminatedQuoteCostsOneRowAndReadingResumesOnTheNextLine() throws {
        let result = try records("h1,h2\nok,1\n\"broken,2\nafter,3\nlast,4\n")
        #expect(result.count == 5)
        #expect(result[2].number == 3)
        #expect(result[2].problem == .unterminatedQuote(column: 1))
        #expect(result[3] == Record(number: 4, cells: ["after", "3"]))
        #expect(result[4] == Record(number: 5, cells: ["last", "4"]))
    }

    @Test func textAfterAClosingQuoteIsKept() throws {
        #expect(try records("\"abc\"def,x\n").first?.cells == ["abcdef", "x"])
    }

    @Test func chunkBoundariesAnywhereGiveTheSameRecords() throws {
        let text = "序号,姓名,说明\r\n1,\"欧阳,子涵\",\"多行\r\n说明\"\"引号\"\"\"\r\n2,买买提·艾力,x\r\n\r\n3,\"a\",\"\"\r\n"
        let expected = try records(text)
        for size in [1, 2, 3, 5, 7, 11] {
            #expect(try records(text, chunkSize: size) == expected, "chunk size \(size)")
        }
        #expect(expected.map(\.number) == [1, 2, 3, 4, 5])
    }

    @Test func tabDelimited() throws {
        #expect(try records("a\tb,c\n1\t2\n", delimiter: 0x09).map(\.cells) == [["a", "b,c"], ["1", "2"]])
    }
}

@Suite struct DelimiterSnifferTests {
    @Test func picksTheDelimiterThatSplitsLinesEvenly() {
        #expect(DelimiterSniffer.sniff(Array("a,b,c\n1,2,3\n".utf8)) == 0x2C)
        #expect(DelimiterSniffer.sniff(Array("a\tb\tc\n1\t2,5\t3\n4\t5\t6\n".utf8)) == 0x09)
        #expect(DelimiterSniffer.sniff(Array("a;b;c\n1;2;3\n".utf8)) == 0x3B)
        #expect(DelimiterSniffer.sniff(Array("a|b|c\n1|2|3\n".utf8)) == 0x7C)
    }

    @Test func ignoresDelimitersInsideQuotesAndTitleRows() {
        let text = "XX县2025年秋季学期资助名单\n姓名;学校;金额\n张三;\"小学,东校区,分部\";100\n李四;中学;200\n"
        #expect(DelimiterSniffer.sniff(Array(text.utf8)) == 0x3B)
    }
}
