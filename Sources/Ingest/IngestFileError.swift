import BiduiCore

/// Why a whole file (or sheet) could not be ingested; the run goes on with the other files.
enum IngestFileError: Error, Sendable, CustomStringConvertible {
    case unreadable(String)
    case unsupportedEncoding(String)
    case binaryExcel
    case noHeader(expected: [String], firstRows: [String])
    case missingColumns(missing: [CanonicalField], headerRow: Int, headersFound: [String], expected: [[String]])
    case noReadableSheet(String)
    case malformed(String)
    case empty
    case changedWhileReading

    var description: String {
        switch self {
        case .unreadable(let message): "cannot be read: \(message)"
        case .unsupportedEncoding(let message): message
        case .binaryExcel:
            "is a binary Excel 97-2003 workbook (BIFF), which bidui does not read; open it in Excel or WPS and save it as .xlsx (Excel 工作簿), then run ingest again"
        case .noHeader(let expected, let firstRows):
            "no header row in the first \(SheetHeaderDetector.searchDepth) rows: expected headers such as \(expected.joined(separator: ", "))"
                + (firstRows.isEmpty ? "; the file has no rows" : "; first rows: " + firstRows.map(PersonalDataMask.maskCellQuotation).joined(separator: " | "))
                + ". Add the column mapping to the pipeline's `columns:` if the headers are named differently"
        case .noReadableSheet(let reasons):
            "no sheet has a header with this role's columns (\(reasons)). Check the role, or add the headers as aliases under the source's `columns:`"
        case .malformed(let message): message
        case .empty: "is empty (0 bytes): the export did not finish or the copy failed; export it again, or remove it from the folder"
        case .changedWhileReading:
            "changed while being read (its size or modification time differs after reading); none of its rows are kept. Re-run ingest when the export or copy is complete"
        case .missingColumns(let missing, let headerRow, let found, let expected):
            "missing column " + zip(missing, expected).map { field, aliases in
                "\(field.displayName) (expected one of: \(aliases.joined(separator: ", ")))"
            }.joined(separator: "; ") + "; headers found in row \(headerRow): \(found.filter { !$0.isEmpty }.joined(separator: ", ")). Add the header as an alias under the source's `columns:` in the pipeline if it is named differently"
        }
    }

    /// A short code for the accounting tables.
    var code: String {
        switch self {
        case .unreadable: "unreadable"
        case .unsupportedEncoding: "encoding"
        case .binaryExcel: "biff_xls"
        case .noHeader: "no_header"
        case .missingColumns: "missing_column"
        case .noReadableSheet: "no_readable_sheet"
        case .malformed: "malformed"
        case .empty: "empty"
        case .changedWhileReading: "changed_while_reading"
        }
    }
}
