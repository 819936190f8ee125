import BiduiCore
import Testing
@testable import Reconcile

/// What a row the match stage could not place does to the findings (issue 17): an absence it could
/// fill is reported with the review mark, neither held back nor asserted.
@Suite struct UnplacedRowTests {
    @Test func anAbsenceAnUnplacedRowCouldFillIsReportedWithTheReviewMark() {
        var f = RuleFixture()
        let child = RuleFixture.idNumber(born: "20150301")
        f.add(.enrollment, person: "P1", name: "王梓涵", id: child, Row.enrolled())
        f.add(.rural, person: "P1", name: "王梓涵", id: child, Row.rural())
        // An aid row with no number that could be this child's or a namesake's.
        let aidRow = f.add(.aid, person: "P9", name: "王梓涵", Row.aid())
        let namesake = f.add(.enrollment, person: "P2", name: "王梓涵", id: RuleFixture.idNumber(born: "20140705", sequence: 456), Row.enrolled())
        let result = Reconciliation(settings: f.settings, roles: f.roles)
            .run(records: f.records, links: f.links, ambiguous: [(aidRow, 1), (aidRow, namesake)])
        let unaided = result.findings.filter { $0.category == .unaidedEligible && $0.personID == "P1" }
        #expect(unaided.count == 1, "reported, not held back")
        #expect(unaided.first?.review == true, "and marked: the aid row may be this child's")
        #expect(result.outcomes[FindingCategory.unaidedEligible.order].marked == 1)
        // Without the unplaced row the same finding is stated outright.
        var plain = RuleFixture()
        plain.add(.enrollment, person: "P1", name: "王梓涵", id: child, Row.enrolled())
        plain.add(.rural, person: "P1", name: "王梓涵", id: child, Row.rural())
        #expect(plain.findings(.unaidedEligible).map(\.review) == [false])
    }

    @Test func aRuralDropoutWithNoBirthDateIsReportedOnTheListsWordAndMarked() {
        var f = RuleFixture()
        f.add(.rural, person: "P1", name: "李浩然", Row.rural(schooling: "失学辍学"))
        f.add(.enrollment, person: "P3", name: "张一诺", id: RuleFixture.idNumber(born: "20160101"), Row.enrolled())
        let dropout = f.findings(.possibleDropout, of: "P1")
        #expect(dropout.count == 1)
        #expect(dropout.first?.review == true)
        // A child of unknown age whose list does not say 失学辍学 is not guessed to be of school age.
        var g = RuleFixture()
        g.add(.rural, person: "P1", name: "李浩然", Row.rural(schooling: "非在校生"))
        g.add(.enrollment, person: "P3", name: "张一诺", id: RuleFixture.idNumber(born: "20160101"), Row.enrolled())
        #expect(g.findings(.possibleDropout, of: "P1").isEmpty)
    }
}
