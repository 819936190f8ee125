import BiduiCore

/// One normalized row as values: what tests and single-row tools see of the stage's output.
public struct PersonRecord: Sendable, Equatable {
    public var values: [PersonColumn: String] = [:]
    /// true valid, false invalid, nil when the row has no ID number.
    public var idValid: Bool?
    public var flags = QualityFlags()

    public subscript(_ column: PersonColumn) -> String? { values[column] }
}

/// Normalizes single rows given as field → text, through the same code the stage runs on bytes.
public struct PersonRecordBuilder: Sendable {
    public let maps: CategoryMaps
    /// Birth dates after this day are impossible (the reconciliation's reference date).
    public let today: CalendarDate

    public init(maps: CategoryMaps = CategoryMaps(), today: CalendarDate) {
        self.maps = maps
        self.today = today
    }

    /// `cells`: canonical field → raw text; `numeric`: fields the file stored as numbers.
    public func build(role: SourceRole, cells: [CanonicalField: String], numeric: Set<CanonicalField> = []) -> PersonRecord {
        let fields = cells.keys.sorted { $0.rawValue < $1.rawValue }
        let layout = SheetLayout(role: role, fields: fields.map(\.rawValue))
        var mask: Int64 = 0
        for (k, field) in fields.enumerated() where numeric.contains(field) { mask |= 1 << Int64(k) }
        let joined = Array(fields.map { cells[$0] ?? "" }.joined(separator: "\u{1F}").utf8)
        var normalizer = RowNormalizer(layouts: [1: layout], maps: maps, today: today)
        let batch = RecordBatch(sequence: 0, capacity: 1)
        let flags = joined.withUnsafeBufferPointer {
            normalizer.normalizeRow($0, id: 1, sheet: 1, row: 1, mask: mask, layout: layout, into: batch)
        }
        var record = PersonRecord(idValid: batch.idValid[0] < 0 ? nil : batch.idValid[0] == 1, flags: flags)
        for column in PersonColumn.allCases {
            if let value = batch.string(row: 0, column) { record.values[column] = value }
        }
        return record
    }
}
