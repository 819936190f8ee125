import BiduiCore

/// The findings DOMAIN.md's rules give on the clean truth of a term (no quirks, perfect matching).
/// `identity_conflict` and `invalid_id_number` come from the quirks applied to the exports instead.
public struct TruthFinding: Sendable, Equatable {
    public typealias Category = FindingCategory

    /// A record of the term: its role and its index in that role's list.
    public struct RecordRef: Sendable, Hashable {
        public var role: SourceRole
        public var index: Int
    }

    public var category: Category
    public var person: TermRecords.PersonRef
    public var records: [RecordRef]
}

extension TermRecords {
    static let notEnrolledStatuses: Set<String> = ["转出", "毕业", "结业", "死亡", "注销"]
    static let ruralClaims: Set<String> = ["建档立卡/脱贫家庭", "脱贫家庭", "建档立卡", "监测对象"]
    static let civilClaims: Set<String> = ["低保", "特困供养", "孤儿", "事实无人抚养儿童"]
    static let coveredStages: Set<String> = ["学前教育", "小学", "初中", "七年级", "八年级", "九年级", "普通高中", "高中", "中职"]

    /// Each role's record indexes by person, built once: the rules look people up millions of times.
    struct PersonIndex {
        var enrollment: [PersonRef: [Int]] = [:], aid: [PersonRef: [Int]] = [:]
        var rural: [PersonRef: [Int]] = [:], civil: [PersonRef: [Int]] = [:]

        init(_ term: TermRecords) {
            for (i, r) in term.enrollment.enumerated() { enrollment[r.person, default: []].append(i) }
            for (i, r) in term.aid.enumerated() { aid[r.person, default: []].append(i) }
            for (i, r) in term.rural.enumerated() { rural[r.person, default: []].append(i) }
            for (i, r) in term.civil.enumerated() { civil[r.person, default: []].append(i) }
        }

        func records(_ role: SourceRole, _ person: PersonRef) -> [TruthFinding.RecordRef] {
            let indexes: [Int]? = switch role {
            case .enrollment: enrollment[person]
            case .aid: aid[person]
            case .rural: rural[person]
            case .civil: civil[person]
            }
            return (indexes ?? []).map { .init(role: role, index: $0) }
        }
    }

    /// Rural: any 脱贫户 member, or a 监测户 member whose risk is not eliminated.
    func isRuralActive(_ person: PersonRef, _ index: PersonIndex) -> Bool {
        (index.rural[person] ?? []).contains {
            rural[$0].householdType == "脱贫户" || (rural[$0].householdType == "监测户" && rural[$0].riskEliminated == "否")
        }
    }

    /// Civil: a roster entry in force (在保/正常) on the reference date.
    func isCivilActive(_ person: PersonRef, _ index: PersonIndex) -> Bool {
        (index.civil[person] ?? []).contains { civil[$0].status == "在保" || civil[$0].status == "正常" }
    }

    func isEnrolled(_ person: PersonRef, _ index: PersonIndex) -> Bool {
        (index.enrollment[person] ?? []).contains { !Self.notEnrolledStatuses.contains(enrollment[$0].status) }
    }

    /// The rule-based findings, in a stable order (category, then person, then records).
    public func truthFindings(_ population: Population) -> [TruthFinding] {
        truthFindings { population.households[$0.household].members[$0.member] }
    }

    /// The same, with people looked up by `person` (one household's records at a time, when streaming).
    public func truthFindings(person lookUp: (PersonRef) -> Population.Person) -> [TruthFinding] {
        var findings: [TruthFinding] = []
        let index = PersonIndex(self)
        let cutoff = settings.ageCutoffDate ?? settings.referenceDate
        let meansTested = aid.indices.filter { aid[$0].programme != "营养改善计划" }
        let aided = Set(meansTested.map { aid[$0].person })
        let records = index.records
        let people = Set(enrollment.map(\.person)).union(rural.map(\.person)).union(civil.map(\.person)).union(aid.map(\.person))
        for person in people.sorted() {
            let active = isRuralActive(person, index) || isCivilActive(person, index)
            let enrolled = isEnrolled(person, index)
            let member = lookUp(person)
            let compulsory = settings.compulsoryAges.contains(TermAssigner.age(member.birthDate, on: cutoff))
            if enrolled && active && !aided.contains(person) {
                findings.append(.init(category: .unaidedEligible, person: person,
                                      records: records(.enrollment, person) + records(.rural, person) + records(.civil, person)))
            }
            let dropout = compulsory && active && !enrolled
            if dropout {
                findings.append(.init(category: .possibleDropout, person: person,
                                      records: records(.rural, person) + records(.civil, person) + records(.enrollment, person)))
            }
            for row in index.rural[person] ?? [] {
                let status = rural[row].schoolingStatus
                let saysOut = status == "非在校生" || status == "失学辍学"
                if (saysOut && enrolled) || (Self.coveredStages.contains(status) && !enrolled && !dropout) {
                    findings.append(.init(category: .enrollmentStatusMismatch, person: person,
                                          records: [.init(role: .rural, index: row)] + records(.enrollment, person)))
                }
            }
        }
        for i in meansTested {
            let row = aid[i]
            let unverified = (Self.ruralClaims.contains(row.hardshipType) && !isRuralActive(row.person, index))
                || (Self.civilClaims.contains(row.hardshipType) && !isCivilActive(row.person, index))
            if unverified {
                findings.append(.init(category: .aidEligibilityUnverified, person: row.person, records: [.init(role: .aid, index: i)]))
            }
        }
        var byProgramme: [String: [Int]] = [:]
        for i in aid.indices { byProgramme["\(aid[i].person.household)/\(aid[i].person.member)/\(aid[i].programme)", default: []].append(i) }
        for indices in byProgramme.values where indices.count >= 2 {
            findings.append(.init(category: .duplicateAid, person: aid[indices[0]].person, records: indices.map { .init(role: .aid, index: $0) }))
        }
        let order = Dictionary(uniqueKeysWithValues: TruthFinding.Category.allCases.enumerated().map { ($1, $0) })
        return findings.sorted {
            (order[$0.category] ?? 0, $0.person, $0.records.first?.index ?? 0) < (order[$1.category] ?? 0, $1.person, $1.records.first?.index ?? 0)
        }
    }
}
