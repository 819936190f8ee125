import BiduiCore

/// Whether a rule ran, and what it could not check: a rule that needs a role with no source is
/// skipped, and the reports say so.
public struct RuleOutcome: Sendable, Equatable {
    public enum State: String, Sendable { case applied, partial, skipped }
    public var category: FindingCategory
    public var state: State
    /// Why a rule was skipped or only partly applied (English, for the stage's summary and the reports).
    public var note: String?
    public var count = 0
    /// Findings of this category that a record the match stage could not place (it could be this
    /// person or a namesake) might overturn: reported with the review mark, for an officer to check.
    public var marked = 0
    /// Cases not reported because an officer decided them 不属实 with a reason that rules them out
    /// (异地就读 for a dropout), in a decision still in force.
    public var suppressed = 0
}

/// DOMAIN.md's seven rules over the persons of a run. Pure: records and links in, findings out, so
/// tests drive it with hand-built persons and the stage with what the store holds.
public struct Reconciliation: Sendable {
    public var settings: ReconciliationSettings
    /// Roles for which the pipeline has a source that gave rows.
    public var roles: Set<SourceRole>
    /// Officers' decisions in force on the reference date: each finding is marked with its own, and
    /// a 不属实-异地就读 one keeps its person off the dropout list.
    public var decisions: [FindingKey: CaseDecision]

    /// `decisions` that are undated or expired on the reference date are left out.
    public init(settings: ReconciliationSettings, roles: Set<SourceRole>, decisions: [FindingKey: CaseDecision] = [:]) {
        self.settings = settings
        self.roles = roles
        self.decisions = decisions.filter { $0.value.isInForce(on: settings.referenceDate, validityDays: settings.decisionValidityDays) }
    }

    public struct Result: Sendable {
        public var findings: [Finding]
        public var outcomes: [RuleOutcome]
        /// The dropouts an officer's decision kept off the list.
        public var keptOff: [FindingKey] = []
    }

