import Foundation
import Testing
@testable import Ingest

@Suite struct SpreadsheetPartsTests {
    @Test func formatsThatShowDates() {
        for code in ["yyyy-mm-dd", "yyyy\"年\"m\"月\"d\"日\"", "m/d/yy h:mm", "[$-804]yyyy/m/d", "mmm-yy"] {
            #expect(CellStyles.isDateFormat(code), "\(code)")
        }
        for code in ["0.00", "#,##0", "@", "General", "0.00E+00", "[Red]0.00", "\"年\"0", "0\"天\""] {
            #expect(!CellStyles.isDateFormat(code), "\(code)")
        }
    }

    @Test func columnLettersAndDates() {
        func index(_ reference: String) -> Int? {
            Array(reference.utf8).withUnsafeBufferPointer { WorksheetReader.columnIndex($0) }
        }
        #expect(index("A1") == 0)
        #expect(index("D7") == 3)
        #expect(index("AA10") == 26)
        #expect(index("XFD1") == 16_383)
        #expect(index("12") == nil)
        #expect(WorksheetReader.dateText(Array("45945".utf8), uses1904: false) == "2025-10-15")
        #expect(WorksheetReader.dateText(Array("45945.5".utf8), uses1904: false) == "2025-10-15 12:00:00")
    }

    @Test func formatIsSniffedFromContentNotExtension() {
        #expect(SourceFormat.sniff(Array("PK\u{3}\u{4}rest".utf8)) == .xlsx)
        #expect(SourceFormat.sniff([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]) == .biff)
        #expect(SourceFormat.sniff(Array("<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook>".utf8)) == .spreadsheetML)
        #expect(SourceFormat.sniff(Array("\u{FEFF}<html><head><meta charset=gbk>".utf8)) == .htmlTable)
        #expect(SourceFormat.sniff(Array("<table border=1><tr>".utf8)) == .htmlTable)
        #expect(SourceFormat.sniff(Array("姓名,身份证号\n".utf8)) == .delimitedText)
    }

    @Test func htmlCellTextCollapsesWhiteSpace() {
        #expect(HTMLTableReader.collapsed(Array("  张\n  三\u{A0}".utf8)) == Array("张 三".utf8))
    }
}

@Suite struct WorksheetSplitterTests {
    func split(_ xml: String, feedSize: Int) -> (blocks: [String], splitter: WorksheetSplitter) {
        var splitter = WorksheetSplitter()
        var blocks: [WorksheetSplitter.Block] = []
        let bytes = Array(xml.utf8)
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + feedSize)
            blocks += bytes[i..<end].withUnsafeBytes { splitter.feed($0) }
            i = end
        }
        blocks += splitter.finish()
        return (blocks.map { String(decoding: $0.xml, as: UTF8.self) }, splitter)
    }

    @Test func blocksAreWholeRowsWrappedInTheRootWithItsNamespaces() {
        let rows = (1...3).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c></row>" }.joined()
        let xml = "<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"urn:main\" xmlns:y=\"urn:y\"><x:sheetData>\(rows)</x:sheetData><x:mergeCells/></x:worksheet>"
        for size in [1, 7, 64, 4096] {
            let (blocks, _) = split(xml, feedSize: size)
            #expect(blocks == ["<x:worksheet xmlns:x=\"urn:main\" xmlns:y=\"urn:y\">\(rows)</x:worksheet>"], "feed size \(size)")
        }
    }

    @Test func anEmptySheetHasNoBlocks() {
        let (blocks, splitter) = split("<worksheet xmlns=\"a\"><sheetData/></worksheet>", feedSize: 5)
        #expect(blocks.isEmpty)
        #expect(!splitter.sawNoSheetData)
        #expect(split("<worksheet xmlns=\"a\"><dimension/></worksheet>", feedSize: 5).splitter.sawNoSheetData)
    }
}
