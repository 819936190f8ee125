import Foundation

/// Streams a SpreadsheetML 2003 workbook (`urn:schemas-microsoft-com:office:spreadsheet`), whatever its
/// extension: worksheets in order, `ss:Index` gaps for rows and cells, `ss:MergeAcross`, typed
/// `<Data>` (String, Number, DateTime, Boolean, Error) with inline `html:` runs joined.
final class SpreadsheetMLReader: SAXDelegate {
    private let workbook: SheetRowSink
    private var row = CellRow()
    private var lastRowNumber = 0
    private var column = 0
    private var inRow = false
    private var dataDepth = 0
    private var commentDepth = 0
    private var dataType: [UInt8] = []
    private var text = TextCollector()
    private var cellNumeric = false

    init(workbook: SheetRowSink) {
        self.workbook = workbook
    }

    static func read(_ url: URL, into workbook: SheetRowSink) throws {
        let reader = SpreadsheetMLReader(workbook: workbook)
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let fd = handle.fileDescriptor
        try SAXParser(delegate: reader).parse(name: url.lastPathComponent) { buffer in
            while true {
                let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
                if n >= 0 { return n }
                if errno != EINTR { throw XMLProblem(message: "read error: \(String(cString: strerror(errno)))") }
            }
        }
        if reader.workbookOpen { workbook.endSheet() }
    }

    private var workbookOpen = false

    func startElement(_ name: SAXName, attributes: SAXAttributes) {
        if commentDepth > 0 {
            if name.is("Comment") { commentDepth += 1 }
            return
        }
        if dataDepth > 0 {
            dataDepth += 1  // an inline html: run inside <Data>
            return
        }
        if name.is("Worksheet") {
            if workbookOpen { workbook.endSheet() }
            workbook.beginSheet(named: attributes.string("Name") ?? "Sheet\(lastSheetOrdinal + 1)")
            lastSheetOrdinal += 1
            workbookOpen = true
            lastRowNumber = 0
        } else if name.is("Row") {
            let number = attributes.integer("Index") ?? lastRowNumber + 1
            lastRowNumber = number
            row.reset(number: number)
            inRow = true
            column = 0
        } else if name.is("Cell") && inRow {
            // Bounded: a hostile ss:Index or ss:MergeAcross must not make a row of a billion cells.
            if let index = attributes.integer("Index"), index >= 1 { column = min(index - 1, CellRow.maximumCells) }
            row.pad(to: column)
            pendingMerge = min(attributes.integer("MergeAcross") ?? 0, CellRow.maximumCells)
            cellHasData = false
        } else if name.is("Data") && inRow {
            dataDepth = 1
            dataType = attributes.value("Type").map(Array.init) ?? []
            text.start()
        } else if name.is("Comment") {
            commentDepth = 1
        }
    }

    private var lastSheetOrdinal = 0
    private var pendingMerge = 0
    private var cellHasData = false

    func endElement(_ name: SAXName) {
        if commentDepth > 0 {
            if name.is("Comment") { commentDepth -= 1 }
            return
        }
        if dataDepth > 1 {
            dataDepth -= 1
            return
        }
        if dataDepth == 1 {
            dataDepth = 0
            text.isCollecting = false
            appendData()
            cellHasData = true
        } else if name.is("Cell") && inRow {
            if !cellHasData { row.pad(to: column + 1) }
            column = min(column + 1 + max(0, pendingMerge), CellRow.maximumCells + 1)
        } else if name.is("Row") && inRow {
            inRow = false
            if row.cellCount > 0 && workbook.wantsRows { workbook.accept(row) }
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) { text.append(bytes) }

    private func appendData() {
        row.pad(to: column)
        if text.overflowed, row.problem == nil { row.problem = .cellTooLong(column: column, limit: TextCollector.maximumBytes) }
        let bytes = text.bytes
        switch String(decoding: dataType, as: UTF8.self) {
        case "Number":
            row.bytes.append(contentsOf: bytes)
            if !bytes.isEmpty { row.numericCells.append(column) }
        case "DateTime":
            // 2021-03-01T00:00:00.000 → 2021-03-01 (a time of day is kept when there is one).
            var value = String(decoding: bytes, as: UTF8.self)
            if value.hasSuffix("T00:00:00.000") || value.hasSuffix("T00:00:00") {
                value = String(value.prefix { $0 != "T" })
            } else {
                value = value.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: ".000", with: "")
            }
            row.bytes.append(contentsOf: value.utf8)
        case "Boolean":
            row.bytes.append(contentsOf: (bytes == [0x31] ? "TRUE" : "FALSE").utf8)
        default:
            row.bytes.append(contentsOf: bytes)
        }
        row.endCell()
    }
}
