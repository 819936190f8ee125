import BiduiCore
import Foundation
import Testing
@testable import Reconcile

/// 疑似失学辍学, 在校状态不一致, 身份信息不一致 and 证件号码无效 on hand-built persons.
@Suite struct SchoolingAndIdentityRuleTests {
    /// A 脱贫户 child born on `born` who is in no enrollment export.
    func dropoutCount(born: String) -> Int {
        var f = RuleFixture()
        f.add(.enrollment, person: "other", name: "李娜", id: RuleFixture.idNumber(born: "20140101", sequence: 124), Row.enrolled())
        f.add(.rural, person: "p", name: "张伟", id: RuleFixture.idNumber(born: born), Row.rural())
        return f.findings(.possibleDropout, of: "p").count
    }

    @Test func compulsoryAgeIsSixToFifteenOnThe31stOfAugust() {
        #expect(dropoutCount(born: "20190831") == 1, "6 exactly on 2025-08-31")
        #expect(dropoutCount(born: "20190901") == 0, "5 on the cut-off day: not yet of compulsory age")
        #expect(dropoutCount(born: "20090901") == 1, "15 on the cut-off day")
        #expect(dropoutCount(born: "20090831") == 0, "16 exactly on 2025-08-31")
    }

    @Test func theAgeRangeAndCutOffAreConfiguration() throws {
        let text = """
            reconciliation:
              school_year: "2025-2026"
              term: 秋季学期
              reference_date: 2025-10-31
              compulsory_age: [7, 15]
              age_cutoff: "09-01"
            sources:
              - role: rural
                paths: ["a.xlsx"]
            """
        let configuration = try PipelineConfiguration.parse(text: text, fileURL: URL(fileURLWithPath: "/tmp/p.yaml"))
        var f = RuleFixture()
        f.settings = configuration.reconciliation
        f.add(.enrollment, person: "other", name: "李娜", id: RuleFixture.idNumber(born: "20140101", sequence: 124), Row.enrolled())
        f.add(.rural, person: "six", name: "张伟", id: RuleFixture.idNumber(born: "20190801"), Row.rural())
        f.add(.rural, person: "seven", name: "王芳", id: RuleFixture.idNumber(born: "20180901", sequence: 222), Row.rural())
        #expect(f.findings(.possibleDropout).map(\.personID) == ["seven"])
    }

    @Test func dropoutNeedsAnActivePersonWhoIsNotEnrolled() {
        let id = RuleFixture.idNumber(born: "20140101")
        var f = RuleFixture()
        f.add(.rural, person: "p", name: "张伟", id: id, Row.rural("监测户", risk: "是"))
        f.add(.enrollment, person: "q", name: "李娜", id: RuleFixture.idNumber(born: "20140101", sequence: 124), Row.enrolled(status: "转出"))
        f.add(.civil, person: "q", name: "李娜", id: RuleFixture.idNumber(born: "20140101", sequence: 124), Row.civil("孤儿"))
        f.add(.enrollment, person: "r", name: "王芳", id: RuleFixture.idNumber(born: "20140101", sequence: 222), Row.enrolled(status: "休学"))
        f.add(.civil, person: "r", name: "王芳", id: RuleFixture.idNumber(born: "20140101", sequence: 222), Row.civil())
        let found = f.findings(.possibleDropout)
        #expect(found.map(\.personID) == ["q"], "risk eliminated is not active; 转出 is not enrolled; 休学 is")
        #expect(found.first?.detail == "义务教育年龄（2025-08-31时11岁），民政孤儿（在保），2025-2026学年秋季学期未见在读学籍（学籍状态：转出）")
        #expect(found.first?.sources.map(\.role) == [.civil, .enrollment])
    }

    @Test func withoutAnEnrollmentSourceNoOneIsADropout() {
        var f = RuleFixture()
        f.roles = [.rural, .civil]
        f.add(.rural, person: "p", name: "张伟", id: RuleFixture.idNumber(born: "20140101"), Row.rural())
        let result = f.run()
        #expect(result.findings.filter { $0.category == .possibleDropout }.isEmpty)
        #expect(result.outcomes.first { $0.category == .possibleDropout }?.state == .skipped)
    }

