import Foundation

/// Names drawn as the population's names are distributed, so that namesakes grow with the
/// population as they do in real rosters: the hard cases of matching are decided by them.
///
/// Sources (published figures, rounded; the shares are what the generator is calibrated to and what
/// `ChineseNameCalibrationTests` checks on a sample):
/// - Surnames: 公安部户政管理研究中心《二〇二〇年全国姓名报告》 (the national name report, February 2021),
///   which gives the shares of the most common surnames: 王 7.12%, 李 6.98%, 张 6.76%, 刘 5.38%,
///   陈 4.53%, 杨 3.08%, 黄 2.23%, 赵 2.16%, 吴 2.05%, 周 1.93%; the top 100 cover about 86% of people.
///   Past the top twenty, the shares follow the report's ranking with the smaller shares of the
///   published 2019 ranking of the 100 commonest surnames.
/// - Given names: the same reports' lists of the commonest full given names of each generation
///   (张伟, 王伟, 王芳, 李伟, 李娜… among adults; 子轩, 浩宇, 一诺, 欣怡… among children born after
///   2005) and their rankings of the characters most used in given names, by sex and decade
///   (英, 华, 玉, 秀, 明, 珍… for the older generations; 宇, 浩, 子, 梓, 涵, 欣… for the newer).
///   A given name is one of the commonest whole names, or one or two characters drawn by those
///   rankings (weighted 1/√rank over the ranked head, uniformly over a long tail of further
///   name characters); single-character names were common
///   before 1990 and are rare since.
enum ChineseNames {
    /// The surnames drawn: the ranked ones with their published shares, and the rest of the
    /// population's share (the report's surnames beyond them) spread evenly over rarer surnames of
    /// 《百家姓》, so that 王 is 7.12% of all people, not of the ranked ones.
    static let surnames: [(String, Double)] = {
        let listed = Set(rankedSurnames.map(\.0))
        var seen = Set<Character>()
        let rarer = rarerSurnames.filter { !listed.contains(String($0)) && seen.insert($0).inserted }
        let remainder = 1000 - rankedSurnames.reduce(0) { $0 + $1.1 }
        return rankedSurnames + rarer.map { (String($0), remainder / Double(rarer.count)) }
    }()

    static let rarerSurnames = "殷毕邬安常乐时傅皮卞齐康伍元卜平和穆萧湛祁禹狄米贝明臧计伏成谈茅纪舒屈项祝阮蓝闵席季麻路娄危童颜梅盛刁骆樊凌霍虞支柯昝管莫经房裘缪干应宗宣贲郁包诸左吉钮嵇邢滑裴荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井富巫乌焦巴弓牧隗山谷车宓蓬全郗班仰秋仲伊宫宁栾暴甘钭厉戎祖符景詹束幸司韶郜蓟薄印宿怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴胥能苍双闻莘党翟贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈庾终暨居衡步都耿满弘匡国文寇广禄阙东殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空毋沙乜养鞠须丰巢关蒯相后荆红游竺权逯盖益桓公"

