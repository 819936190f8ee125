import BiduiCore
import Foundation

/// Writes SpreadsheetML 2003 (the XML that Excel 2003 saves and that civil-affairs systems export,
/// often under an .xls name), streaming row by row.
public final class SpreadsheetMLWriter {
    private let output: BufferedFileOutput
    private var sheetOpen = false

    public init(url: URL) throws {
        output = try BufferedFileOutput(url: url)
        output.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <?mso-application progid="Excel.Sheet"?>
            <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">
             <Styles><Style ss:ID="Default" ss:Name="Normal"/><Style ss:ID="date"><NumberFormat ss:Format="Short Date"/></Style></Styles>

            """)
    }

    public func beginSheet(_ name: String) throws {
        try endSheet()
        output.write(" <Worksheet ss:Name=\"\(XMLText.escaped(name))\">\n  <Table>\n")
        sheetOpen = true
    }

    /// Writes a row; `mergeAcross` merges the first cell over that many cells to its right (a title).
    public func writeRow(_ cells: [SpreadsheetCell], mergeAcross: Int = 0) throws {
        var xml = "   <Row>"
        var skipped = false
        for (index, cell) in cells.enumerated() {
            let merge = index == 0 && mergeAcross > 0 ? " ss:MergeAcross=\"\(mergeAcross)\"" : ""
            let at = skipped ? " ss:Index=\"\(index + 1)\"" : ""
            switch cell {
            case .empty:
                skipped = true
                continue
            case .text(let text):
                xml += "<Cell\(at)\(merge)><Data ss:Type=\"String\">\(XMLText.escaped(text))</Data></Cell>"
            case .number(let number):
                xml += "<Cell\(at)\(merge)><Data ss:Type=\"Number\">\(XMLText.escaped(number))</Data></Cell>"
            case .date(let date):
                xml += "<Cell\(at)\(merge) ss:StyleID=\"date\"><Data ss:Type=\"DateTime\">\(date)T00:00:00.000</Data></Cell>"
            }
            skipped = false
        }
        output.write(xml + "</Row>\n")
        try output.rowEnded()
    }

    private func endSheet() throws {
        guard sheetOpen else { return }
        output.write("  </Table>\n </Worksheet>\n")
        sheetOpen = false
    }

    public func finish() throws {
        try endSheet()
        output.write("</Workbook>\n")
        try output.close()
    }
}
