import Testing
@testable import BiduiCore
@testable import Synth

@Suite struct TruthFindingsTests {
    static let settings = ReconciliationSettings(
        schoolYearStart: 2025, term: .autumn, referenceDate: CalendarDate(year: 2025, month: 10, day: 31)!,
        compulsoryAges: 6...15, ageCutoffMonth: 8, ageCutoffDay: 31)
    static let population = Population(households: 20_000, seed: 3)
    static let term = TermAssigner(settings: settings).assign(population, seed: 3)
    static let findings = term.truthFindings(population)

    func person(_ ref: TermRecords.PersonRef) -> Population.Person {
        Self.population.households[ref.household].members[ref.member]
    }

    @Test func everyRuleBasedCategoryOccursAtASmallRate() {
        let people = Self.population.households.reduce(0) { $0 + $1.members.count }
        for category in [TruthFinding.Category.unaidedEligible, .aidEligibilityUnverified, .duplicateAid,
                         .possibleDropout, .enrollmentStatusMismatch] {
            let count = Self.findings.filter { $0.category == category }.count
            #expect(count >= 30, "\(category.rawValue): \(count)")
            #expect(Double(count) / Double(people) < 0.02, "\(category.rawValue) stays rare: \(count) of \(people)")
        }
    }

    @Test func possibleDropoutsAreActiveOfCompulsoryAgeAndNotEnrolled() {
        let index = TermRecords.PersonIndex(Self.term)
        for finding in Self.findings where finding.category == .possibleDropout {
            let age = TermAssigner.age(person(finding.person).birthDate, on: CalendarDate(year: 2025, month: 8, day: 31)!)
            #expect((6...15).contains(age))
            #expect(Self.term.isRuralActive(finding.person, index) || Self.term.isCivilActive(finding.person, index))
            #expect(!Self.term.isEnrolled(finding.person, index))
        }
    }

    @Test func unaidedEligibleStudentsAreEnrolledActiveAndWithoutMeansTestedAid() {
        let index = TermRecords.PersonIndex(Self.term)
        for finding in Self.findings where finding.category == .unaidedEligible {
            #expect(Self.term.isEnrolled(finding.person, index))
            #expect(Self.term.isRuralActive(finding.person, index) || Self.term.isCivilActive(finding.person, index))
            #expect(!(index.aid[finding.person] ?? []).contains { Self.term.aid[$0].programme != "营养改善计划" })
        }
    }

    @Test func duplicateAidHasTwoRowsOfOneProgramme() {
        for finding in Self.findings where finding.category == .duplicateAid {
            #expect(finding.records.count >= 2)
            #expect(Set(finding.records.map { Self.term.aid[$0.index].programme }).count == 1)
            #expect(finding.records.allSatisfy { Self.term.aid[$0.index].person == finding.person })
        }
    }

    @Test func unverifiedAidClaimsADepartmentThatDoesNotBackIt() {
        let index = TermRecords.PersonIndex(Self.term)
        for finding in Self.findings where finding.category == .aidEligibilityUnverified {
            let row = Self.term.aid[finding.records[0].index]
            if TermRecords.ruralClaims.contains(row.hardshipType) {
                #expect(!Self.term.isRuralActive(row.person, index))
            } else {
                #expect(TermRecords.civilClaims.contains(row.hardshipType))
                #expect(!Self.term.isCivilActive(row.person, index))
            }
        }
    }

    @Test func theSameSeedGivesTheSameTerm() {
        let again = TermAssigner(settings: Self.settings).assign(Population(households: 500, seed: 9), seed: 9)
        let once = TermAssigner(settings: Self.settings).assign(Population(households: 500, seed: 9), seed: 9)
        #expect(again.aid == once.aid && again.rural == once.rural && again.civil == once.civil && again.enrollment == once.enrollment)
    }
}

@Suite struct TwoTermsTests {
    @Test func findingsPersistResolveAndAppearFromTermToTerm() {
        let population = Population(households: 10_000, seed: 12)
        let autumn = ReconciliationSettings(schoolYearStart: 2025, term: .autumn, referenceDate: CalendarDate(year: 2025, month: 10, day: 31)!)
        let spring = ReconciliationSettings(schoolYearStart: 2024, term: .spring, referenceDate: CalendarDate(year: 2025, month: 4, day: 30)!)
        func keys(_ settings: ReconciliationSettings) -> Set<String> {
            let term = TermAssigner(settings: settings).assign(population, seed: 12)
            return Set(term.truthFindings(population).map {
                "\($0.category.rawValue)/\(population.households[$0.person.household].members[$0.person.member].idNumber)"
            })
        }
        let previous = keys(spring), current = keys(autumn)
        let persisting = previous.intersection(current).count
        let resolved = previous.subtracting(current).count
        let new = current.subtracting(previous).count
        #expect(persisting > 50, "persisting \(persisting)")
        #expect(resolved > 20, "resolved \(resolved)")
        #expect(new > 20, "new \(new)")
    }
}
