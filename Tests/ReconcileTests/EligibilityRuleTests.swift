import BiduiCore
import Testing
@testable import Reconcile

/// 应助未助, 资助依据未核实 and 重复资助 on hand-built persons, at the rules' boundaries.
@Suite struct EligibilityRuleTests {
    let child = RuleFixture.idNumber(born: "20150302")

    @Test func anEnrolledPoorStudentWithoutAidIsUnaided() {
        var f = RuleFixture()
        f.add(.enrollment, person: "p", name: "张伟", id: child, Row.enrolled())
        f.add(.rural, person: "p", name: "张伟", id: child, Row.rural("监测户", risk: "否"))
        let found = f.findings(.unaidedEligible)
        #expect(found.count == 1)
        #expect(found.first?.sources.map(\.role) == [.enrollment, .rural])
        #expect(found.first?.detail == "乡村振兴监测户（风险未消除），2025-2026学年秋季学期在读（蕲春县漕河镇中心小学），无资助记录")
        #expect(found.first?.severity == "high")
    }

    @Test func aidOfTheTermClearsIt_butNutritionAndAnotherTermDoNot() {
        var f = RuleFixture()
        f.add(.enrollment, person: "p", name: "张伟", id: child, Row.enrolled())
        f.add(.rural, person: "p", name: "张伟", id: child, Row.rural())
        f.add(.aid, person: "p", name: "张伟", id: child, Row.aid(programme: "营养改善计划", claim: ""))
        f.add(.aid, person: "p", name: "张伟", id: child, Row.aid(term: "春季学期"))
        f.add(.aid, person: "p", name: "张伟", id: child, Row.aid(year: "2024-2025"))
        #expect(f.findings(.unaidedEligible).count == 1)
        f.add(.aid, person: "p", name: "张伟", id: child, Row.aid())
        #expect(f.findings(.unaidedEligible).isEmpty)
    }

    @Test func aMonitoredHouseholdWhoseRiskIsEliminatedIsNotActive() {
        var f = RuleFixture()
        f.add(.enrollment, person: "p", name: "张伟", id: child, Row.enrolled())
        f.add(.rural, person: "p", name: "张伟", id: child, Row.rural("监测户", risk: "是"))
        f.add(.aid, person: "p", name: "张伟", id: child, Row.aid(claim: "监测对象"))
        #expect(f.findings(.unaidedEligible).isEmpty)
        let unverified = f.findings(.aidEligibilityUnverified)
        #expect(unverified.count == 1)
        #expect(unverified.first?.sources.map(\.role) == [.aid, .rural])
        #expect(unverified.first?.detail.contains("风险是否消除：是") == true)
    }

    @Test func anAllowanceStoppedTheMonthBeforeTheReferenceDateIsNotInForce() {
        var f = RuleFixture()
        f.add(.enrollment, person: "p", name: "张伟", id: child, Row.enrolled())
        f.add(.civil, person: "p", name: "张伟", id: child, Row.civil(status: "停保", end: "2025-09"))
        f.add(.aid, person: "p", name: "张伟", id: child, Row.aid(claim: "低保"))
        #expect(f.findings(.unaidedEligible).isEmpty)
        let unverified = f.findings(.aidEligibilityUnverified)
        #expect(unverified.count == 1)
        #expect(unverified.first?.detail.contains("停保") == true)
        #expect(unverified.first?.detail.contains("2025-10-31") == true)
    }

    @Test func anAllowanceInForceOnTheDayCounts_evenIfStoppedLaterOrEndingThatMonth() {
        for fields in [Row.civil(status: "停保", end: "2025-11"), Row.civil(end: "2025-10"), Row.civil(start: "2025-10")] {
            var f = RuleFixture()
            f.add(.civil, person: "p", name: "张伟", id: child, fields)
            f.add(.aid, person: "p", name: "张伟", id: child, Row.aid(claim: "低保"))
            #expect(f.findings(.aidEligibilityUnverified).isEmpty, "\(fields)")
        }
        for fields in [Row.civil(end: "2025-09"), Row.civil(start: "2025-11")] {
            var f = RuleFixture()
            f.add(.civil, person: "p", name: "张伟", id: child, fields)
            f.add(.aid, person: "p", name: "张伟", id: child, Row.aid(claim: "低保"))
            #expect(f.findings(.aidEligibilityUnverified).count == 1, "\(fields)")
        }
    }

