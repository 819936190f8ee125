import CLibXML2
import Foundation

/// Streams the tables of an HTML page saved as .xls through libxml2's HTML parser (SAX), rows of
/// each table numbered within it; `rowspan`/`colspan` repeat their text in every cell they cover.
/// Tables go to the workbook one by one until one has been read: the first whose header matches.
final class HTMLTableReader {
    private let workbook: SheetRowSink
    private var tables: [TableState] = []
    private var tableCount = 0
    private var done = false
    /// Cells `rowspan` may still repeat in rows below: 100,000 plus 16 per byte of the page, so a
    /// few bytes (`<td colspan=1000 rowspan=10000>`, then bare `<tr>`s) cannot make billions of
    /// cells and minutes of work (found by fuzzing); no real export comes near it.
    private var spannedCellsLeft: Int
    static let maximumNesting = 64
    private var ignoredNestedTables = 0

    private final class TableState {
        var ordinal: Int
        var wanted: Bool
        var row = CellRow()
        var rowNumber = 0
        var column = 0
        var inRow = false
        var cell: [UInt8]?
        var colspan = 1
        var rowspan = 1
        /// Column → (rows still covered, text) for cells spanning down from rows above.
        var spans: [Int: (rows: Int, text: [UInt8])] = [:]

        init(ordinal: Int, wanted: Bool) {
            self.ordinal = ordinal
            self.wanted = wanted
        }
    }

    init(workbook: SheetRowSink, fileSize: Int = 0) {
        self.workbook = workbook
        spannedCellsLeft = 100_000 + 16 * max(0, fileSize)
    }

    /// Reads `url`, decoding it as `encoding` (an iconv name) whatever its `<meta>` says.
    static func read(_ url: URL, encoding: String, into workbook: SheetRowSink) {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        let reader = HTMLTableReader(workbook: workbook, fileSize: size)
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, attributes in
            guard let context, let name else { return }
            Unmanaged<HTMLTableReader>.fromOpaque(context).takeUnretainedValue()
                .start(String(cString: name), attributes: attributes)
        }
        handler.endElement = { context, name in
            guard let context, let name else { return }
            Unmanaged<HTMLTableReader>.fromOpaque(context).takeUnretainedValue().end(String(cString: name))
        }
        handler.characters = { context, text, length in
            guard let context, let text else { return }
            Unmanaged<HTMLTableReader>.fromOpaque(context).takeUnretainedValue()
                .characters(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        handler.cdataBlock = handler.characters
        handler.serror = nil
        handler.error = nil
        handler.warning = nil
        let me = Unmanaged.passUnretained(reader).toOpaque()
        _ = htmlSAXParseFile(url.path, encoding, &handler, me)
        while let table = reader.tables.popLast() { reader.close(table) }
    }

    private func start(_ name: String, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        switch name {
        case "table":
            // Tables nested past any real page's depth are not followed: each costs a row buffer.
            guard tables.count < Self.maximumNesting else {
                ignoredNestedTables += 1
                return
            }
            tableCount += 1
            let wanted = !done && tables.isEmpty
            if wanted { workbook.beginSheet(named: "table \(tableCount)") }
            tables.append(TableState(ordinal: tableCount, wanted: wanted))
        case "tr":
            guard let table = tables.last else { return }
            if table.inRow { finishRow(table) }
            table.rowNumber += 1
            table.row.reset(number: table.rowNumber)
            table.column = 0
            table.inRow = true
        case "td", "th":
            guard let table = tables.last, table.inRow else { return }
            if table.cell != nil { finishCell(table) }
            table.cell = []
            table.colspan = min(max(Self.integer(attributes, "colspan") ?? 1, 1), 1000)
            table.rowspan = min(max(Self.integer(attributes, "rowspan") ?? 1, 1), 10_000)
        case "br", "p", "div":
            tables.last?.cell?.append(0x20)
        default:
            break
        }
    }

    private func end(_ name: String) {
        switch name {
        case "td", "th":
            if let table = tables.last, table.cell != nil { finishCell(table) }
        case "tr":
            if let table = tables.last, table.inRow { finishRow(table) }
        case "table":
            if ignoredNestedTables > 0 {
                ignoredNestedTables -= 1
                return
            }
            if let table = tables.popLast() { close(table) }
        default:
            break
        }
    }

    private func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard let table = tables.last, let count = table.cell?.count else { return }
        // Bounded like the XML readers' cells: past the limit the text is dropped and the row marked.
        guard count + text.count <= TextCollector.maximumBytes else {
            if table.row.problem == nil { table.row.problem = .cellTooLong(column: table.column, limit: TextCollector.maximumBytes) }
            return
        }
        table.cell?.append(contentsOf: text)
    }

    /// Fills columns held by row spans from above, up to the next free column.
    private func skipSpannedColumns(_ table: TableState) {
        while let span = table.spans[table.column] {
            table.row.pad(to: table.column)
            table.row.bytes.append(contentsOf: span.text)
            table.row.endCell()
            table.spans[table.column] = span.rows > 1 ? (span.rows - 1, span.text) : nil
            table.column += 1
        }
    }

    private func finishCell(_ table: TableState) {
        guard let raw = table.cell else { return }
        table.cell = nil
        skipSpannedColumns(table)
        let text = Self.collapsed(raw)
        // Past XFD the row is marked (by `pad`) and no more spans are remembered: memory stays bounded.
        guard table.column < CellRow.maximumCells else {
            table.row.pad(to: table.column + 1)
            return
        }
        let rowsBelow = min(table.rowspan - 1, spannedCellsLeft / table.colspan)
        spannedCellsLeft -= rowsBelow * table.colspan
        for _ in 0..<table.colspan {
            table.row.pad(to: table.column)
            table.row.bytes.append(contentsOf: text)
            table.row.endCell()
            if rowsBelow > 0 { table.spans[table.column] = (rowsBelow, text) }
            table.column += 1
        }
    }

    private func finishRow(_ table: TableState) {
        if table.cell != nil { finishCell(table) }
        // Spans from above that lie beyond the last cell of this row.
        for column in table.spans.keys.sorted() where column >= table.column {
            table.column = column
            skipSpannedColumns(table)
        }
        table.inRow = false
        if table.wanted && table.row.cellCount > 0 && workbook.wantsRows { workbook.accept(table.row) }
    }

    private func close(_ table: TableState) {
        if table.inRow { finishRow(table) }
        guard table.wanted else { return }
        let before = workbook.sheetsRead
        workbook.endSheet()
        if workbook.sheetsRead > before { done = true }
    }

    /// Cell text as a browser shows it: runs of white space (and `&nbsp;`) as one space, trimmed.
    static func collapsed(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var pendingSpace = false
        var i = 0
        while i < raw.count {
            let b = raw[i]
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A {
                pendingSpace = true
            } else if b == 0xC2, i + 1 < raw.count, raw[i + 1] == 0xA0 {
                pendingSpace = true
                i += 1
            } else {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(b)
            }
            i += 1
        }
        return out
    }

    private static func integer(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, _ name: String) -> Int? {
        guard let attributes else { return nil }
        var i = 0
        while let key = attributes[i] {
            let value = attributes[i + 1]
            if String(cString: key).lowercased() == name, let value {
                return Int(String(cString: value).trimmingCharacters(in: .whitespaces))
            }
            i += 2
        }
        return nil
    }
}