    /// The ranked surnames with their share (per thousand) of China's population.
    static let rankedSurnames: [(String, Double)] = [
        ("王", 71.2), ("李", 69.8), ("张", 67.6), ("刘", 53.8), ("陈", 45.3), ("杨", 30.8), ("黄", 22.3), ("赵", 21.6), ("吴", 20.5),
        ("周", 19.3), ("徐", 14.6), ("孙", 13.8), ("马", 12.9), ("朱", 12.6), ("胡", 11.6), ("郭", 11.5), ("何", 10.3), ("林", 9.8),
        ("高", 9.6), ("罗", 9.2), ("郑", 8.3), ("梁", 8.0), ("谢", 6.5), ("宋", 6.2), ("唐", 6.1), ("许", 5.6), ("韩", 5.5), ("冯", 5.3),
        ("邓", 5.3), ("曹", 5.2), ("彭", 5.0), ("曾", 4.9), ("肖", 4.8), ("田", 4.6), ("董", 4.5), ("袁", 4.4), ("潘", 4.2), ("于", 4.0),
        ("蒋", 3.9), ("蔡", 3.8), ("余", 3.8), ("杜", 3.7), ("叶", 3.6), ("程", 3.6), ("苏", 3.5), ("魏", 3.4), ("吕", 3.3), ("丁", 3.2),
        ("任", 3.2), ("沈", 3.1), ("姚", 3.0), ("卢", 3.0), ("姜", 2.9), ("崔", 2.8), ("钟", 2.8), ("谭", 2.7), ("陆", 2.7), ("汪", 2.6),
        ("范", 2.6), ("金", 2.5), ("石", 2.5), ("廖", 2.4), ("贾", 2.4), ("夏", 2.3), ("韦", 2.3), ("付", 2.2), ("方", 2.2), ("白", 2.1),
        ("邹", 2.1), ("孟", 2.0), ("熊", 2.0), ("秦", 2.0), ("邱", 1.9), ("江", 1.9), ("尹", 1.8), ("薛", 1.8), ("闫", 1.7), ("段", 1.7),
        ("雷", 1.7), ("侯", 1.6), ("龙", 1.6), ("史", 1.6), ("陶", 1.5), ("黎", 1.5), ("贺", 1.5), ("顾", 1.4), ("毛", 1.4), ("郝", 1.4),
        ("龚", 1.3), ("邵", 1.3), ("万", 1.3), ("钱", 1.2), ("覃", 1.2), ("武", 1.2), ("戴", 1.2), ("孔", 1.1), ("汤", 1.1), ("庞", 1.1),
        ("单", 0.5), ("解", 0.4), ("区", 0.2), ("仇", 0.3), ("朴", 0.3), ("查", 0.3), ("欧阳", 0.5), ("司马", 0.1), ("上官", 0.1),
        ("诸葛", 0.1), ("皇甫", 0.05),
    ]

    /// Birth cohorts whose naming habits differ.
    enum Cohort: CaseIterable {
        case before1970, from1970, from1990, from2005

        init(birthYear: Int) {
            switch birthYear {
            case ..<1970: self = .before1970
            case ..<1990: self = .from1970
            case ..<2005: self = .from1990
            default: self = .from2005
            }
        }

        /// Share of given names of one character.
        var singleCharacterShare: Double {
            switch self {
            case .before1970: 0.30
            case .from1970: 0.28
            case .from1990: 0.10
            case .from2005: 0.04
            }
        }
    }

    /// Characters of given names, commonest first (the report's ranking), by sex and cohort.
    static func characters(male: Bool, _ cohort: Cohort) -> [String] {
        let ranking: String = switch (male, cohort) {
        case (true, .before1970): "国明华建文军平志伟东海强德金林生福荣新庆春永祥成山兵忠英宝全光友清才发保贵利富"
        case (true, .from1970): "伟军勇强明斌杰涛波辉刚峰磊超鹏飞建华亮林海俊文云龙平东宇红国志兵锋鑫晓新健"
        case (true, .from1990): "浩宇杰鹏俊磊博晨涛鑫凯帅豪强超伟辉阳旭航翔宁振志泽明锐坤嘉文轩子龙鹤"
        case (true, .from2005): "子梓宇浩轩辰睿泽奕一俊博铭昊航杰豪天嘉文思皓煜然彦宸逸锦哲瑞翔佑"
        case (false, .before1970): "秀英芳兰玉珍华丽红梅霞燕萍敏静艳娟琴凤云莲桂春香平芬美玲淑慧荣菊凤"
        case (false, .from1970): "丽静敏燕艳娟霞芳玲红梅婷琴莉萍娜慧丹颖英华洁琳晶雪兰霞云"
        case (false, .from1990): "婷雪静丽娜敏倩颖琳晶佳欣雨悦璐瑶月蕾薇婧莹洁丹慧雅楠露玉梦琪"
        case (false, .from2005): "梓子欣怡涵诗一雨可思佳语依若嘉梦婉萱彤琪妍汐诺晗雅馨冉悦桐沫"
        }
        return ranking.map(String.init)
    }