    @Test func ruralSchoolingThatDisagreesWithEnrollment() {
        var f = RuleFixture()
        let enrolledID = RuleFixture.idNumber(born: "20140101")
        f.add(.enrollment, person: "in", name: "张伟", id: enrolledID, Row.enrolled())
        f.add(.aid, person: "in", name: "张伟", id: enrolledID, Row.aid())
        f.add(.rural, person: "in", name: "张伟", id: enrolledID, Row.rural(schooling: "失学辍学"))
        // Says senior high, is 17 and enrolled nowhere: a mismatch (not a dropout: past compulsory age).
        let olderID = RuleFixture.idNumber(born: "20080301", sequence: 124)
        f.add(.rural, person: "older", name: "李娜", id: olderID, Row.rural(schooling: "普通高中"))
        // Says junior high, is 12 and enrolled nowhere: already a dropout, so no mismatch too.
        let youngerID = RuleFixture.idNumber(born: "20130301", sequence: 222)
        f.add(.rural, person: "younger", name: "王芳", id: youngerID, Row.rural(schooling: "初中"))
        // Higher education is outside 学籍: never a mismatch.
        f.add(.rural, person: "student", name: "赵磊", id: RuleFixture.idNumber(born: "20050301", sequence: 333), Row.rural(schooling: "本科及以上"))
        let found = f.findings(.enrollmentStatusMismatch)
        #expect(found.map(\.personID).sorted() == ["in", "older"])
        #expect(found.first { $0.personID == "in" }?.detail == "乡村振兴记为“失学辍学”，但学籍显示2025-2026学年秋季学期在读（蕲春县漕河镇中心小学）")
        #expect(found.first { $0.personID == "in" }?.sources.map(\.role) == [.rural, .enrollment])
        #expect(f.findings(.possibleDropout).map(\.personID) == ["younger"])
    }

    @Test func aHomophoneIsAConflict_aTraditionalVariantIsNot() {
        let id = RuleFixture.idNumber(born: "20140101")
        var f = RuleFixture()
        f.add(.enrollment, person: "homophone", name: "张伟", id: id, Row.enrolled())
        f.add(.aid, person: "homophone", name: "张玮", id: id, Row.aid())
        let other = RuleFixture.idNumber(born: "20140101", sequence: 124)
        f.add(.enrollment, person: "variant", name: "張偉", id: other, Row.enrolled())
        f.add(.aid, person: "variant", name: "张 伟", id: other, Row.aid())
        f.add(.rural, person: "variant", name: "张伟", id: other, Row.rural())
        let dotted = RuleFixture.idNumber(born: "20140101", sequence: 222)
        f.add(.enrollment, person: "dots", name: "买买提·艾力", id: dotted, Row.enrolled())
        f.add(.aid, person: "dots", name: "买买提.艾力", id: dotted, Row.aid())
        let found = f.findings(.identityConflict)
        #expect(found.map(\.personID) == ["homophone"])
        #expect(found.first?.detail == "同一人的2行记录中姓名有2种写法（张玮／张伟）", "names in the order of their rows (aid.xlsx before enrollment.xlsx)")
        #expect(found.first?.sources.count == 2)
    }

    @Test func numbersThatDifferOnlyInFormAreNoConflict_butExcelDamageIs() {
        let id = RuleFixture.idNumber(born: "20140101")
        var f = RuleFixture()
        f.add(.enrollment, person: "form", name: "张伟", id: id, Row.enrolled())
        f.add(.aid, person: "form", name: "张伟", id: "'" + id.lowercased().replacingOccurrences(of: "2014", with: "２０１４"), Row.aid())
        f.add(.rural, person: "form", name: "张伟", id: String(id.prefix(6)) + " " + String(id.dropFirst(6)), Row.rural())
        let other = RuleFixture.idNumber(born: "20140101", sequence: 124)
        f.add(.enrollment, person: "excel", name: "李娜", id: other, Row.enrolled())
        f.add(.aid, person: "excel", name: "李娜", id: String(other.prefix(15)) + "000", Row.aid())
        f.add(.aid, person: "excel", name: "李娜", id: "", Row.aid(programme: "营养改善计划", claim: ""))
        let found = f.findings(.identityConflict)
        #expect(found.map(\.personID) == ["excel"])
        #expect(found.first?.detail.contains("身份证号有2种写法") == true)
        #expect(found.first.map { UnmaskedNumbers.count(in: $0.detail) } == 0, "no ID number is spelled out in a detail")
    }

