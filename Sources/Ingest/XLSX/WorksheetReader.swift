import BiduiCore

/// Streams a worksheet's `<sheetData>` into `CellRow`s: shared and inline strings, numbers as the
/// file holds them, booleans, errors, formulas' cached values, dates by their cell style, and the
/// real row and column positions (`r="7"` after `r="3"`, `D1` after `A1`).
final class WorksheetReader: SAXDelegate {
    static let maximumColumns = 16_384

    private let sharedStrings: [String]
    private let dateStyles: Set<Int>
    private let uses1904Dates: Bool
    private let accept: (CellRow) -> Bool
    /// The parse was stopped because the sheet's rows are no longer wanted.
    private(set) var stoppedOnPurpose = false
    var stopRequested: Bool { stoppedOnPurpose }

    private var row = CellRow()
    private var inRow = false
    private var column = 0
    private var cellType = CellType.number
    private var cellStyle = 0
    private var value = TextCollector()
    private var inInlineString = false
    private var phoneticDepth = 0

    private enum CellType { case number, shared, inline, boolean, error, formulaString }

    init(sharedStrings: [String], dateStyles: Set<Int>, uses1904Dates: Bool, accept: @escaping (CellRow) -> Bool) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.uses1904Dates = uses1904Dates
        self.accept = accept
    }

    func startElement(_ name: SAXName, attributes: SAXAttributes) {
        if name.is("c") {
            if let reference = attributes.value("r"), let index = Self.columnIndex(reference) { column = index }
            cellType = Self.type(attributes.value("t"))
            cellStyle = attributes.integer("s") ?? 0
            value.start()
            value.isCollecting = false
        } else if name.is("v") {
            value.start()
        } else if name.is("is") {
            inInlineString = true
            value.start()
            value.isCollecting = false
        } else if name.is("t") && inInlineString && phoneticDepth == 0 {
            value.isCollecting = true
        } else if name.is("rPh") {
            phoneticDepth += 1
        } else if name.is("row") {
            // 0 when the row has no `r`: its number follows from the row before, which may be in
            // another block, so the reader that puts blocks back in order assigns it.
            row.reset(number: attributes.integer("r") ?? 0)
            inRow = true
            column = 0
        }
    }

    func endElement(_ name: SAXName) {
        if name.is("v") || (name.is("t") && inInlineString) {
            value.isCollecting = false
        } else if name.is("rPh") {
            phoneticDepth -= 1
        } else if name.is("is") {
            inInlineString = false
        } else if name.is("c") {
            guard inRow else { return }
            guard column < Self.maximumColumns else {
                // A reference past XFD: no Excel file has one; the row is rejected, not silently cut.
                if row.problem == nil { row.problem = .tooManyColumns(limit: Self.maximumColumns) }
                return
            }
            row.pad(to: column)
            if value.overflowed, row.problem == nil { row.problem = .cellTooLong(column: column, limit: TextCollector.maximumBytes) }
            appendCell()
            row.endCell()
            column += 1
        } else if name.is("row") {
            inRow = false
            guard row.cellCount > 0, !stoppedOnPurpose else { return }
            if !accept(row) { stoppedOnPurpose = true }
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) { value.append(text) }

    private func appendCell() {
        let bytes = value.bytes
        switch cellType {
        case .shared:
            if let index = Int(String(decoding: bytes, as: UTF8.self)), index >= 0, index < sharedStrings.count {
                row.bytes.append(contentsOf: sharedStrings[index].utf8)
            }
        case .boolean:
            row.bytes.append(contentsOf: bytes == [0x31] ? Array("TRUE".utf8) : bytes.isEmpty ? [] : Array("FALSE".utf8))
        case .inline, .error, .formulaString:
            row.bytes.append(contentsOf: bytes)
        case .number:
            guard !bytes.isEmpty else { return }
            if dateStyles.contains(cellStyle), let text = Self.dateText(bytes, uses1904: uses1904Dates) {
                row.bytes.append(contentsOf: text.utf8)
            } else {
                row.bytes.append(contentsOf: bytes)
                row.numericCells.append(column)
            }
        }
    }

    /// `45945` → `2025-10-15`; a time of day is kept when there is one (`2025-10-15 08:30:00`).
    static func dateText(_ bytes: [UInt8], uses1904: Bool) -> String? {
        guard let serial = Double(String(decoding: bytes, as: UTF8.self)), serial >= 0, serial < 3_000_000 else { return nil }
        let day = Int(serial.rounded(.down))
        guard let date = ExcelSerialDate.date(serial: day, uses1904: uses1904) else { return nil }
        let seconds = Int(((serial - Double(day)) * 86_400).rounded())
        guard seconds > 0 && seconds < 86_400 else { return date.description }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(date) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }

    /// `AB12` → 27; nil when the reference has no column letters; `maximumColumns` for any column
    /// past XFD (four letters or more included), so such a cell is noticed rather than misplaced.
    static func columnIndex(_ reference: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        var letters = 0
        for b in reference {
            let upper = b & 0xDF
            guard upper >= 0x41 && upper <= 0x5A else { break }
            index = index * 26 + Int(upper - 0x40)
            letters += 1
            if letters > 3 { return maximumColumns }
        }
        return letters == 0 ? nil : index - 1
    }

    private static func type(_ value: UnsafeBufferPointer<UInt8>?) -> CellType {
        guard let value, let first = value.first else { return .number }
        switch first {
        case UInt8(ascii: "s"): return value.count == 1 ? .shared : .formulaString  // s, str
        case UInt8(ascii: "i"): return .inline
        case UInt8(ascii: "b"): return .boolean
        case UInt8(ascii: "e"): return .error
        case UInt8(ascii: "d"): return .formulaString  // an ISO 8601 date written as text
        default: return .number
        }
    }
}
