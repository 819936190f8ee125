/// Name pools with realistic frequencies: the common surnames weighted by their share of the
/// population, a few compound surnames, given names of one or two characters, and Uyghur names
/// written with a middle dot.
enum ChineseNames {
    /// Surnames with their approximate share (per thousand) of China's population.
    static let surnames: [(String, Double)] = [
        ("王", 72), ("李", 71), ("张", 68), ("刘", 53), ("陈", 45), ("杨", 31), ("黄", 22), ("赵", 20), ("吴", 20),
        ("周", 19), ("徐", 14), ("孙", 13), ("马", 12), ("朱", 12), ("胡", 11), ("郭", 11), ("何", 9), ("林", 9),
        ("高", 9), ("罗", 8), ("郑", 8), ("梁", 8), ("谢", 6), ("宋", 6), ("唐", 6), ("许", 5), ("韩", 5), ("冯", 5),
        ("邓", 5), ("曹", 5), ("彭", 4), ("曾", 4), ("肖", 4), ("田", 4), ("董", 4), ("袁", 4), ("潘", 3), ("于", 3),
        ("蒋", 3), ("蔡", 3), ("余", 3), ("杜", 3), ("叶", 3), ("程", 3), ("苏", 3), ("魏", 3), ("吕", 3), ("丁", 3),
        ("任", 3), ("沈", 2), ("姚", 2), ("卢", 2), ("姜", 2), ("崔", 2), ("钟", 2), ("谭", 2), ("陆", 2), ("汪", 2),
        ("范", 2), ("金", 2), ("石", 2), ("廖", 2), ("贾", 2), ("夏", 2), ("韦", 2), ("付", 2), ("方", 2), ("白", 2),
        ("邹", 2), ("孟", 2), ("熊", 2), ("秦", 2), ("邱", 2), ("江", 2), ("尹", 2), ("薛", 2), ("闫", 2), ("段", 2),
        ("雷", 2), ("侯", 2), ("龙", 2), ("史", 2), ("单", 0.5), ("解", 0.4), ("区", 0.2), ("仇", 0.3), ("朴", 0.3),
        ("查", 0.3), ("欧阳", 0.5), ("司马", 0.1), ("上官", 0.1), ("诸葛", 0.1), ("皇甫", 0.05),
    ]
    static let givenBoys = ["伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "浩然", "宇轩", "俊杰", "子豪", "梓睿",
                            "一鸣", "思远", "晨阳", "建国", "志强", "文博", "嘉懿", "天佑", "博文", "子轩", "浩宇"]
    static let givenGirls = ["芳", "娜", "敏", "静", "丽", "艳", "秀英", "华", "子涵", "欣怡", "梓萱", "诗涵", "雨桐", "一诺",
                             "佳怡", "梦琪", "嘉怡", "思琪", "婉婷", "可馨", "雨欣", "紫涵", "颖", "桂英", "玉兰", "若曦"]
    static let uyghurGiven = ["买买提", "艾力", "阿不都", "吐尔逊", "努尔", "热合曼", "阿依古丽", "古丽", "帕提古丽", "热依拉"]

    static func name(surname: String, male: Bool, using random: inout SeededGenerator) -> String {
        surname + random.pick(male ? givenBoys : givenGirls)
    }

    /// `买买提·艾力`: a given name, a middle dot, the father's given name.
    static func uyghurName(using random: inout SeededGenerator) -> String {
        random.pick(uyghurGiven) + "·" + random.pick(uyghurGiven)
    }
}
