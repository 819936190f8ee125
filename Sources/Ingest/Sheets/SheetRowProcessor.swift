import BiduiCore

/// Turns a reader's rows into accepted, skipped and rejected rows: finds the header, skips title,
/// blank and total rows, checks cell counts, and encodes the mapped cells for the store.
///
/// Every reader (CSV now, spreadsheets later) feeds one of these per sheet, so all formats share
/// header detection, row numbering and accounting.
final class SheetRowProcessor {
    enum Verdict: Equatable {
        case pending, header, accepted, skipped
        /// Rejected; `rereadAfterFirstLine` asks the reader to read the lines after the row's first line again.
        case rejected(rereadAfterFirstLine: Bool)
    }

    private let fileIndex: Int
    let sheetKey: Int
    private let sheetName: String?
    private let detector: SheetHeaderDetector
    /// Delimited text must have the header's cell count on every row; spreadsheets leave gaps.
    private let strictCellCount: Bool
    /// The transcoder replaced invalid bytes with U+FFFD: such cells reject their row.
    private let checkReplacementCharacters: Bool
    private let send: (IngestEvent) -> Void

    private var buffered: [(row: CellRow, cells: [String])] = []
    private(set) var header: SheetHeader?
    private(set) var counts = SheetCounts()
    private var batch = RowBatch()
    private var identityColumns: [Int] = []

    init(fileIndex: Int, sheetKey: Int, sheetName: String?, detector: SheetHeaderDetector,
         strictCellCount: Bool, checkReplacementCharacters: Bool, send: @escaping (IngestEvent) -> Void) {
        self.fileIndex = fileIndex
        self.sheetKey = sheetKey
        self.sheetName = sheetName
        self.detector = detector
        self.strictCellCount = strictCellCount
        self.checkReplacementCharacters = checkReplacementCharacters
        self.send = send
    }

    func accept(_ row: CellRow) throws -> Verdict {
        if header != nil { return process(row, canReread: true) }
        buffered.append(Self.forDetection(row))
        if buffered.count >= SheetHeaderDetector.searchDepth { try locateHeader() }
        return .pending
    }

    /// Ends the sheet: finds the header if the sheet was short, flushes rows, reports counts.
    func finish() throws -> SheetCounts {
        if header == nil { try locateHeader() }
        flush()
        send(.sheetFinished(sheet: sheetKey, counts))
        return counts
    }

    /// A row kept while the header is looked for: a row too long to be anything is kept without its
    /// text (it is rejected whatever the header), and no cell longer than a header could be is copied.
    private static func forDetection(_ row: CellRow) -> (row: CellRow, cells: [String]) {
        switch row.problem {
        case .tooLong?, .cellTooLong?:
            var kept = CellRow()
            kept.number = row.number
            kept.problem = row.problem
            return (kept, [])
        default:
            return (row, (0..<row.cellCount).map { row.range(ofCell: $0).count > 1024 ? "" : row.string(ofCell: $0) })
        }
    }

    /// Data rows after the header (any outcome): zero means the sheet holds a header only.
    private(set) var rowsAfterHeader = 0

    private func locateHeader() throws {
        let rows = buffered.map { (number: $0.row.number, cells: $0.cells) }
        guard let found = detector.detect(rows) else {
            if let best = detector.bestEffort(rows), best.score >= 2 {
                throw missingColumns(best.header)
            }
            if let long = buffered.first(where: { if case .tooLong? = $0.row.problem { true } else { false } }) {
                throw IngestFileError.malformed(
                    "row \(long.row.number) is longer than \(CellRow.maximumBytes >> 20) MiB and no header was found: the file is probably not a roster export; check it, or split it")
            }
            let expected = [CanonicalField.name, .idNumber].map(\.chineseName)
            let preview = buffered.prefix(3).map {
                "row \($0.row.number): " + $0.cells.filter { !$0.isEmpty }.prefix(6).map(Self.shortened).joined(separator: ", ")
            }
            throw IngestFileError.noHeader(expected: expected, firstRows: preview)
        }
        let missing = detector.missingFields(found.header)
        if !missing.isEmpty { throw missingColumns(found.header) }
        header = found.header
        identityColumns = found.header.columns.filter { [.name, .idNumber, .studentNumber].contains($0.field) }.map(\.index)
        send(.sheetStarted(file: fileIndex, sheet: sheetKey, name: sheetName, header: found.header))
        for column in found.header.ignoredDuplicates {
            issue(found.header.lastRow, nil, .skipped, "duplicate_column",
                  "column \(SpreadsheetColumn.letters(column.index)) (\(found.header.headers[column.index])) also maps to \(column.field.displayName); the first such column is used", count: false)
        }
        let pending = buffered
        buffered = []
        for (row, _) in pending {
            if let problem = row.problem, row.number < found.header.firstRow {
                reject(row, problem)
            } else if row.number < found.header.firstRow {
                issue(row.number, nil, .skipped, "title_row", "title row above the header")
            } else if row.number <= found.header.lastRow {
                issue(row.number, nil, .skipped, "header_row", "header row")
            } else {
                _ = process(row, canReread: false)
            }
        }
    }