    /// The commonest whole given names of each cohort, commonest first, and the share of the cohort's
    /// names they make up together (the report's lists).
    static func wholeNames(male: Bool, _ cohort: Cohort) -> (names: [String], share: Double) {
        switch (male, cohort) {
        case (true, .before1970): (["建国", "建华", "国强", "志强", "德明", "国庆", "建军", "国华", "玉林", "长春"], 0.03)
        case (true, .from1970): (["伟", "勇", "军", "磊", "涛", "斌", "强", "杰", "超", "鹏"], 0.03)
        case (true, .from1990): (["浩", "杰", "鹏", "磊", "宇", "浩然", "俊杰", "文博", "志强", "宇航"], 0.02)
        case (true, .from2005): (["子轩", "浩宇", "浩然", "宇轩", "子豪", "梓睿", "一鸣", "俊杰", "奕辰", "宇辰"], 0.03)
        case (false, .before1970): (["秀英", "桂英", "秀兰", "玉兰", "桂兰", "秀珍", "凤英", "玉珍", "玉英", "兰英"], 0.04)
        case (false, .from1970): (["芳", "娜", "敏", "静", "丽", "艳", "丽娟", "秀梅", "海燕", "红梅"], 0.03)
        case (false, .from1990): (["婷", "倩", "雪", "婷婷", "佳怡", "欣怡", "思琪", "梦琪", "雨欣", "静怡"], 0.02)
        case (false, .from2005): (["一诺", "欣怡", "梓涵", "雨桐", "诗涵", "梓萱", "可馨", "依诺", "紫涵", "语桐"], 0.03)
        }
    }

    /// Uyghur given names, commonest first (men's, then women's); the second part of a name is the
    /// father's given name.
    static let uyghurMen = ["买买提", "艾力", "阿不都", "吐尔逊", "热合曼", "艾尔肯", "依明", "阿卜杜拉", "图尔荪", "麦麦提",
                            "阿迪力", "努尔曼", "艾合买提", "阿力木", "玉素甫", "伊力哈木", "亚森", "卡德尔", "肉孜", "买合木提",
                            "阿布都热西提", "吾斯曼", "艾山", "库尔班", "托合提", "奥斯曼", "斯拉木", "居来提", "乃比江", "阿不来提",
                            "塔依尔", "吐逊江", "努尔买买提", "艾则孜", "热西提", "木合塔尔", "吾买尔", "阿合买提", "米吉提", "哈力克",
                            "巴图尔", "沙吾提", "阿里木", "尼亚孜", "克里木", "阿布力孜", "卡哈尔", "排尔哈提", "帕尔哈提", "艾克拜尔"]
    static let uyghurWomen = ["阿依古丽", "古丽", "帕提古丽", "热依拉", "祖丽菲亚", "迪丽拜尔", "米热古丽", "阿依努尔", "古丽米拉", "努尔古丽",
                              "热娜", "阿米娜", "帕提曼", "祖丽皮亚", "布海丽且姆", "阿依夏木", "再努尔", "海丽且姆", "迪丽努尔", "玛依拉",
                              "萨拉", "吐尼沙", "阿孜古丽", "热比亚", "古丽娜尔", "米娜瓦尔", "佐热古丽", "努尔比亚", "阿依提拉", "茹鲜古丽",
                              "谢依拉", "美合日班", "伊帕尔", "阿尔孜古丽", "哈丽玛", "比拉勒", "苏比努尔", "加娜提", "古再丽努尔", "布佐拉"]

    /// Further characters of given names, beyond each cohort's ranked head: the long tail of real
    /// given names, drawn uniformly.
    static func tail(male: Bool) -> [String] {
        Array(male
            ? "安邦宝彬斌波博才昌超晨成承诚驰崇楚传春纯聪达道德登迪东栋端恩发帆方飞丰峰锋福富刚高歌根功固冠光广贵国海涵汉翰航豪浩和河鹤恒宏洪鸿厚虎华怀欢焕辉会惠吉佳家嘉坚建健江杰金锦晋进京经景靖敬久俊骏凯康可克坤昆来朗乐雷磊力立利良亮林霖麟龙隆禄路伦民敏明鸣铭楠宁培鹏平朴奇琦启谦强桥勤青清庆秋权然仁荣瑞锐润若森山善尚绍升生胜盛石时世仕书树帅双顺硕思松泰涛腾天添庭挺通同万旺威为伟文武熙喜贤祥翔晓孝新鑫信星兴雄修旭轩学勋逊延言岩炎彦扬阳耀业一毅逸益义艺意银英永勇友有宇玉元源远跃云运哲振征正之志治智中忠洲柱卓子梓宗祖尊佐"
            : "爱安蓓碧冰彩灿婵琛晨橙澄楚春纯翠黛丹蝶冬朵娥芳菲芬丰凤芙馥歌桂含涵寒菡好荷红虹华桦欢环慧惠卉佳嘉娇洁婕今金瑾锦晶菁静娟君可岚兰蓝澜乐蕾黎丽莉莲良琳玲灵凌露璐曼蔓梅美媚萌梦敏明茗娜妮宁凝妍盼佩萍琦绮倩琴芹卿晴琼秋蓉融如蕊瑞若姗珊韶诗淑舒霜爽水思素苏穗婷彤婉菀薇维雯文霞仙贤香湘笑心欣馨杏秀萱雪雅艳燕瑶叶伊依怡仪宜逸茵吟莹影颖瑛映雨语玉钰芸云韵筠悦月越珍贞真芝紫姿"
        ).map(String.init)
    }

