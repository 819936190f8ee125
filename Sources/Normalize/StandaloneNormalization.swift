import BiduiCore

/// The normalizers run on one value or one row outside the stage (no run store, no threads), by the
/// same byte-level code the stage runs: what the fuzz targets and their regression tests drive.
package enum StandaloneNormalization {
    /// `IDNumberParser` on raw bytes, which need not be valid UTF-8.
    package static func idNumber(_ bytes: [UInt8], numericCell: Bool, today: CalendarDate)
        -> (cleaned: [UInt8], valid: [UInt8], problem: IDNumber.Problem?, flags: [IDNumber.Flag]) {
        var scratch = IDNumberParser.Scratch()
        let outcome = bytes.withUnsafeBufferPointer { IDNumberParser.parse($0, numericCell: numericCell, today: today, into: &scratch) }
        return (scratch.cleaned, scratch.valid, outcome.problem, outcome.flags)
    }

    /// `ChineseNameParser` on raw bytes, which need not be valid UTF-8.
    package static func name(_ bytes: [UInt8]) -> (display: [UInt8], comparison: [UInt8], pinyin: [UInt8], readings: [UInt8]) {
        var scratch = NameScratch()
        bytes.withUnsafeBufferPointer { ChineseNameParser.parse($0, into: &scratch) }
        return (scratch.display, scratch.comparison, scratch.pinyin, scratch.readings)
    }

    /// One raw row (its cells, and the canonical field of each column as ingest mapped the header)
    /// through `RowNormalizer`: column name → value of the person record, quality flags under "flags".
    package static func row(_ cells: [[UInt8]], fields: [String], role: SourceRole, numericColumns: Set<Int> = [],
                            categories: CategoryMaps = CategoryMaps(), today: CalendarDate) -> [String: String] {
        let raw = RawBatch(sequence: 0, capacity: 1)
        for (k, cell) in cells.enumerated() {
            if k > 0 { raw.text.append(0x1F) }
            // The store never holds the separators inside a cell (ingest replaces them).
            raw.text.append(contentsOf: cell.map { $0 == 0x1F || $0 == 0x1E ? 0x20 : $0 })
        }
        var mask: Int64 = 0
        for column in numericColumns where column < 63 { mask |= 1 << Int64(column) }
        raw.ids.append(1); raw.sheets.append(1); raw.rows.append(2); raw.masks.append(mask); raw.ends.append(raw.text.count)
        var normalizer = RowNormalizer(layouts: [1: SheetLayout(role: role, fields: fields)], maps: categories, today: today)
        let records = normalizer.normalize(raw)
        var values: [String: String] = [:]
        guard records.count == 1 else { return values }
        for column in PersonColumn.allCases {
            if let value = records.string(row: 0, column) { values[column.columnName] = value }
        }
        return values
    }
}
