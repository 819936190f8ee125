import Foundation

/// Every cell of every sheet of a spreadsheet file, as the readers deliver them to ingest: for
/// checking the readers against what other programs read in the same files.
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
        case .biff, .delimitedText: throw IngestFileError.malformed("not a spreadsheet")
        }
        collector.endSheet()
        return collector.sheets
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
