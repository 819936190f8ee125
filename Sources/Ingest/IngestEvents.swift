import BiduiCore

/// Accepted rows of one sheet, encoded for the store: mapped cells joined by U+001F.
struct RowBatch: Sendable {
    static let capacity = 4096
    var rowNumbers: [Int32] = []
    var text: [UInt8] = []
    var ends: [Int32] = []
    /// Per row, bit k set when the row's k-th mapped cell was stored as a number in the file.
    var numericMasks: [Int64] = []

    init() {
        rowNumbers.reserveCapacity(Self.capacity)
        ends.reserveCapacity(Self.capacity)
        numericMasks.reserveCapacity(Self.capacity)
        text.reserveCapacity(Self.capacity * 160)
    }

    var isFull: Bool { rowNumbers.count >= Self.capacity }
    var isEmpty: Bool { rowNumbers.isEmpty }
}

/// A row that was skipped or rejected, with the reason an officer reads.
struct RowIssue: Sendable, Equatable {
    enum Outcome: String, Sendable { case skipped, rejected }
    var row: Int
    var column: String?
    var outcome: Outcome
    var reason: String
    var message: String
}

/// Counts of one sheet: rows read = accepted + skipped + rejected.
struct SheetCounts: Sendable, Equatable {
    var read = 0
    var accepted = 0
    var skipped = 0
    var rejected = 0
}

/// What a file reader tells the store writer, in order per file.
enum IngestEvent: Sendable {
    case sheetStarted(file: Int, sheet: Int, name: String?, header: SheetHeader)
    case rows(sheet: Int, RowBatch)
    case issue(file: Int, sheet: Int?, RowIssue)
    case sheetFinished(sheet: Int, SheetCounts)
    /// A sheet without a usable header: skipped with a reason, not an error (spreadsheets only).
    case sheetSkipped(file: Int, name: String?, reason: String)
    case fileFinished(file: Int, FileOutcome)
}

/// How one file went.
struct FileOutcome: Sendable {
    var format: String?
    var encoding: String?
    var size: Int64?
    var sha256: String?
    var error: IngestFileError?
    /// Notes an officer should see even when the file went through (ignored duplicate columns…).
    var notes: [String] = []
}
