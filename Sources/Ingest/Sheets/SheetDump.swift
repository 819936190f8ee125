import Foundation

/// Every cell of every sheet of a spreadsheet or delimited text file, as the readers deliver them to
/// ingest: for checking the readers against what other programs read in the same files, and for
/// small files bidui reads back whole (an officer's review decisions). A CSV is one sheet named "".
package enum SheetDump {
    package struct Sheet: Equatable, Sendable {
        package var name: String
        /// Row number → cells, rows with only empty cells left out, trailing empty cells dropped.
        package var rows: [Int: [String]]
    }

    package static func read(_ url: URL) throws -> [Sheet] {
        let scan = try EncodingScan.scan(url)
        let collector = Collector()
        var notes: [String] = []
        switch SourceFormat.sniff(scan.prefix) {
        case .xlsx: try XLSXFileIngester.read(url, into: collector, notes: &notes)
        case .spreadsheetML: try SpreadsheetMLReader.read(url, into: collector)
        case .htmlTable:
            HTMLTableReader.read(url, encoding: HTMLFileIngester.encoding(declaredIn: scan.prefix, choice: .auto, scan: scan), into: collector)
        case .biff: throw IngestFileError.malformed("a binary .xls workbook; open it in Excel or WPS and save it as .xlsx")
        case .delimitedText: return [try delimited(url, scan: scan)]
        }
        collector.endSheet()
        return collector.sheets
    }

    private static func delimited(_ url: URL, scan: EncodingScan) throws -> Sheet {
        let decision = try TextEncodingDecision.decide(scan, choice: .auto).get()
        var readURL = url
        var start: Int64 = decision.hasBOM ? 3 : 0
        var temporary: URL?
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        if decision.encoding == .gb18030 {
            let converted = FileManager.default.temporaryDirectory.appendingPathComponent("bidui-dump-\(getpid())-\(UUID().uuidString).utf8")
            try UTF8Transcoder.transcode(url, from: .gb18030, to: converted)
            temporary = converted
            readURL = converted
            start = 0
        }
        let handle = try FileHandle(forReadingFrom: readURL)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(start))
        let sample = try handle.read(upToCount: 64 << 10) ?? Data()
        var reader = try DelimitedRecordReader(file: handle, delimiter: DelimiterSniffer.sniff(Array(sample)), startOffset: start)
        var sheet = Sheet(name: "", rows: [:])
        var row = CellRow()
        while try reader.next(into: &row) {
            var cells = row.strings
            while cells.last == "" { cells.removeLast() }
            if !cells.isEmpty { sheet.rows[row.number] = cells }
        }
        return sheet
    }

    private final class Collector: SheetRowSink {
        var sheets: [Sheet] = []
        private var open = false
        let sheetsRead = 0
        var wantsRows: Bool { open }

        func beginSheet(named name: String) -> Bool {
            endSheet()
            sheets.append(Sheet(name: name, rows: [:]))
            open = true
            return true
        }

        func accept(_ row: CellRow) -> Bool {
            var cells = row.strings
            while cells.last == "" { cells.removeLast() }
            if !cells.isEmpty { sheets[sheets.count - 1].rows[row.number] = cells }
            return true
        }

        func endSheet() { open = false }
    }
}