    /// The findings in their stable order (category, county, person, first source row).
    public func run(records: [RuleRecord], links: [RuleLink], ambiguous: [(Int64, Int64)] = []) -> Result {
        var byPerson: [String: [Int]] = [:]
        for (i, record) in records.enumerated() { byPerson[record.personID, default: []].append(i) }
        let context = FindingBuilder(records: records, links: links, settings: settings)
        var possible: [Int: [Int]] = [:]
        for (a, b) in ambiguous {
            guard let x = context.indexOf[a], let y = context.indexOf[b] else { continue }
            possible[x, default: []].append(y)
            possible[y, default: []].append(x)
        }
        var outcomes = outcomes()
        let applies = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.category, $0.state != .skipped) })
        var findings: [Finding] = []
        var keptOff: [FindingKey] = []
        for personID in byPerson.keys.sorted() {
            // A person's rows in the order a reader finds them (file, sheet, row), whatever order they were stored in.
            let rows = (byPerson[personID] ?? []).sorted { records[$0].source < records[$1].source }
            var facts = PersonFacts(personID: personID, rows: rows, records: records, settings: settings)
            let own = Set(rows)
            // A row that may be another person's brings that person's status with it: an aid row with
            // no number that may be P's is backed by P's rural row, not only by the row it was paired with.
            let partners = Set(rows.flatMap { possible[$0] ?? [] })
            let maybe = Set(partners.flatMap { byPerson[records[$0].personID] ?? [$0] }).union(partners).subtracting(own).sorted()
            if !maybe.isEmpty { facts.consider(possible: maybe, records: records, settings: settings) }
            personFindings(facts, context, applies, into: &findings, marking: &outcomes, keptOff: &keptOff)
        }
        findings.sort(by: Finding.precedes)
        for i in findings.indices {
            outcomes[findings[i].category.order].count += 1
            if !decisions.isEmpty { findings[i].decision = decisions[findings[i].key] }
        }
        return Result(findings: findings, outcomes: outcomes, keptOff: keptOff)
    }

    private func personFindings(_ p: PersonFacts, _ c: FindingBuilder, _ applies: [FindingCategory: Bool], into findings: inout [Finding],
                                marking outcomes: inout [RuleOutcome], keptOff: inout [FindingKey]) {
        // With no birth date anywhere (no usable number, no 出生日期), a child the rural list itself
        // records as 失学辍学 is of compulsory-education age by that list's own account: reported, marked
        // for review, since its age is the list's word alone.
        let records = c.records
        let rules = settings.rules
        let ageUnknown = p.birthDate == nil && p.ruralActive.contains { rules.droppedOutStatuses.contains(records[$0].schoolingStatus ?? "") }
        // An absence that an unplaced record could fill is still reported, with the review mark: it
        // is neither hidden nor asserted (DOMAIN.md's machine contract, `review`).
        func report(_ finding: Finding, uncertain: Bool) {
            var finding = finding
            if uncertain {
                finding.review = true
                outcomes[finding.category.order].marked += 1
            }
            findings.append(finding)
        }
        let dropout: Bool = {
            guard applies[.possibleDropout] == true, p.isActive, !p.isEnrolled, let cutoff = settings.ageCutoffDate else { return false }
            guard let born = p.birthDate else { return ageUnknown }
            return settings.compulsoryAges.contains(born.age(on: cutoff))
        }()
        // An officer found the person studying in another county (不属实-异地就读): no dropout finding,
        // and, the case being explained, no 在校状态不一致 for a school stage the local 学籍 lacks either.
        let dropoutKey = FindingKey(category: .possibleDropout, personID: p.personID, file: nil, sheet: nil, row: nil)
        let keptOffList = dropout && decisions[dropoutKey]?.keepsOffDropoutList == true
        if keptOffList {
            outcomes[FindingCategory.possibleDropout.order].suppressed += 1
            keptOff.append(dropoutKey)
        }
        if applies[.unaidedEligible] == true && p.isEnrolled && p.isActive && p.meansTested.isEmpty {
            report(c.finding(.unaidedEligible, p, rows: p.enrolled + p.ruralActive + p.civilActive, detail: c.unaidedDetail(p)), uncertain: p.mayBeAided)
        }
        if applies[.aidEligibilityUnverified] == true {
            for i in p.meansTested {
                guard let claim = records[i].hardshipType, let department = rules.claims[claim], roles.contains(department),
                      !p.isActive(in: department) else { continue }
                let listed = department == .rural ? p.ruralInactive : p.civilInactive
                report(c.finding(.aidEligibilityUnverified, p, rows: [i] + listed,
                                 detail: c.unverifiedDetail(claim: claim, department: department, listed: listed)),
                       uncertain: p.mayBeActive(in: department))
            }
        }
        if applies[.duplicateAid] == true {
            var byProgramme: [String: [Int]] = [:]
            for i in p.termAid { byProgramme[records[i].programme ?? "", default: []].append(i) }
            for (programme, rows) in byProgramme.sorted(by: { $0.key < $1.key }) where rows.count >= 2 {
                findings.append(c.finding(.duplicateAid, p, rows: rows, detail: c.duplicateDetail(programme: programme, rows: rows)))
            }
        }
        if dropout && !keptOffList {
            report(c.finding(.possibleDropout, p, rows: p.ruralActive + p.civilActive + p.leftSchool, detail: c.dropoutDetail(p)),
                   uncertain: p.mayBeEnrolled || p.birthDate == nil)
        }
        if applies[.enrollmentStatusMismatch] == true {
            for i in p.rows where records[i].role == .rural {
                guard let status = records[i].schoolingStatus else { continue }
                if rules.outOfSchoolStatuses.contains(status) && p.isEnrolled {
                    findings.append(c.finding(.enrollmentStatusMismatch, p, rows: [i] + p.enrolled,
                                              detail: c.mismatchDetail(status: status, enrolled: p.enrolled)))
                } else if rules.coveredStages.contains(status) && !p.isEnrolled && !dropout {
                    report(c.finding(.enrollmentStatusMismatch, p, rows: [i] + p.leftSchool, detail: c.mismatchDetail(status: status, enrolled: [])),
                           uncertain: p.mayBeEnrolled)
                }
            }
        }
        if p.rows.count >= 2 {
            var numbers: [String] = [], names: [String] = []
            for i in p.rows {
                if let n = records[i].idNumber, !numbers.contains(n) { numbers.append(n) }
                if let n = records[i].nameKey, !names.contains(n) { names.append(n) }
            }
            if numbers.count > 1 || names.count > 1 {
                findings.append(c.finding(.identityConflict, p, rows: p.rows, detail: c.conflictDetail(p, numbers: numbers, names: names)))
            }
        }
        for i in p.rows where records[i].idNumber != nil && !records[i].idValid {
            findings.append(c.finding(.invalidIDNumber, p, rows: [i], detail: c.invalidDetail(records[i], person: p)))
        }
    }

    /// Which rules can run with the roles this pipeline has.
    func outcomes() -> [RuleOutcome] {
        let has = roles.contains
        func need(_ category: FindingCategory, _ required: [SourceRole], anyOf: [SourceRole] = []) -> RuleOutcome {
            let missing = required.filter { !has($0) }
            if !missing.isEmpty {
                return RuleOutcome(category: category, state: .skipped,
                                   note: "skipped: the pipeline has no \(missing.map(Self.roleLabel).joined(separator: " or ")) source")
            }
            if !anyOf.isEmpty {
                let present = anyOf.filter(has), absent = anyOf.filter { !has($0) }
                if present.isEmpty {
                    return RuleOutcome(category: category, state: .skipped,
                                       note: "skipped: the pipeline has no \(anyOf.map(Self.roleLabel).joined(separator: " or ")) source")
                }
                if !absent.isEmpty {
                    return RuleOutcome(category: category, state: .partial,
                                       note: "checked against \(present.map(Self.roleLabel).joined(separator: ", ")) only: the pipeline has no \(absent.map(Self.roleLabel).joined(separator: " or ")) source")
                }
            }
            return RuleOutcome(category: category, state: .applied, note: nil)
        }
        return FindingCategory.allCases.map { category in
            switch category {
            case .unaidedEligible: need(category, [.enrollment, .aid], anyOf: [.rural, .civil])
            case .aidEligibilityUnverified: need(category, [.aid], anyOf: [.rural, .civil])
            case .duplicateAid: need(category, [.aid])
            case .possibleDropout: need(category, [.enrollment], anyOf: [.rural, .civil])
            case .enrollmentStatusMismatch: need(category, [.rural, .enrollment])
            case .identityConflict, .invalidIDNumber: RuleOutcome(category: category, state: .applied, note: nil)
            }
        }
    }

    static func roleLabel(_ role: SourceRole) -> String { "\(role.rawValue) (\(role.chineseName))" }
}
