import BiduiCore
import Foundation
import Testing
@testable import Reconcile

/// The rules' word lists are configuration, checked against the values normalize writes.
@Suite struct RuleSettingsTests {
    func parse(_ extra: String) throws -> PipelineConfiguration {
        try PipelineConfiguration.parse(text: """
            reconciliation:
              school_year: "2025-2026"
              term: 秋季学期
              reference_date: 2025-10-31
            \(extra)
            sources:
              - role: aid
                paths: ["a.xlsx"]
            """, fileURL: URL(fileURLWithPath: "/srv/p.yaml"))
    }

    @Test func theDefaultsAreDomainMds() throws {
        let rules = try parse("").reconciliation.rules
        #expect(rules.claims["孤儿"] == .civil && rules.claims["监测对象"] == .rural)
        #expect(rules.notEnrolledStatuses == ["转出", "毕业", "结业", "死亡", "注销"])
        #expect(rules.nonAidProgrammes == ["营养改善计划"])
    }

    @Test func aPipelineChangesWhatCountsAndTheRulesFollow() throws {
        let configuration = try parse("""
              non_aid_programmes: [营养改善计划, 学前教育幼儿资助]
              civil_claims: [低保, 特困供养]
            """)
        #expect(configuration.reconciliation.rules.claims["孤儿"] == nil, "a claim no department backs is not checked")
        #expect(configuration.reconciliation.rules.claims["建档立卡/脱贫家庭"] == .rural, "rural claims keep their defaults")
        var f = RuleFixture()
        f.settings = configuration.reconciliation
        let id = RuleFixture.idNumber(born: "20200101")
        f.add(.enrollment, person: "p", name: "张伟", id: id, Row.enrolled("蕲春县漕河镇中心幼儿园"))
        f.add(.rural, person: "p", name: "张伟", id: id, Row.rural())
        f.add(.aid, person: "p", name: "张伟", id: id, Row.aid(programme: "学前教育幼儿资助", claim: "孤儿"))
        #expect(f.findings(.unaidedEligible).count == 1, "学前教育幼儿资助 no longer counts as aid")
        #expect(f.findings(.aidEligibilityUnverified).isEmpty, "and 孤儿 claims are no longer checked")
    }

    @Test func anUnknownValueNamesTheLineAndKey() throws {
        #expect {
            try parse("  civil_in_force: [在保, 在册]")
        } throws: { error in
            "\(error)".contains("p.yaml:5: reconciliation.civil_in_force: \"在册\" is not a value of assistance_status")
        }
        #expect {
            try parse("  rural_claims: [低保]\n  civil_claims: [低保]")
        } throws: { error in
            "\(error)".contains("listed under both rural_claims and civil_claims")
        }
    }
}
