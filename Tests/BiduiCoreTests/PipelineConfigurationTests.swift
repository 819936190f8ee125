import Foundation
import Testing
import TestSupport
@testable import BiduiCore

@Suite struct PipelineConfigurationTests {
    func load(_ text: String) throws -> PipelineConfiguration {
        try PipelineConfiguration.parse(text: text, fileURL: URL(fileURLWithPath: "/srv/pipelines/county.yaml"))
    }

    func failure(_ text: String) -> ConfigurationError? {
        do {
            _ = try load(text)
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func readsSourcesSettingsAndAliases() throws {
        let configuration = try load("""
            pipeline: 蕲春县2025秋
            reconciliation:
              school_year: "2025-2026"
              term: 秋季学期
              reference_date: 2025-10-31
            sources:
              - role: enrollment
                paths: ["../data/学籍/*.csv", "../data/extra.csv"]
                encoding: gbk
                columns:
                  id_number: [学生证件号]
              - role: rural
                path: ../data/rural.xlsx
                sheets: [漕河镇, 青石镇]
            columns:
              rural:
                name: [家庭成员]
            """)
        #expect(configuration.name == "蕲春县2025秋")
        #expect(configuration.folder.path == "/srv/pipelines")
        #expect(configuration.reconciliation.schoolYear == "2025-2026")
        #expect(configuration.reconciliation.term == .autumn)
        #expect(configuration.reconciliation.referenceDate == CalendarDate(year: 2025, month: 10, day: 31))
        #expect(configuration.reconciliation.compulsoryAges == 6...15)
        #expect(configuration.reconciliation.ageCutoffDate == CalendarDate(year: 2025, month: 8, day: 31))
        #expect(configuration.sources.count == 2)
        #expect(configuration.sources[0].encoding == .gb18030)
        #expect(configuration.sources[0].paths == ["../data/学籍/*.csv", "../data/extra.csv"])
        #expect(configuration.sources[1].sheets == ["漕河镇", "青石镇"])
        let enrollment = configuration.aliasTable(for: configuration.sources[0])
        #expect(enrollment[HeaderText.normalized("学生证件号")] == .idNumber)
        #expect(enrollment[HeaderText.normalized("身份证件号")] == .idNumber)
        let rural = configuration.aliasTable(for: configuration.sources[1])
        #expect(rural["家庭成员"] == .name)
        #expect(enrollment["家庭成员"] == nil, "role aliases apply to their role only")
    }

    @Test func everyDomainHeaderHasABuiltInAlias() {
        let table = Dictionary(
            ColumnAliases.builtIn.flatMap { field, aliases in aliases.map { (HeaderText.normalized($0), field) } },
            uniquingKeysWith: { first, _ in first })
        let expected: [String: CanonicalField] = [
            "姓名": .name, "学生姓名": .name, "成员姓名": .name, "身份证号": .idNumber, "身份证件号": .idNumber,
            "证件号码": .idNumber, "公民身份号码": .idNumber, "身份证号码": .idNumber, "成员身份证号": .idNumber,
            "性别": .sex, "出生日期": .birthDate, "民族": .ethnicity, "与户主关系": .relationToHead,
            "户编号": .householdID, "人编号": .personNumber, "县(市、区)": .county, "区县": .county,
            "所在区县": .county, "乡(镇)": .township, "街道(乡镇)": .township, "行政村": .village,
            "社区(村)": .village, "学校标识码": .schoolCode, "学校名称": .schoolName, "年级": .grade,
            "班级": .className, "全国学籍号": .studentNumber, "学籍号": .studentNumber,
            "学籍状态": .enrollmentStatus, "监护人": .guardianName, "监护人身份证号": .guardianIDNumber,
            "学年": .schoolYear, "学期": .term, "资助项目": .programme, "资助金额": .amount,
            "家庭经济困难类型": .hardshipType, "困难类型": .hardshipType, "户类型": .householdType,
            "监测对象类别": .monitoringCategory, "风险是否消除": .riskEliminated, "风险是否已消除": .riskEliminated,
            "在校生状况": .schoolingStatus, "义务教育阶段未上学原因": .outOfSchoolReason,
            "保障类型": .assistanceType, "救助类别": .assistanceType, "保障状态": .assistanceStatus,
            "起始年月": .startMonth, "终止年月": .endMonth, "户主姓名": .headName, "户主身份证号": .headIDNumber,
        ]
        for (header, field) in expected {
            #expect(table[HeaderText.normalized(header)] == field, "\(header)")
        }
        // Full-width brackets and stray spaces as officers type them.
        #expect(table[HeaderText.normalized("县（市、区）")] == .county)
        #expect(table[HeaderText.normalized(" 身份证号 ")] == .idNumber)
        #expect(table[HeaderText.normalized("*姓名")] == .name)
    }

    @Test func unknownRoleNamesLineAndKey() throws {
        let error = try #require(failure("""
            reconciliation:
              school_year: "2025-2026"
              term: 秋季学期
              reference_date: 2025-10-31
            sources:
              - role: enrollment
                paths: [a.csv]
              - role: civl
                paths: [b.csv]
            """))
        #expect(error.line == 8)
        #expect(error.key == "sources[1].role")
        #expect(error.description == "/srv/pipelines/county.yaml:8: sources[1].role: unknown role \"civl\"; use one of enrollment, aid, rural, civil")
    }

    @Test func badReferenceDateNamesLineAndKey() throws {
        let error = try #require(failure("""
            reconciliation:
              school_year: "2025-2026"
              term: 秋季学期
              reference_date: 2025-13-01
            sources:
              - {role: aid, paths: [a.csv]}
            """))
        #expect(error.line == 4)
        #expect(error.key == "reconciliation.reference_date")
        #expect(error.message.contains("YYYY-MM-DD"))
    }

    @Test func misspelledKeyIsRejectedWithTheKnownKeys() throws {
        let error = try #require(failure("""
            reconciliation:
              school_year: "2025-2026"
              term: 秋季学期
              reference_date: 2025-10-31
            sources:
              - role: aid
                pahts: [a.csv]
            """))
        #expect(error.line == 7)
        #expect(error.key == "sources[0].pahts")
        #expect(error.message.contains("unknown key \"pahts\""))
        #expect(error.message.contains("paths"))
    }

    @Test func unknownFieldInColumnsIsNamed() throws {
        let error = try #require(failure("""
            reconciliation: {school_year: "2025-2026", term: 春季学期, reference_date: 2026-04-30}
            sources:
              - role: aid
                paths: [a.csv]
                columns:
                  idnumber: [证件号]
            """))
        #expect(error.line == 6)
        #expect(error.key == "sources[0].columns.idnumber")
        #expect(error.message.contains("id_number"))
    }

    @Test func schoolYearAndTermAreChecked() throws {
        let year = try #require(failure("""
            reconciliation: {school_year: "2025-2027", term: 秋季学期, reference_date: 2025-10-31}
            sources: [{role: aid, paths: [a.csv]}]
            """))
        #expect(year.key == "reconciliation.school_year")
        #expect(year.message.contains("2025-2026"))
        let term = try #require(failure("""
            reconciliation: {school_year: "2025-2026", term: 夏季学期, reference_date: 2025-10-31}
            sources: [{role: aid, paths: [a.csv]}]
            """))
        #expect(term.key == "reconciliation.term")
    }

    @Test func missingSectionsAndSyntaxErrorsAreExplained() throws {
        let missing = try #require(failure("sources: [{role: aid, paths: [a.csv]}]\n"))
        #expect(missing.key == "reconciliation")
        let syntax = try #require(failure("""
            reconciliation:
              school_year: "2025-2026
            sources: []
            """))
        #expect(syntax.line != nil)
        #expect(syntax.message.hasPrefix("not valid YAML"))
        let duplicate = try #require(failure("""
            reconciliation: {school_year: "2025-2026", term: 秋季学期, reference_date: 2025-10-31}
            sources: [{role: aid, paths: [a.csv]}]
            sources: [{role: civil, paths: [b.csv]}]
            """))
        #expect(duplicate.line == 2, "Yams names the key's first occurrence")
        #expect(duplicate.key == "sources")
        #expect(duplicate.message == "key appears twice")
    }

    @Test func sectionDigestsChangeOnlyWithTheirSection() throws {
        let base = """
            reconciliation: {school_year: "2025-2026", term: 秋季学期, reference_date: 2025-10-31}
            sources: [{role: aid, paths: [a.csv]}]
            """
        let a = try load(base)
        let b = try load(base.replacingOccurrences(of: "2025-10-31", with: "2025-11-30"))
        #expect(a.digest(ofSections: ["sources", "columns"]) == b.digest(ofSections: ["sources", "columns"]))
        #expect(a.digest(ofSections: ["reconciliation"]) != b.digest(ofSections: ["reconciliation"]))
    }

    @Test func theBundledSamplePipelineLoads() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent("pipelines/sample.yaml")
        let configuration = try PipelineConfiguration.load(from: url)
        #expect(Set(configuration.sources.map(\.role)) == Set(SourceRole.allCases))
    }

    static let minimal = """
        reconciliation: {school_year: "2025-2026", term: 秋季学期, reference_date: 2025-10-31}
        sources:
          - {role: aid, path: aid.xlsx}

        """

    @Test func categorySynonymsAreReadPerFieldAndCanonicalValue() throws {
        let configuration = try load(Self.minimal + """
            categories:
              programme:
                营养改善计划: [爱心午餐, 午餐补助]
              assistance_status:
                停保: 暂停
            """)
        #expect(configuration.categorySynonyms[.programme]?["营养改善计划"] == ["爱心午餐", "午餐补助"])
        #expect(configuration.categorySynonyms[.assistanceStatus]?["停保"] == ["暂停"])
        #expect(configuration.digest(ofSections: ["categories"]) != configuration.digest(ofSections: []), "the section has its own digest")
    }

    @Test func categorySynonymMistakesNameTheLineAndKey() throws {
        let field = try #require(failure(Self.minimal + """
            categories:
              programmes:
                营养改善计划: [爱心午餐]
            """))
        #expect(field.line == 6, "the line of the unknown field")
        #expect(field.key == "categories.programmes")
        #expect(field.message.contains("programme"), "the message lists the fields: \(field.message)")
        let value = try #require(failure(Self.minimal + """
            categories:
              assistance_status:
                暂停保障: [暂停]
            """))
        #expect(value.key == "categories.assistance_status.暂停保障")
        #expect(value.message.contains("在保") && value.message.contains("停保"), "\(value.message)")
    }

    @Test func matchSettingsHaveDefaultsAndAreChecked() throws {
        let defaults = try load(Self.minimal)
        #expect(defaults.match.linkThreshold == 12)
        #expect(defaults.match.reviewThreshold == 9)
        let configured = try load(Self.minimal + """
            match:
              link_threshold: 14.5
              review_threshold: 6
              review_decisions: 待人工核实.xlsx
              model:
                name: {equal: [0.97, 0.001]}
            """)
        #expect(configured.match.linkThreshold == 14.5)
        #expect(configured.match.reviewDecisions == "待人工核实.xlsx")
        #expect(configured.match.pinned["name"]?["equal"]?.m == 0.97)
        let upsideDown = try #require(failure(Self.minimal + """
            match:
              link_threshold: 3
              review_threshold: 6
            """))
        #expect(upsideDown.key == "match")
        let notAProbability = try #require(failure(Self.minimal + """
            match:
              model:
                name: {equal: [1.5, 0.001]}
            """))
        #expect(notAProbability.key == "match.model.name.equal")
    }
}