    @Test func everyInvalidRowIsAFindingOfItsOwn() {
        let id = RuleFixture.idNumber(born: "20140101")
        var f = RuleFixture()
        f.add(.enrollment, person: "p", name: "张伟", id: id, Row.enrolled())
        f.add(.aid, person: "p", name: "张伟", id: "4.21126E+17", Row.aid())
        f.add(.rural, person: "p", name: "张伟", id: String(id.prefix(17)) + (id.last == "1" ? "2" : "1"), Row.rural())
        f.add(.civil, person: "p", name: "张伟", id: "", Row.civil())
        let found = f.findings(.invalidIDNumber)
        #expect(found.map { $0.sources[0].role } == [.aid, .rural])
        #expect(found[0].detail == "证件号码无效：被Excel存为科学计数法，后几位已丢失")
        #expect(found[1].detail == "证件号码无效：校验码不符；与同一人其他记录的有效号码仅一处之差，疑为录入错误")
        #expect(found.allSatisfy { $0.sources.count == 1 && $0.severity == "low" && !$0.review })
    }

    @Test func findingsComeInOneOrderWhateverTheOrderOfTheRecords() {
        var f = RuleFixture()
        for (k, name) in ["张伟", "李娜", "王芳", "赵磊", "刘洋"].enumerated() {
            let id = RuleFixture.idNumber(born: "20140101", sequence: 100 + k)
            f.add(.enrollment, person: "p\(k)", name: name, id: id, county: k % 2 == 0 ? "蕲春县" : "黄梅县", Row.enrolled())
            f.add(.rural, person: "p\(k)", name: name, id: String(id.prefix(15)) + "000", county: k % 2 == 0 ? "蕲春县" : "黄梅县", Row.rural())
        }
        let forward = f.run().findings.map(\.contractJSON)
        f.records.reverse()
        let backward = f.run().findings.map(\.contractJSON)
        #expect(forward == backward)
        #expect(forward.count == 15)
        let counties = f.run().findings.filter { $0.category == .unaidedEligible }.map(\.county)
        #expect(counties == ["蕲春县", "蕲春县", "蕲春县", "黄梅县", "黄梅县"])
    }

    @Test func theContractLineHasEveryFieldOfDomainMd() throws {
        var f = RuleFixture()
        let id = RuleFixture.idNumber(born: "20140101")
        f.add(.enrollment, person: "p", name: "张伟", id: id, Row.enrolled())
        f.add(.rural, person: "p", name: "张伟", id: id, Row.rural())
        let line = try #require(f.run().findings.first).contractJSON
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["schema", "category", "severity", "person_id", "name", "id_number", "detail", "review", "sources"])
        #expect(object["schema"] as? Int == 1)
        #expect(object["id_number"] as? String == id)
        #expect(object["review"] as? Bool == false)
        let sources = try #require(object["sources"] as? [[String: Any]])
        #expect(sources.first?["role"] as? String == "enrollment")
        #expect(sources.first?["sheet"] as? String == "Sheet1")
        #expect(sources.first?["row"] as? Int == 2)
    }
}

enum UnmaskedNumbers {
    static func count(in text: String) -> Int {
        var run = 0, found = 0
        for ch in text.unicodeScalars {
            if ("0"..."9").contains(ch) { run += 1 } else { if run >= 15 { found += 1 }; run = 0 }
        }
        return found + (run >= 15 ? 1 : 0)
    }
}
