/// What departments write for each category field, mapped onto the canonical values the rules use.
/// A pipeline adds its own under `categories:`; an unknown value is a quality flag on the row.
public enum CategorySynonyms {
    /// Canonical value → synonyms, per field (the canonical value is its own synonym).
    public static let builtIn: [CanonicalField: [String: [String]]] = [
        .householdType: ["脱贫户": ["脱贫户", "脱贫户(已脱贫)", "已脱贫户", "建档立卡户", "建档立卡贫困户"], "监测户": ["监测户", "防返贫监测户", "监测对象户"]],
        .monitoringCategory: ["脱贫不稳定户": ["脱贫不稳定户"], "边缘易致贫户": ["边缘易致贫户", "边缘户"], "突发严重困难户": ["突发严重困难户"]],
        .riskEliminated: ["是": ["是", "已消除", "风险已消除", "Y", "YES"], "否": ["否", "未消除", "风险未消除", "N", "NO"]],
        .schoolingStatus: [
            "学前教育": ["学前教育", "幼儿园", "学前"],
            "学龄前儿童": ["学龄前儿童", "学龄前"],
            "小学": ["小学", "一年级", "二年级", "三年级", "四年级", "五年级", "六年级"],
            "初中": ["初中", "七年级", "八年级", "九年级", "初一", "初二", "初三"],
            "普通高中": ["普通高中", "高中", "高一", "高二", "高三"],
            "中职": ["中职", "中专", "职高", "技校", "中等职业教育"],
            "高职": ["高职", "大专", "高职高专"],
            "本科及以上": ["本科及以上", "本科", "研究生", "大学"],
            "非在校生": ["非在校生", "不在校", "未在校"],
            "失学辍学": ["失学辍学", "辍学", "失学"],
        ],
        .assistanceType: [
            "城市低保": ["城市低保", "城市最低生活保障", "城镇低保"],
            "农村低保": ["农村低保", "农村最低生活保障"],
            "特困供养": ["特困供养", "特困人员", "特困", "五保", "分散供养特困人员", "集中供养特困人员"],
            "孤儿": ["孤儿", "散居孤儿", "机构养育孤儿"],
            "事实无人抚养儿童": ["事实无人抚养儿童"],
        ],
        .assistanceStatus: ["在保": ["在保", "正常", "享受中", "保障中"], "停保": ["停保", "终止", "注销", "退出", "已停保"]],
        .programme: [
            "义务教育家庭经济困难学生生活补助": ["义务教育家庭经济困难学生生活补助", "义务教育生活补助", "家庭经济困难寄宿生生活补助"],
            "普通高中国家助学金": ["普通高中国家助学金", "高中国家助学金"],
            "中职国家助学金": ["中职国家助学金", "中等职业教育国家助学金"],
            "学前教育幼儿资助": ["学前教育幼儿资助", "学前教育资助", "幼儿资助"],
            "营养改善计划": ["营养改善计划", "农村义务教育学生营养改善计划", "营养餐"],
        ],
        .hardshipType: [
            "建档立卡/脱贫家庭": ["建档立卡/脱贫家庭", "建档立卡", "脱贫家庭", "脱贫户", "建档立卡家庭"],
            "监测对象": ["监测对象", "防返贫监测对象", "监测户"],
            "低保": ["低保", "最低生活保障", "低保家庭", "城市低保", "农村低保"],
            "特困供养": ["特困供养", "特困", "特困人员"],
            "孤儿": ["孤儿"],
            "事实无人抚养儿童": ["事实无人抚养儿童"],
            "残疾": ["残疾", "残疾学生", "残疾家庭"],
            "其他": ["其他", "其它"],
        ],
        .enrollmentStatus: [
            "在读": ["在读", "在校", "正常"], "休学": ["休学"], "转出": ["转出", "转学"], "毕业": ["毕业"],
            "结业": ["结业"], "死亡": ["死亡"], "注销": ["注销"],
        ],
        .term: ["秋季学期": ["秋季学期", "秋季", "秋", "上学期", "第一学期"], "春季学期": ["春季学期", "春季", "春", "下学期", "第二学期"]],
    ]


    /// `categories:` in a pipeline: field → canonical value → the department's words for it.
    static func parse(_ node: ConfigNode) throws -> [CanonicalField: [String: [String]]] {
        var result: [CanonicalField: [String: [String]]] = [:]
        let fields = builtIn.keys.map(\.rawValue).sorted()
        for (key, valuesNode) in try node.entries() {
            guard let field = CanonicalField(rawValue: key), let known = builtIn[field] else {
                throw valuesNode.error("\"\(key)\" is not a category field; use one of \(fields.joined(separator: ", "))")
            }
            for (canonical, synonymsNode) in try valuesNode.entries() {
                guard known[canonical] != nil else {
                    throw synonymsNode.error("\"\(canonical)\" is not a value of \(key) that the rules know; use one of \(known.keys.sorted().joined(separator: ", "))")
                }
                result[field, default: [:]][canonical] = try synonymsNode.stringList()
            }
        }
        return result
    }
}