    @Test func eligibilityIsCheckedPerDepartment() {
        // An orphan claim by a child active on 低保 is verified: both are civil.
        var f = RuleFixture()
        f.add(.civil, person: "p", name: "张伟", id: child, Row.civil())
        f.add(.aid, person: "p", name: "张伟", id: child, Row.aid(claim: "孤儿"))
        // A rural claim by the same child is not: the child is on no rural list.
        f.add(.aid, person: "p", name: "张伟", id: child, Row.aid(programme: "普通高中国家助学金", claim: "建档立卡/脱贫家庭"))
        // Hardship types no department backs (残疾, 其他) are never checked.
        f.add(.aid, person: "p", name: "张伟", id: child, Row.aid(programme: "学前教育幼儿资助", claim: "残疾"))
        let unverified = f.findings(.aidEligibilityUnverified)
        #expect(unverified.count == 1)
        #expect(unverified.first?.detail.hasPrefix("困难类型为“建档立卡/脱贫家庭”") == true)
        #expect(unverified.first?.detail.contains("该部门名单中无此人") == true)
    }

    @Test func withoutACivilSourceCivilClaimsAreNotCheckedAndTheOutcomeSaysSo() {
        var f = RuleFixture()
        f.roles = [.enrollment, .aid, .rural]
        f.add(.enrollment, person: "p", name: "张伟", id: child, Row.enrolled())
        f.add(.aid, person: "p", name: "张伟", id: child, Row.aid(claim: "低保"))
        f.add(.aid, person: "q", name: "李娜", id: RuleFixture.idNumber(born: "20140101", sequence: 124), Row.aid(claim: "建档立卡/脱贫家庭"))
        let result = f.run()
        #expect(result.findings.filter { $0.category == .aidEligibilityUnverified }.map(\.personID) == ["q"])
        let outcome = result.outcomes.first { $0.category == .aidEligibilityUnverified }
        #expect(outcome?.state == .partial)
        #expect(outcome?.note?.contains("civil") == true)
        #expect(result.outcomes.first { $0.category == .unaidedEligible }?.state == .partial)
        f.roles = [.enrollment, .rural]
        let noAid = f.run().outcomes.first { $0.category == .unaidedEligible }
        #expect(noAid?.state == .skipped)
        #expect(noAid?.note == "skipped: the pipeline has no aid (学生资助) source")
    }

    @Test func duplicateAidAcrossTwoSchoolsWithATypoedNumberAtOne() {
        var f = RuleFixture()
        var typo = Array(child)
        typo[10] = typo[10] == "1" ? "2" : "1"
        f.add(.enrollment, person: "p", name: "张伟", id: child, Row.enrolled())
        f.add(.rural, person: "p", name: "张伟", id: child, Row.rural())
        let first = f.add(.aid, person: "p", name: "张伟", id: child, Row.aid("蕲春县漕河镇中心小学"))
        let second = f.add(.aid, person: "p", name: "张伟", id: String(typo), Row.aid("蕲春县横车镇中心小学"))
        f.links = [RuleLink(a: first, b: second, weight: 14.2, review: false, evidence: "身份证号仅一位不同 +8.1, 姓名相同 +6.1")]
        let duplicate = f.findings(.duplicateAid)
        #expect(duplicate.count == 1)
        #expect(duplicate.first?.recordIDs == [first, second])
        #expect(duplicate.first?.detail == "“义务教育家庭经济困难学生生活补助”在2025-2026学年秋季学期有2条发放记录（蕲春县漕河镇中心小学、蕲春县横车镇中心小学）")
        #expect(duplicate.first?.evidence.contains("身份证号仅一位不同") == true)
        #expect(duplicate.first?.idNumber == child, "the person's best number is the valid one")
        #expect(f.findings(.invalidIDNumber).map(\.recordIDs) == [[second]])
        #expect(f.findings(.identityConflict).count == 1)
        #expect(f.findings(.unaidedEligible).isEmpty)
    }

    @Test func oneAidRowPerProgrammeIsNoDuplicate() {
        var f = RuleFixture()
        f.add(.aid, person: "p", name: "张伟", id: child, Row.aid())
        f.add(.aid, person: "p", name: "张伟", id: child, Row.aid(programme: "营养改善计划", claim: ""))
        f.add(.aid, person: "p", name: "张伟", id: child, Row.aid(term: "春季学期"))
        #expect(f.findings(.duplicateAid).isEmpty)
    }

    @Test func aFindingRestingOnAReviewBandLinkIsMarked() {
        var f = RuleFixture()
        let a = f.add(.enrollment, person: "p", name: "张伟", id: child, Row.enrolled())
        let b = f.add(.rural, person: "p", name: "张伟", Row.rural())
        f.links = [RuleLink(a: a, b: b, weight: 6.5, review: true, evidence: "姓名相同 +6.5")]
        let found = f.findings(.unaidedEligible)
        #expect(found.first?.review == true)
        #expect(found.first?.evidence.contains("（待核实）") == true)
    }
}