    /// Share of given-name characters drawn from the cohort's ranked head rather than the long tail.
    static let headShare = 0.6

    /// Weights for a ranked list: the k-th gets 1/sqrt(k), as ranked name frequencies fall.
    static func ranked<T>(_ items: [T], exponent: Double = 0.5) -> [(T, Double)] {
        items.enumerated().map { ($0.element, 1 / pow(Double($0.offset + 1), exponent)) }
    }

    /// The weighted pools, built once (drawing is in the generator's hot loop).
    private struct Pool {
        var head: [(String, Double)], tail: [String], whole: [(String, Double)], wholeShare: Double
    }

    private static let pools: [Pool] = Cohort.allCases.flatMap { cohort in
        [false, true].map { male in
            let whole = wholeNames(male: male, cohort)
            return Pool(head: ranked(characters(male: male, cohort)), tail: tail(male: male), whole: ranked(whole.names, exponent: 1),
                        wholeShare: whole.share)
        }
    }

    private static func character(_ pool: Pool, _ random: inout SeededGenerator) -> String {
        random.chance(headShare) ? random.weighted(pool.head) : random.pick(pool.tail)
    }

    static func name(surname: String, male: Bool, birthYear: Int, using random: inout SeededGenerator) -> String {
        let cohort = Cohort(birthYear: birthYear)
        let pool = pools[(Cohort.allCases.firstIndex(of: cohort) ?? 0) * 2 + (male ? 1 : 0)]
        if random.chance(pool.wholeShare) { return surname + random.weighted(pool.whole) }
        let first = character(pool, &random)
        if random.chance(cohort.singleCharacterShare) { return surname + first }
        var second = character(pool, &random)
        // Names like 婷婷 and 佳佳 are common for girls; otherwise the two characters differ.
        if second == first && (male || !random.chance(0.3)) { second = character(pool, &random) }
        return surname + first + second
    }

    /// The long tail of Uyghur names: the compound names (阿不都热合曼, 努尔古丽…) built from common
    /// first and second parts, each rare by itself.
    static let uyghurMenTail: [String] = ["阿不都", "努尔", "艾合", "吐尔洪", "米尔", "阿布都", "伊敏", "买合", "赛买", "肉孜"].flatMap { first in
        ["热合曼", "克里木", "萨拉木", "哈力克", "卡迪尔", "热依木", "瓦依提", "吉力", "艾白", "色提", "尼亚孜", "祖农", "巴克", "沙拉", "西尔"].map { first + $0 }
    }
    static let uyghurWomenTail: [String] = ["古丽", "阿依", "米热", "帕提", "再娜", "祖丽", "热娜", "努尔"].flatMap { first in
        ["娜尔", "米拉", "巴哈尔", "扎提", "夏提", "格丽", "孜热", "拜尔", "汗", "尼莎", "妮萨", "丽娜", "菲亚", "比亚", "扎达"].map { first + $0 }
    }

    private static let uyghurMenPool = (head: ranked(uyghurMen), tail: uyghurMenTail)
    private static let uyghurWomenPool = (head: ranked(uyghurWomen), tail: uyghurWomenTail)

    private static func uyghurGiven(male: Bool, _ random: inout SeededGenerator) -> String {
        let pool = male ? uyghurMenPool : uyghurWomenPool
        return random.chance(headShare) ? random.weighted(pool.head) : random.pick(pool.tail)
    }

    /// `买买提·艾力`: a given name, a middle dot, the father's given name; as with Han names, the
    /// commonest names are drawn `headShare` of the time and the long tail the rest.
    static func uyghurName(male: Bool, using random: inout SeededGenerator) -> String {
        uyghurGiven(male: male, &random) + "·" + uyghurGiven(male: true, &random)
    }
}
