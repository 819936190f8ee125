import BiduiCore
import Normalize
@testable import Reconcile

/// Hand-built persons for the rules: each call adds one source row of one person, with the fields
/// normalize would have written (names keyed by `ChineseName`, numbers checked by `IDNumber`).
struct RuleFixture {
    var records: [RuleRecord] = []
    var links: [RuleLink] = []
    var settings = ReconciliationSettings(
        schoolYearStart: 2025, term: .autumn, referenceDate: CalendarDate(year: 2025, month: 10, day: 31)!)
    var roles: Set<SourceRole> = Set(SourceRole.allCases)
    /// Officers' case decisions the rules see (CaseDecisionsTests).
    var decisions: [FindingKey: CaseDecision] = [:]
    private var rowsByFile: [String: Int] = [:]

    /// Adds a row of `role` for `person`; `fields` sets the canonical fields by column name.
    @discardableResult
    mutating func add(_ role: SourceRole, person: String, name: String, id: String? = nil, born: String? = nil,
                      county: String? = "蕲春县", _ fields: [String: String] = [:]) -> Int64 {
        let file = "\(role.rawValue).xlsx"
        let row = (rowsByFile[file] ?? 1) + 1
        rowsByFile[file] = row
        let recordID = Int64(records.count + 1)
        var r = RuleRecord(recordID: recordID, source: SourceRow(role: role, file: file, sheet: "Sheet1", row: row), personID: person)
        let parsed = ChineseName(name)
        r.name = parsed.display
        r.nameKey = parsed.comparison
        if let id, !id.isEmpty {
            let number = IDNumber(raw: id, today: settings.referenceDate)
            r.idRaw = id
            r.idNumber = number.valid ?? number.cleaned
            r.idValid = number.isValid
            r.idProblem = number.problem?.rawValue
            r.birthDate = number.birthDate
        }
        if let born { r.birthDate = CalendarDate(iso: born) }
        r.county = county
        for (key, value) in fields {
            switch key {
            case "school": r.school = value
            case "school_year": r.schoolYear = value
            case "term": r.term = value
            case "programme": r.programme = value
            case "hardship_type": r.hardshipType = value
            case "household_type": r.householdType = value
            case "risk_eliminated": r.riskEliminated = value
            case "schooling_status": r.schoolingStatus = value
            case "assistance_type": r.assistanceType = value
            case "assistance_status": r.assistanceStatus = value
            case "start_month": r.startMonth = value
            case "end_month": r.endMonth = value
            case "enrollment_status": r.enrollmentStatus = value
            default: fatalError("RuleFixture: unknown field \(key)")
            }
        }
        records.append(r)
        return recordID
    }

    func run() -> Reconciliation.Result {
        Reconciliation(settings: settings, roles: roles, decisions: decisions).run(records: records, links: links)
    }

    func findings(_ category: FindingCategory, of person: String? = nil) -> [Finding] {
        run().findings.filter { $0.category == category && (person == nil || $0.personID == person) }
    }

    /// A valid number for someone born on `born` (YYYYMMDD) in 蕲春县, with sequence `sequence`.
    static func idNumber(born: String, sequence: Int = 123) -> String {
        let body = "421126" + born + String(format: "%03d", sequence)
        return body + String(IDNumberChecksum.checkCharacter(for: body)!)
    }
}

/// Fields of the common rows.
enum Row {
    static func enrolled(_ school: String = "蕲春县漕河镇中心小学", status: String = "在读") -> [String: String] {
        ["school": school, "enrollment_status": status]
    }
    static func aid(_ school: String = "蕲春县漕河镇中心小学", programme: String = "义务教育家庭经济困难学生生活补助",
                    claim: String = "建档立卡/脱贫家庭", year: String = "2025-2026", term: String = "秋季学期") -> [String: String] {
        ["school": school, "programme": programme, "hardship_type": claim, "school_year": year, "term": term]
    }
    static func rural(_ type: String = "脱贫户", risk: String? = nil, schooling: String? = nil) -> [String: String] {
        var fields = ["household_type": type]
        if let risk { fields["risk_eliminated"] = risk }
        if let schooling { fields["schooling_status"] = schooling }
        return fields
    }
    static func civil(_ type: String = "农村低保", status: String = "在保", start: String = "2020-01", end: String? = nil) -> [String: String] {
        var fields = ["assistance_type": type, "assistance_status": status, "start_month": start]
        if let end { fields["end_month"] = end }
        return fields
    }
}
