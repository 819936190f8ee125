import BiduiCore
import Foundation

/// The text columns of `person_records`, in table order (after the integer columns `id`, `sheet_id`,
/// `row` and `id_valid`). A test checks them against the table the store creates. Only what matching,
/// the rules and the reports use: every other cell stays in `raw_rows` (grade, class, ethnicity…),
/// since each column costs the store thread, the stage's critical path, on every row.
public enum PersonColumn: Int, CaseIterable, Sendable {
    case role, name, nameKey, namePinyin, nameReadings
    case idRaw, idNumber, idProblem, birthDate, sex
    case county, township, village, householdID, relation
    case schoolCode, schoolName, studentNumber
    case guardianID, headID
    case schoolYear, term, programme, amount, hardshipType
    case householdType, monitoringCategory, riskEliminated, schoolingStatus
    case assistanceType, assistanceStatus, startMonth, endMonth, enrollmentStatus
    case flags

    public var columnName: String {
        switch self {
        case .role: "role"
        case .name: "name"
        case .nameKey: "name_key"
        case .namePinyin: "name_pinyin"
        case .nameReadings: "name_readings"
        case .idRaw: "id_raw"
        case .idNumber: "id_number"
        case .idProblem: "id_problem"
        case .birthDate: "birth_date"
        case .sex: "sex"
        case .county: "county"
        case .township: "township"
        case .village: "village"
        case .householdID: "household_id"
        case .relation: "relation"
        case .schoolCode: "school_code"
        case .schoolName: "school_name"
        case .studentNumber: "student_number"
        case .guardianID: "guardian_id"
        case .headID: "head_id"
        case .schoolYear: "school_year"
        case .term: "term"
        case .programme: "programme"
        case .amount: "amount"
        case .hardshipType: "hardship_type"
        case .householdType: "household_type"
        case .monitoringCategory: "monitoring_category"
        case .riskEliminated: "risk_eliminated"
        case .schoolingStatus: "schooling_status"
        case .assistanceType: "assistance_type"
        case .assistanceStatus: "assistance_status"
        case .startMonth: "start_month"
        case .endMonth: "end_month"
        case .enrollmentStatus: "enrollment_status"
        case .flags: "flags"
        }
    }

    public static let integerColumns = ["id", "sheet_id", "row", "id_valid"]
}

/// Raw rows read from the store, in one flat buffer: what a worker normalizes at a time.
final class RawBatch: @unchecked Sendable {
    var sequence: Int
    var ids: [Int64] = [], sheets: [Int] = [], rows: [Int64] = [], masks: [Int64] = [], ends: [Int] = []
    var text: [UInt8] = []

    init(sequence: Int, capacity: Int) {
        self.sequence = sequence
        ids.reserveCapacity(capacity); sheets.reserveCapacity(capacity); rows.reserveCapacity(capacity)
        masks.reserveCapacity(capacity); ends.reserveCapacity(capacity)
        text.reserveCapacity(capacity * 160)
    }

    var count: Int { ids.count }

    /// Empties the batch for reuse, keeping its memory.
    func reset(sequence: Int) {
        self.sequence = sequence
        ids.removeAll(keepingCapacity: true); sheets.removeAll(keepingCapacity: true); rows.removeAll(keepingCapacity: true)
        masks.removeAll(keepingCapacity: true); ends.removeAll(keepingCapacity: true); text.removeAll(keepingCapacity: true)
    }
}

/// Normalized records in one flat buffer: integer columns, and each text column as a span of `text`
/// (absent from `present` for NULL), so the writer binds them without building a `String`. Plain memory rather
/// than arrays: a worker appends millions of values and should pay no copy-on-write checks for it;
/// batches are recycled, so the memory is touched once.
final class RecordBatch: @unchecked Sendable {
    static let textColumns = PersonColumn.allCases.count

    private(set) var sequence: Int
    let capacity: Int
    private(set) var count = 0
    let ids: UnsafeMutablePointer<Int64>, sheets: UnsafeMutablePointer<Int>, rows: UnsafeMutablePointer<Int64>
    /// 1 valid, 0 invalid, -1 no ID number.
    let idValid: UnsafeMutablePointer<Int8>
    let spans: UnsafeMutablePointer<Int32>
    /// Per row, one bit per text column that has a value (the others are NULL).
    let present: UnsafeMutablePointer<UInt64>
    private(set) var text: UnsafeMutablePointer<UInt8>
    private(set) var textCount = 0
    private var textCapacity: Int
    /// Per sheet: how many rows carry each flag.
    var flagCounts: [Int: [Int]] = [:]

