#if canImport(Glibc)
import Glibc
#endif

/// One row of cells as a reader produced it: UTF-8 bytes of every cell back to back.
///
/// Readers refill one `CellRow` for every row, so reading a file allocates nothing per row.
struct CellRow {
    /// Excel's last column is XFD: no export has more, so cells past it mark the row (and are dropped).
    static let maximumCells = 16_384
    /// A row's text may not pass this: memory stays bounded whatever a hostile file holds.
    static let maximumBytes = 64 << 20

    /// The row number a spreadsheet program shows (for CSV: the record number, first record = 1).
    var number = 0
    var bytes: [UInt8] = []
    /// End offset in `bytes` of each cell.
    var ends: [Int] = []
    var problem: RowProblem?
    /// Cells that a spreadsheet stored as numbers (ID numbers there may have lost digits).
    var numericCells: [Int] = []
    /// For delimited text: where the row's first physical line ends when a quoted cell spans lines, else nil.
    var firstLineEnd: Int64?

    init() {
        bytes.reserveCapacity(4096)
        ends.reserveCapacity(64)
    }

    var cellCount: Int { ends.count }

    mutating func reset(number: Int) {
        self.number = number
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        problem = nil
        firstLineEnd = nil
        numericCells.removeAll(keepingCapacity: true)
    }

    /// Ends the cell begun after the previous one; past `maximumCells` cells or `maximumBytes` of text
    /// the cell is dropped and the row marked with its problem.
    @inline(__always)
    mutating func endCell() {
        if ends.count >= Self.maximumCells || bytes.count > Self.maximumBytes {
            dropOverflow()
            return
        }
        ends.append(bytes.count)
    }

    private mutating func dropOverflow() {
        bytes.removeSubrange((ends.last ?? 0)...)
        if problem == nil {
            problem = ends.count >= Self.maximumCells ? .tooManyColumns(limit: Self.maximumCells) : .tooLong(limit: Self.maximumBytes)
        }
    }

    /// Appends empty cells up to (not including) column `index`; an index past `maximumCells` marks the row.
    mutating func pad(to index: Int) {
        if index > Self.maximumCells, problem == nil { problem = .tooManyColumns(limit: Self.maximumCells) }
        let target = min(index, Self.maximumCells)
        while ends.count < target { ends.append(bytes.count) }
    }

    func range(ofCell index: Int) -> Range<Int> {
        guard index < ends.count else { return 0..<0 }
        return (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    func string(ofCell index: Int) -> String {
        let r = range(ofCell: index)
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[r]), as: UTF8.self) }
    }

    var strings: [String] { (0..<ends.count).map(string(ofCell:)) }

    /// True when the cell holds only spaces (ASCII, tab, ideographic or no-break).
    func isBlank(cell index: Int) -> Bool {
        let r = range(ofCell: index)
        var i = r.lowerBound
        while i < r.upperBound {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { i += 1; continue }
            // U+3000 ideographic space E3 80 80, U+00A0 C2 A0
            if b == 0xE3, i + 2 < r.upperBound, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 { i += 3; continue }
            if b == 0xC2, i + 1 < r.upperBound, bytes[i + 1] == 0xA0 { i += 2; continue }
            return false
        }
        return true
    }

    var isBlank: Bool { (0..<ends.count).allSatisfy(isBlank(cell:)) }

    /// True when the row holds a NUL byte anywhere (one memchr: this is on every row's path).
    var hasNULByte: Bool {
        bytes.withUnsafeBytes { raw in raw.baseAddress.map { memchr($0, 0, raw.count) != nil } ?? false }
    }

    /// True when the cell holds a NUL byte (text exports never do; a damaged or binary file does).
    func hasNULByte(cell index: Int) -> Bool {
        bytes[range(ofCell: index)].contains(0)
    }

    /// True when the cell contains U+FFFD, which the transcoders put where a byte sequence was invalid.
    func hasReplacementCharacter(cell index: Int) -> Bool {
        let r = range(ofCell: index)
        guard r.count >= 3 else { return false }
        var i = r.lowerBound
        while i + 2 < r.upperBound {
            if bytes[i] == 0xEF && bytes[i + 1] == 0xBF && bytes[i + 2] == 0xBD { return true }
            i += 1
        }
        return false
    }
}

/// Why a reader could not deliver a row whole.
enum RowProblem: Sendable, Equatable {
    /// A quoted cell that never closes before the end of the file.
    case unterminatedQuote(column: Int)
    /// The row is longer than the reader accepts (its cells were cut).
    case tooLong(limit: Int)
    /// The row has cells past column XFD (they were dropped).
    case tooManyColumns(limit: Int)
    /// One cell's text is longer than any real cell (it was cut); `column` counts from 0.
    case cellTooLong(column: Int, limit: Int)
}
