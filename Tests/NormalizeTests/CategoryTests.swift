import Testing
@testable import Normalize

@Suite struct CategoryTests {
    let maps = CategoryMaps()

    @Test func departmentWordingMapsToCanonicalValues() {
        #expect(maps.canonical(.assistanceStatus, "正常") == "在保")
        #expect(maps.canonical(.assistanceStatus, "终止") == "停保")
        #expect(maps.canonical(.schoolingStatus, "七年级") == "初中")
        #expect(maps.canonical(.schoolingStatus, "高中") == "普通高中")
        #expect(maps.canonical(.hardshipType, "建档立卡") == "建档立卡/脱贫家庭")
        #expect(maps.canonical(.assistanceType, "五保") == "特困供养")
        #expect(maps.canonical(.riskEliminated, " 否 ") == "否")
        #expect(maps.canonical(.term, "秋季") == "秋季学期")
        #expect(maps.canonical(.programme, "营养餐") == "营养改善计划")
        #expect(maps.canonical(.enrollmentStatus, "在校") == "在读")
    }

    @Test func unknownValuesAreNotGuessed() {
        #expect(maps.canonical(.assistanceStatus, "待审核") == nil)
        #expect(maps.canonical(.hardshipType, "单亲") == nil)
    }

    @Test func aPipelineMayAddSynonyms() {
        let custom = CategoryMaps(extra: [.hardshipType: ["其他": ["单亲"]], .assistanceStatus: ["在保": ["待复核"]]])
        #expect(custom.canonical(.hardshipType, "单亲") == "其他")
        #expect(custom.canonical(.assistanceStatus, "待复核") == "在保")
        #expect(custom.canonical(.assistanceStatus, "正常") == "在保", "built-ins stay")
    }

    @Test func schoolYears() {
        #expect(CategoryMaps.schoolYearStart("2025-2026") == 2025)
        #expect(CategoryMaps.schoolYearStart("2025—2026学年") == 2025)
        #expect(CategoryMaps.schoolYearStart("2025/2026") == 2025)
        #expect(CategoryMaps.schoolYearStart("2025-2027") == nil)
        #expect(CategoryMaps.schoolYearStart("秋季") == nil)
    }
}
