import BiduiCore
import Normalize

/// What the rules need to know of one person, worked out once from all the person's records.
struct PersonFacts {
    let personID: String
    /// Indexes into the run's records, in record order.
    let rows: [Int]
    var ruralActive: [Int] = []
    var civilActive: [Int] = []
    /// Rural and civil rows that are not active (停保, 风险已消除…), shown when a claim is unverified.
    var ruralInactive: [Int] = []
    var civilInactive: [Int] = []
    var enrolled: [Int] = []
    /// Enrollment rows whose status says the person left (转出, 毕业…).
    var leftSchool: [Int] = []
    /// Aid rows of the configured term; `meansTested` excludes the programmes that are not aid.
    var termAid: [Int] = []
    var meansTested: [Int] = []
    var birthDate: CalendarDate?
    var name: String?
    var idNumber: String?

    /// What records the match stage could not place (each could be this person or a namesake) might add.
    var mayBeAided = false, mayBeEnrolled = false, mayBeRuralActive = false, mayBeCivilActive = false

    var isActive: Bool { !ruralActive.isEmpty || !civilActive.isEmpty }

    func mayBeActive(in role: SourceRole) -> Bool { role == .rural ? mayBeRuralActive : role == .civil ? mayBeCivilActive : false }

    var isEnrolled: Bool { !enrolled.isEmpty }

    func isActive(in role: SourceRole) -> Bool {
        role == .rural ? !ruralActive.isEmpty : role == .civil ? !civilActive.isEmpty : false
    }

    init(personID: String, rows: [Int], records: [RuleRecord], settings: ReconciliationSettings) {
        self.personID = personID
        self.rows = rows
        let referenceMonth = settings.referenceDate.monthText
        for i in rows {
            let r = records[i]
            switch r.role {
            case .rural:
                if Self.ruralActive(r, settings.rules) { ruralActive.append(i) } else { ruralInactive.append(i) }
            case .civil:
                if Self.civilInForce(r, settings.rules, referenceMonth: referenceMonth) { civilActive.append(i) } else { civilInactive.append(i) }
            case .enrollment:
                if Self.isEnrolled(r, settings.rules) { enrolled.append(i) } else { leftSchool.append(i) }
            case .aid:
                guard Self.isOfTerm(r, settings) else { continue }
                termAid.append(i)
                if Self.isAid(r, settings.rules) { meansTested.append(i) }
            }
        }
        var names: [String: Int] = [:], numbers: [String: Int] = [:], births: [CalendarDate: Int] = [:]
        for i in rows {
            let r = records[i]
            if let name = r.name { names[name, default: 0] += 1 }
            if r.idValid, let number = r.idNumber { numbers[number, default: 0] += 1 }
            if let born = r.birthDate { births[born, default: 0] += 1 }
        }
        name = Self.mostFrequent(names)
        if let number = Self.mostFrequent(numbers) {
            idNumber = number
            birthDate = IDNumberChecksum.birthDate(of: number)
        } else {
            idNumber = rows.lazy.compactMap { records[$0].displayNumber }.first
        }
        if birthDate == nil { birthDate = Self.mostFrequent(births) }
    }

    /// Notes what the unplaced records `rows` would add if they were this person's.
    mutating func consider(possible rows: [Int], records: [RuleRecord], settings: ReconciliationSettings) {
        let referenceMonth = settings.referenceDate.monthText
        for i in rows {
            let r = records[i]
            switch r.role {
            case .rural: mayBeRuralActive = mayBeRuralActive || Self.ruralActive(r, settings.rules)
            case .civil: mayBeCivilActive = mayBeCivilActive || Self.civilInForce(r, settings.rules, referenceMonth: referenceMonth)
            case .enrollment: mayBeEnrolled = mayBeEnrolled || Self.isEnrolled(r, settings.rules)
            case .aid: mayBeAided = mayBeAided || (Self.isOfTerm(r, settings) && Self.isAid(r, settings.rules))
            }
        }
    }

    /// Enrolled: any 学籍状态 but those that say the student left (a blank one included).
    static func isEnrolled(_ r: RuleRecord, _ rules: RuleSettings) -> Bool {
        !(r.enrollmentStatus.map(rules.notEnrolledStatuses.contains) ?? false)
    }

    /// Aid: every programme but those that are not means-tested (营养改善计划).
    static func isAid(_ r: RuleRecord, _ rules: RuleSettings) -> Bool {
        !(r.programme.map(rules.nonAidProgrammes.contains) ?? false)
    }

    /// Rural: any 脱贫户 member, or a 监测户 member whose 风险是否消除 is 否.
    static func ruralActive(_ r: RuleRecord, _ rules: RuleSettings) -> Bool {
        guard let type = r.householdType else { return false }
        if rules.ruralAlwaysActive.contains(type) { return true }
        return rules.ruralActiveUntilRiskEliminated.contains(type) && r.riskEliminated == "否"
    }

    /// Civil: the entry is in force on the reference date. An entry in force by its status is not once
    /// its 终止年月 is before the reference month or its 起始年月 after it; a stopped entry (停保) still
    /// was in force on the day when it stopped in a later month.
    static func civilInForce(_ r: RuleRecord, _ rules: RuleSettings, referenceMonth: String) -> Bool {
        if let start = r.startMonth, start > referenceMonth { return false }
        guard let status = r.assistanceStatus else { return false }
        if rules.civilInForce.contains(status) {
            if let end = r.endMonth, end < referenceMonth { return false }
            return true
        }
        if let end = r.endMonth, end > referenceMonth { return true }
        return false
    }

    /// An aid row belongs to the configured term unless its 学年 or 学期 says otherwise (blank is the term).
    static func isOfTerm(_ r: RuleRecord, _ settings: ReconciliationSettings) -> Bool {
        if let term = r.term, term != settings.term.rawValue { return false }
        if let year = r.schoolYear, let start = CategoryMaps.schoolYearStart(year), start != settings.schoolYearStart { return false }
        return true
    }

    static func mostFrequent<T: Comparable & Hashable>(_ counts: [T: Int]) -> T? {
        counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }
}
