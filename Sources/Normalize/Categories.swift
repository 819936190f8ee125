import BiduiCore

/// Free-text categories mapped onto canonical values. Built-in synonyms cover what departments
/// write; a pipeline may add its own. An unknown value maps to nil, which the stage records as a
/// quality flag on the row: never a silent default.
public struct CategoryMaps: Sendable {
    /// The fields whose values are categories, and the canonical values each may take.
    public enum Field: String, Sendable, CaseIterable {
        case householdType = "household_type", monitoringCategory = "monitoring_category"
        case riskEliminated = "risk_eliminated", schoolingStatus = "schooling_status"
        case assistanceType = "assistance_type", assistanceStatus = "assistance_status"
        case programme, hardshipType = "hardship_type", enrollmentStatus = "enrollment_status", term
    }

    private var tables: [Field: [String: String]] = [:]

    /// The built-in synonyms (`CategorySynonyms.builtIn`) plus the pipeline's (`categories:`), which win.
    public init(extra: [CanonicalField: [String: [String]]] = [:]) {
        for layer in [CategorySynonyms.builtIn, extra] {
            for (canonicalField, values) in layer {
                guard let field = Field(rawValue: canonicalField.rawValue) else { continue }
                for (canonical, synonyms) in values {
                    for synonym in synonyms + [canonical] { tables[field, default: [:]][HeaderText.normalized(synonym)] = canonical }
                }
            }
        }
    }

    /// The canonical value of `text`, or nil when it is not a known value of `field`.
    public func canonical(_ field: Field, _ text: String) -> String? {
        tables[field]?[HeaderText.normalized(text)]
    }

    /// Enrollment statuses that count as enrolled (DOMAIN.md: all but 转出/毕业/结业/死亡/注销).
    public static let enrolledStatuses: Set<String> = ["在读", "休学"]

    /// `2025-2026`, `2025—2026学年`, `2025/2026`: the school year's first calendar year.
    public static func schoolYearStart(_ text: String) -> Int? {
        UTF8Scalars.withBytes(text) { schoolYearStart(bytes: $0) }
    }

    static func schoolYearStart(bytes p: UnsafeBufferPointer<UInt8>) -> Int? {
        var years: [Int] = []
        var value = 0, length = 0, i = 0
        while true {
            var v: UInt32 = 0x20
            if i < p.count { v = UTF8Scalars.decode(p, &i) }
            if v >= 0xFF10 && v <= 0xFF19 { v -= 0xFEE0 }
            if v >= 0x30 && v <= 0x39 {
                value = value &* 10 &+ Int(v - 0x30)
                length += 1
            } else {
                if length > 0 && length <= 6 && value >= 1990 && value < 2200 { years.append(value) }
                value = 0
                length = 0
                if i >= p.count { break }
            }
        }
        switch years.count {
        case 1: return years[0]
        case 2 where years[1] == years[0] + 1: return years[0]
        default: return nil
        }
    }
}

extension CategoryMaps.Field {
    /// Position in `allCases`, without searching.
    var ordinal: Int {
        switch self {
        case .householdType: 0
        case .monitoringCategory: 1
        case .riskEliminated: 2
        case .schoolingStatus: 3
        case .assistanceType: 4
        case .assistanceStatus: 5
        case .programme: 6
        case .hardshipType: 7
        case .enrollmentStatus: 8
        case .term: 9
        }
    }

    var canonicalField: CanonicalField {
        switch self {
        case .householdType: .householdType
        case .monitoringCategory: .monitoringCategory
        case .riskEliminated: .riskEliminated
        case .schoolingStatus: .schoolingStatus
        case .assistanceType: .assistanceType
        case .assistanceStatus: .assistanceStatus
        case .programme: .programme
        case .hardshipType: .hardshipType
        case .enrollmentStatus: .enrollmentStatus
        case .term: .term
        }
    }

    var unknownFlag: QualityFlag {
        switch self {
        case .householdType: .unknownHouseholdType
        case .monitoringCategory: .unknownMonitoringCategory
        case .riskEliminated: .unknownRiskEliminated
        case .schoolingStatus: .unknownSchoolingStatus
        case .assistanceType: .unknownAssistanceType
        case .assistanceStatus: .unknownAssistanceStatus
        case .programme: .unknownProgramme
        case .hardshipType: .unknownHardshipType
        case .enrollmentStatus: .unknownEnrollmentStatus
        case .term: .unknownTerm
        }
    }
}

/// One worker's memory of the category values it has seen: a department writes the same few values
/// on every row, so each distinct text is mapped once and later rows cost a hash of their bytes.
/// An open-addressed table of 4,096 slots; once half full, new values are mapped without being kept.
struct CategoryCache {
    private struct Entry {
        var hash: UInt64
        var key: [UInt8]
        /// The canonical value's bytes; nil for an unknown value.
        var value: [UInt8]?
    }

    private static let slots = 4_096
    private let maps: CategoryMaps
    private var table: [Int32]
    private var entries: [Entry] = []

    init(maps: CategoryMaps) {
        self.maps = maps
        table = [Int32](repeating: -1, count: Self.slots)
    }

    /// The canonical value of the (trimmed) cell bytes, or nil when the value is unknown.
    mutating func canonical(_ field: CategoryMaps.Field, _ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var hash: UInt64 = 0xcbf29ce484222325 &+ UInt64(field.ordinal) &* 0x9E3779B97F4A7C15
        for byte in text { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & (Self.slots - 1)
        while true {
            let index = Int(table[slot])
            if index < 0 { break }
            if entries[index].hash == hash && ByteText.equal(entries[index].key, text) { return entries[index].value }
            slot = (slot + 1) & (Self.slots - 1)
        }
        let value = maps.canonical(field, String(decoding: text, as: UTF8.self)).map { Array($0.utf8) }
        if entries.count < Self.slots / 2 {
            table[slot] = Int32(entries.count)
            entries.append(Entry(hash: hash, key: Array(text), value: value))
        }
        return value
    }
}