    private func missingColumns(_ header: SheetHeader) -> IngestFileError {
        let missing = detector.missingFields(header)
        let expected = missing.map { detector.aliasesExpected(for: $0) }
        return .missingColumns(missing: missing, headerRow: header.lastRow, headersFound: header.headers, expected: expected)
    }

    /// A cell's text for a message: at most 40 characters.
    private static func shortened(_ text: String) -> String {
        text.count > 40 ? text.prefix(40) + "…" : text
    }

    private func reject(_ row: CellRow, _ problem: RowProblem) {
        switch problem {
        case .unterminatedQuote(let column):
            issue(row.number, SpreadsheetColumn.letters(column - 1), .rejected, "unterminated_quote",
                  "a quoted cell in column \(SpreadsheetColumn.letters(column - 1)) opens but never closes; fix the quote in the file. The lines after this row's first line were read again")
        case .tooLong(let limit):
            issue(row.number, nil, .rejected, "row_too_long", "row is longer than \(limit >> 20) MiB; it cannot be a person record. Check the file around this row, or split it")
        case .tooManyColumns(let limit):
            issue(row.number, SpreadsheetColumn.letters(limit), .rejected, "too_many_columns",
                  "row has cells past column \(SpreadsheetColumn.letters(limit - 1)) (\(limit) columns, the most Excel allows); the file is corrupt or not a spreadsheet export. Open it in Excel or WPS and save it again")
        case .cellTooLong(let column, let limit):
            issue(row.number, SpreadsheetColumn.letters(column), .rejected, "cell_too_long",
                  "the cell in column \(SpreadsheetColumn.letters(column)) is longer than \(limit >> 20) MiB (Excel holds at most 32,767 characters in a cell); it cannot be a person's data. Check the file around this row")
        }
    }

    /// The largest row number the store takes (a CSV may pass Excel's 1,048,576 rows; nothing passes this).
    static let largestRowNumber = Int(Int32.max)

    private func process(_ row: CellRow, canReread: Bool) -> Verdict {
        guard let header else { return .pending }
        rowsAfterHeader += 1
        if let problem = row.problem {
            reject(row, problem)
            return .rejected(rereadAfterFirstLine: false)
        }
        // `<row r=…>` and `ss:Index` say any number; the store keeps row numbers in 32 bits (found by fuzzing).
        if row.number > Self.largestRowNumber {
            issue(row.number, nil, .rejected, "row_number",
                  "row number \(row.number) is beyond any spreadsheet's (Excel's last row is 1,048,576): the file is corrupt; open it in Excel or WPS and save it again")
            return .rejected(rereadAfterFirstLine: false)
        }
        if row.isBlank {
            issue(row.number, nil, .skipped, "blank_row", "blank row")
            return .skipped
        }
        if isTotalRow(row) {
            issue(row.number, nil, .skipped, "total_row", "total row (合计)")
            return .skipped
        }
        if strictCellCount && row.cellCount != header.cellCount {
            let extraBlank = row.cellCount > header.cellCount
                && (header.cellCount..<row.cellCount).allSatisfy(row.isBlank(cell:))
            if !extraBlank {
                let spansLines = row.firstLineEnd != nil
                let reread = spansLines && canReread
                issue(row.number, nil, .rejected, "cell_count",
                      "row has \(row.cellCount) cells but the header has \(header.cellCount); check for a stray delimiter or quote in this row"
                      + (reread ? " (a quote spans several lines here; the lines after this row's first line were read again)" : ""))
                return .rejected(rereadAfterFirstLine: reread)
            }
        }
        if isRepeatedHeader(row, header) {
            issue(row.number, nil, .skipped, "header_row", "header row repeated inside the data")
            return .skipped
        }
        if identityColumns.allSatisfy({ $0 >= row.cellCount || row.isBlank(cell: $0) }) {
            issue(row.number, nil, .skipped, "no_person", "no name and no ID number (姓名, 身份证号 empty): not a person row")
            return .skipped
        }
        if row.hasNULByte, let bad = header.columns.first(where: { row.hasNULByte(cell: $0.index) }) {
            issue(row.number, SpreadsheetColumn.letters(bad.index), .rejected, "nul_byte",
                  "column \(SpreadsheetColumn.letters(bad.index)) (\(header.headers[bad.index])) holds a NUL byte (0x00), which no roster text has; the file is damaged. Export it again")
            return .rejected(rereadAfterFirstLine: false)
        }
        if checkReplacementCharacters, let bad = header.columns.first(where: { row.hasReplacementCharacter(cell: $0.index) }) {
            issue(row.number, SpreadsheetColumn.letters(bad.index), .rejected, "invalid_encoding",
                  "column \(SpreadsheetColumn.letters(bad.index)) (\(header.headers[bad.index])) holds bytes that are not valid in the file's encoding; re-save the file as CSV UTF-8")
            return .rejected(rereadAfterFirstLine: false)
        }
        encode(row, header)
        counts.read += 1
        counts.accepted += 1
        return .accepted
    }

