import BiduiCore

/// One raw row made into a canonical person record, with every quality problem flagged on it.
public struct PersonRecord: Sendable, Equatable {
    public var role: SourceRole
    public var name: ChineseName?
    public var idNumber: IDNumber?
    public var birthDate: CalendarDate?
    public var sex: Sex?
    public var county, schoolCode, schoolName, householdID, township, village, relation: String?
    public var guardianID, headID: String?
    /// Canonical category values by field name (`assistance_status` → `在保`).
    public var categories: [String: String] = [:]
    /// Quality flags: `id:scientific_notation`, `birth_date_mismatch`, `unknown:assistance_status`…
    public var flags: [String] = []
}

/// Builds person records from raw cells: ID numbers, names, dates, sex, categories, cross-checks.
public struct PersonRecordBuilder: Sendable {
    public let maps: CategoryMaps
    /// Birth dates after this day are impossible (the reconciliation's reference date).
    public let today: CalendarDate

    public init(maps: CategoryMaps = CategoryMaps(), today: CalendarDate) {
        self.maps = maps
        self.today = today
    }

    /// `cells`: canonical field name → raw text; `numeric`: fields the file stored as numbers.
    public func build(role: SourceRole, cells: [String: String], numeric: Set<String>) -> PersonRecord {
        var record = PersonRecord(role: role)
        func text(_ field: CanonicalField) -> String? {
            guard let value = cells[field.rawValue]?.trimmingSpaces, !value.isEmpty else { return nil }
            return value
        }
        if let name = text(.name) { record.name = ChineseName(name) }
        if let raw = text(.idNumber) {
            let number = IDNumber(raw: raw, numericCell: numeric.contains(CanonicalField.idNumber.rawValue), today: today)
            record.idNumber = number
            if let problem = number.problem { record.flags.append("id:\(problem.rawValue)") }
            record.flags += number.flags.map { "id_flag:\($0.rawValue)" }
        }
        if record.idNumber?.isValid != true, let student = text(.studentNumber),
           let fromStudent = IDNumber.fromStudentNumber(student, today: today), fromStudent.isValid {
            if record.idNumber == nil { record.idNumber = fromStudent }
            record.flags.append("id_from_student_number")
        }
        let valid = record.idNumber?.isValid == true ? record.idNumber : nil
        if let raw = text(.birthDate) {
            if let parsed = DateText(raw) {
                record.birthDate = parsed.date
                if let fromID = valid?.birthDate,
                   parsed.precision == .day ? parsed.date != fromID : (parsed.date.year, parsed.date.month) != (fromID.year, fromID.month) {
                    record.flags.append("birth_date_mismatch")
                }
            } else {
                record.flags.append("unreadable:birth_date")
            }
        }
        if record.birthDate == nil { record.birthDate = valid?.birthDate }
        if let raw = text(.sex) {
            if let sex = Sex(text: raw) {
                record.sex = sex
                if let male = valid?.isMale, male != (sex == .male) { record.flags.append("sex_mismatch") }
            } else {
                record.flags.append("unreadable:sex")
            }
        }
        if record.sex == nil, let male = valid?.isMale { record.sex = male ? .male : .female }
        record.county = text(.county).map(HeaderText.normalized)
        record.schoolCode = text(.schoolCode)
        record.schoolName = text(.schoolName).map(HeaderText.normalized)
        record.householdID = text(.householdID)
        record.township = text(.township)
        record.village = text(.village)
        record.relation = text(.relationToHead)
        record.guardianID = text(.guardianIDNumber).map { IDNumber(raw: $0, today: today) }.map { $0.valid ?? $0.cleaned }
        record.headID = text(.headIDNumber).map { IDNumber(raw: $0, today: today) }.map { $0.valid ?? $0.cleaned }
        for field in CategoryMaps.Field.allCases {
            guard let canonicalField = CanonicalField(rawValue: field.rawValue), let raw = text(canonicalField) else { continue }
            if let value = maps.canonical(field, raw) {
                record.categories[field.rawValue] = value
            } else {
                record.flags.append("unknown:\(field.rawValue)")
            }
        }
        if let raw = text(.schoolYear) {
            if let start = CategoryMaps.schoolYearStart(raw) { record.categories["school_year"] = "\(start)-\(start + 1)" } else { record.flags.append("unknown:school_year") }
        }
        if record.name == nil { record.flags.append("missing:name") }
        if record.idNumber == nil || record.idNumber?.isEmpty == true { record.flags.append("missing:id_number") }
        return record
    }
}
