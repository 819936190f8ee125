import BiduiCore
import Foundation

/// Writes an XLSX workbook sheet by sheet, row by row, through `ZipWriter`: nothing is held but
/// the current row, so a sheet of any length keeps memory flat. Text is written as inline strings.
public final class XLSXWriter {
    public struct SheetOptions: Sendable {
        /// Rows frozen at the top (a header stays in view).
        public var frozenRows = 0
        /// Column widths in characters, from column A.
        public var columnWidths: [Double] = []
        public init(frozenRows: Int = 0, columnWidths: [Double] = []) {
            self.frozenRows = frozenRows
            self.columnWidths = columnWidths
        }
    }

    /// How a row's cells look: a title, a bold shaded header, or text wrapped at the column's width
    /// and aligned to the top (cells that hold one line per source row).
    public enum RowStyle: Sendable { case plain, title, header, wrapped }

    private let zip: ZipWriter
    private var sheetNames: [String] = []
    private var rowNumber = 0
    private var merges: [String] = []
    private var autoFilter: String?
    private var sheetOpen = false

    /// `compressionLevel`: zlib's 1 (fastest) to 9 (smallest); reports use 1, which deflates several
    /// times faster for a somewhat larger file.
    public init(url: URL, compressionLevel: Int32 = 6) throws {
        zip = try ZipWriter(url: url, level: compressionLevel)
    }

    /// Starts a sheet (names must be unique, at most 31 characters, without `[]:*?/\`).
    public func beginSheet(_ name: String, options: SheetOptions = SheetOptions()) throws {
        try endSheet()
        sheetNames.append(name)
        try zip.beginEntry("xl/worksheets/sheet\(sheetNames.count).xml")
        var head = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        if options.frozenRows > 0 {
            head += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="\#(options.frozenRows)" topLeftCell="A\#(options.frozenRows + 1)" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        }
        if !options.columnWidths.isEmpty {
            head += "<cols>" + options.columnWidths.enumerated().map {
                #"<col min="\#($0.offset + 1)" max="\#($0.offset + 1)" width="\#($0.element)" customWidth="1"/>"#
            }.joined() + "</cols>"
        }
        try zip.write(head + "<sheetData>")
        rowNumber = 0
        merges = []
        autoFilter = nil
        sheetOpen = true
    }

    private var row: [UInt8] = []
    private var columnLetters: [[UInt8]] = []
    /// Writes the next row (rows are numbered from 1 in the order written).
    public func writeRow(_ cells: [SpreadsheetCell], style: RowStyle = .plain) throws {
        let (textStyle, dateStyle): (StaticString, StaticString) = switch style {
        case .plain: ("", " s=\"1\"")
        case .title: (" s=\"5\"", " s=\"1\"")
        case .header: (" s=\"2\"", " s=\"2\"")
        case .wrapped: (" s=\"3\"", " s=\"4\"")
        }
        rowNumber += 1
        let number = String(rowNumber)
        row.removeAll(keepingCapacity: true)
        row.append(static: "<row r=\"")
        row.append(contentsOf: number.utf8)
        row.append(static: "\">")
        while columnLetters.count < cells.count { columnLetters.append(Array(SpreadsheetColumn.letters(columnLetters.count).utf8)) }
        for (index, cell) in cells.enumerated() {
            if case .empty = cell { continue }
            row.append(static: "<c r=\"")
            row.append(contentsOf: columnLetters[index])
            row.append(contentsOf: number.utf8)
            row.append(static: "\"")
            switch cell {
            case .empty: continue
            case .text(let text):
                row.append(static: textStyle)
                row.append(static: " t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                XMLText.append(text, to: &row)
                row.append(static: "</t></is></c>")
            case .number(let value):
                row.append(static: textStyle)
                row.append(static: "><v>")
                XMLText.append(value, to: &row)
                row.append(static: "</v></c>")
            case .date(let date):
                row.append(static: dateStyle)
                row.append(static: "><v>")
                row.append(contentsOf: String(Self.serial(date)).utf8)
                row.append(static: "</v></c>")
            }
        }
        row.append(static: "</row>")
        try zip.write(row)
    }

    /// Merges a range of the current sheet, e.g. a title across the header: `mergeCells("A1:H1")`.
    public func mergeCells(_ range: String) { merges.append(range) }

    /// Puts filter buttons on a range of the current sheet, e.g. `A2:M2000`.
    public func setAutoFilter(_ range: String) { autoFilter = range }

    private func endSheet() throws {
        guard sheetOpen else { return }
        var tail = "</sheetData>"
        if let autoFilter { tail += #"<autoFilter ref="\#(autoFilter)"/>"# }
        if !merges.isEmpty {
            tail += #"<mergeCells count="\#(merges.count)">"# + merges.map { #"<mergeCell ref="\#($0)"/>"# }.joined() + "</mergeCells>"
        }
        try zip.write(tail + "</worksheet>")
        sheetOpen = false
    }

    /// Writes the workbook parts and closes the file.
    public func finish() throws {
        try endSheet()
        let count = sheetNames.count
        try zip.beginEntry("[Content_Types].xml")
        try zip.write(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
            + (1...max(1, count)).map { #"<Override PartName="/xl/worksheets/sheet\#($0).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"# }.joined()
            + "</Types>")
        try zip.beginEntry("_rels/.rels")
        try zip.write(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)
        try zip.beginEntry("xl/workbook.xml")
        try zip.write(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
            + sheetNames.enumerated().map { #"<sheet name="\#(XMLText.escaped($0.element))" sheetId="\#($0.offset + 1)" r:id="rId\#($0.offset + 1)"/>"# }.joined()
            + "</sheets></workbook>")
        try zip.beginEntry("xl/_rels/workbook.xml.rels")
        try zip.write(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + (0..<count).map { #"<Relationship Id="rId\#($0 + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#($0 + 1).xml"/>"# }.joined()
            + #"<Relationship Id="rId\#(count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#)
        try zip.beginEntry("xl/styles.xml")
        try zip.write(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="3"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font><font><b/><sz val="14"/><name val="宋体"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#)
        try zip.finish()
    }

    /// Excel's 1900-system day number of a date.
    package static func serial(_ date: CalendarDate) -> Int {
        // Days from 1899-12-30 (serials from 61 on, i.e. after the fictitious 1900-02-29).
        let n = date.daysSinceEpoch + 25569
        return n < 61 ? n - 1 : n
    }
}