    private func encode(_ row: CellRow, _ header: SheetHeader) {
        row.bytes.withUnsafeBufferPointer { bytes in
            for (k, column) in header.columns.enumerated() {
                if k > 0 { batch.text.append(0x1F) }
                let range = row.range(ofCell: column.index)
                let start = batch.text.count
                batch.text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
                // U+001E/U+001F separate cells in the store: a cell may not contain them.
                if bytes[range].contains(where: { $0 == 0x1F || $0 == 0x1E }) {
                    for i in start..<batch.text.count where batch.text[i] == 0x1F || batch.text[i] == 0x1E {
                        batch.text[i] = 0x20
                    }
                }
            }
        }
        var mask: Int64 = 0
        if !row.numericCells.isEmpty {
            for (k, column) in header.columns.enumerated() where k < 63 && row.numericCells.contains(column.index) {
                mask |= 1 << Int64(k)
            }
        }
        batch.numericMasks.append(mask)
        batch.ends.append(Int32(batch.text.count))
        batch.rowNumbers.append(Int32(row.number))
        if batch.isFull { flush() }
    }

    private func flush() {
        guard !batch.isEmpty else { return }
        send(.rows(sheet: sheetKey, batch))
        batch = RowBatch()
    }

    /// 合计, 总计, 小计, 累计 (spaces allowed between the two characters) opening one of the first cells.
    private static let totalMarks: [[UInt8]] = ["合计", "总计", "小计", "累计"].map { Array($0.utf8) }

    private func isTotalRow(_ row: CellRow) -> Bool {
        row.bytes.withUnsafeBufferPointer { bytes in
            for i in 0..<min(row.cellCount, 4) {
                let cell = bytes[row.range(ofCell: i)].filter { $0 != 0x20 && $0 != 0x09 }
                guard cell.count >= 6 else { continue }
                if Self.totalMarks.contains(where: { cell.starts(with: $0) }) { return true }
            }
            return false
        }
    }

    /// The header's text again under the first mapped columns: exports glued together repeat their header.
    private func isRepeatedHeader(_ row: CellRow, _ header: SheetHeader) -> Bool {
        let mapped = header.columns.prefix(2)
        return !mapped.isEmpty && mapped.allSatisfy { column in
            let expected = header.headers[column.index].utf8
            let range = row.range(ofCell: column.index)
            return range.count == expected.count && row.bytes[range].elementsEqual(expected)
        }
    }

    private func issue(_ row: Int, _ column: String?, _ outcome: RowIssue.Outcome, _ reason: String, _ message: String, count: Bool = true) {
        if count {
            counts.read += 1
            if outcome == .skipped { counts.skipped += 1 } else { counts.rejected += 1 }
        }
        send(.issue(file: fileIndex, sheet: sheetKey, RowIssue(row: row, column: column, outcome: outcome, reason: reason, message: message)))
    }
}
