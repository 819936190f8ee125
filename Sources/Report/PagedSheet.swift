import BiduiCore
import Writers

/// A list on one sheet or more: a frozen, shaded header row, filter buttons over the rows, and past
/// `rowsPerSheet` rows (Excel's limit by default) the list goes on at 「name（2）」 with the header
/// again. Every list in discrepancies.xlsx is written through it.
final class PagedSheet {
    /// Data rows a sheet holds below its header.
    static let excelRowLimit = 1_048_575

    private let writer: XLSXWriter
    private let name: String
    private let headers: [String]
    private let widths: [Double]
    private let rowsPerSheet: Int
    private var part = 1, inSheet = 0
    /// Rows written over all parts.
    private(set) var rows = 0

    /// Begins the first sheet with its header row.
    init(_ writer: XLSXWriter, name: String, headers: [String], widths: [Double], rowsPerSheet: Int = PagedSheet.excelRowLimit) throws {
        self.writer = writer
        self.name = name
        self.headers = headers
        self.widths = widths
        self.rowsPerSheet = rowsPerSheet
        try beginPart()
    }

    func add(_ cells: [SpreadsheetCell]) throws {
        if inSheet == rowsPerSheet {
            filter()
            part += 1
            inSheet = 0
            try beginPart()
        }
        rows += 1
        inSheet += 1
        try writer.writeRow(cells, style: .wrapped)
    }

    /// A line that is not a data row (e.g. why the list is empty), without a filter over it.
    func note(_ text: String) throws {
        try writer.writeRow([.empty, .text(text)])
    }

    /// Puts the filter over the last part's rows; call when the list is complete.
    func finish() {
        if inSheet > 0 { filter() }
    }

    private func beginPart() throws {
        try writer.beginSheet(part == 1 ? name : "\(name)（\(part)）", options: .init(frozenRows: 1, columnWidths: widths))
        try writer.writeRow(headers.map { .text($0) }, style: .header)
    }

    private func filter() {
        writer.setAutoFilter("A1:\(SpreadsheetColumn.letters(headers.count - 1))\(inSheet + 1)")
    }
}