    init(sequence: Int, capacity: Int) {
        self.sequence = sequence
        self.capacity = capacity
        ids = .allocate(capacity: capacity); sheets = .allocate(capacity: capacity); rows = .allocate(capacity: capacity)
        idValid = .allocate(capacity: capacity)
        spans = .allocate(capacity: capacity * Self.textColumns * 2)
        present = .allocate(capacity: capacity)
        textCapacity = capacity * 256
        text = .allocate(capacity: textCapacity)
    }

    deinit {
        ids.deallocate(); sheets.deallocate(); rows.deallocate(); idValid.deallocate(); spans.deallocate(); present.deallocate(); text.deallocate()
    }

    /// Empties the batch for reuse.
    func reset(sequence: Int) {
        self.sequence = sequence
        count = 0
        textCount = 0
        flagCounts = [:]
    }

    /// Starts a row with every text column NULL.
    @inline(__always)
    func begin(id: Int64, sheet: Int, row: Int64) {
        precondition(count < capacity, "record batch overflow")
        ids[count] = id; sheets[count] = sheet; rows[count] = row; idValid[count] = -1; present[count] = 0
        count += 1
    }

    /// The span of `column` in the current row, marked present.
    @inline(__always)
    private func slot(_ column: PersonColumn) -> Int {
        present[count - 1] |= 1 << UInt64(column.rawValue)
        return ((count - 1) * Self.textColumns + column.rawValue) * 2
    }

    @inline(__always)
    private func reserve(_ extra: Int) {
        guard textCount + extra > textCapacity else { return }
        let grown = max(textCapacity * 2, textCount + extra)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        bigger.update(from: text, count: textCount)
        text.deallocate()
        text = bigger
        textCapacity = grown
    }

    @inline(__always)
    func put(_ column: PersonColumn, _ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        let k = slot(column)
        spans[k] = Int32(textCount); spans[k + 1] = Int32(bytes.count)
        if let base = bytes.baseAddress { (text + textCount).update(from: base, count: bytes.count) }
        textCount += bytes.count
    }

    @inline(__always)
    func put(_ column: PersonColumn, _ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { put(column, $0) }
    }

    /// A date as `2013-09-01` (or `2013-09`).
    @inline(__always)
    func put(_ column: PersonColumn, _ date: DateText) {
        reserve(10)
        let length = date.iso(into: text + textCount)
        let k = slot(column)
        spans[k] = Int32(textCount); spans[k + 1] = Int32(length)
        textCount += length
    }

    /// Starts a column whose bytes the caller appends with `append`; `close` ends it.
    @inline(__always)
    func open(_ column: PersonColumn) { spans[slot(column)] = Int32(textCount) }

    @inline(__always)
    func close(_ column: PersonColumn) {
        let k = slot(column)
        spans[k + 1] = Int32(textCount) - spans[k]
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        text[textCount] = byte
        textCount += 1
    }

    @inline(__always)
    func append(_ bytes: [UInt8]) {
        reserve(bytes.count)
        bytes.withUnsafeBufferPointer { if let base = $0.baseAddress { (text + textCount).update(from: base, count: $0.count) } }
        textCount += bytes.count
    }

    @inline(__always)
    func appendScalar(_ v: UInt32) {
        reserve(4)
        if v < 0x80 {
            text[textCount] = UInt8(v); textCount += 1
        } else if v < 0x800 {
            text[textCount] = UInt8(0xC0 | v >> 6); text[textCount + 1] = UInt8(0x80 | v & 0x3F); textCount += 2
        } else if v < 0x10000 {
            text[textCount] = UInt8(0xE0 | v >> 12); text[textCount + 1] = UInt8(0x80 | v >> 6 & 0x3F)
            text[textCount + 2] = UInt8(0x80 | v & 0x3F); textCount += 3
        } else {
            text[textCount] = UInt8(0xF0 | v >> 18); text[textCount + 1] = UInt8(0x80 | v >> 12 & 0x3F)
            text[textCount + 2] = UInt8(0x80 | v >> 6 & 0x3F); text[textCount + 3] = UInt8(0x80 | v & 0x3F); textCount += 4
        }
    }

    func hasValue(row: Int, _ column: PersonColumn) -> Bool { present[row] & (1 << UInt64(column.rawValue)) != 0 }

    func string(row: Int, _ column: PersonColumn) -> String? {
        guard hasValue(row: row, column) else { return nil }
        let k = (row * Self.textColumns + column.rawValue) * 2
        return String(decoding: UnsafeBufferPointer(start: text + Int(spans[k]), count: Int(spans[k + 1])), as: UTF8.self)
    }
}
