import BiduiCore

/// The true population the exports are drawn from: households of real counties, their members
/// with relations to the head, and valid ID numbers consistent with each birth date and sex.
public struct Population: Sendable {
    public struct County: Sendable, Equatable {
        public var code: String
        public var name: String
        public var townships: [String]
    }

    public struct Person: Sendable, Equatable {
        public var name: String
        public var idNumber: String
        public var birthDate: CalendarDate
        public var male: Bool
        public var relation: String
    }

    public struct Household: Sendable, Equatable {
        public var number: String
        public var county: County
        public var township: String
        public var village: String
        public var members: [Person]
    }

    /// Real GB/T 2260 county-level codes (a city district and rural counties).
    public static let counties = [
        County(code: "420102", name: "江岸区", townships: ["大智街道", "一元街道", "车站街道"]),
        County(code: "421126", name: "蕲春县", townships: ["漕河镇", "青石镇", "株林镇", "横车镇"]),
        County(code: "421127", name: "黄梅县", townships: ["黄梅镇", "孔垄镇", "小池镇"]),
        County(code: "522628", name: "锦屏县", townships: ["三江镇", "敦寨镇"]),
        County(code: "653101", name: "喀什市", townships: ["恰萨街道", "浩罕乡"]),
    ]

    /// Further real county-level divisions of 湖北省 (GB/T 2260), for populations the size of a
    /// province: counties stay the size real ones are (50,000 to 300,000 households).
    static let furtherCounties: [(String, String)] = [
        ("421122", "红安县"), ("421123", "罗田县"), ("421124", "英山县"), ("421125", "浠水县"), ("421181", "麻城市"), ("421182", "武穴市"),
        ("420222", "阳新县"), ("420281", "大冶市"), ("420322", "郧西县"), ("420323", "竹山县"), ("420324", "竹溪县"), ("420325", "房县"),
        ("420381", "丹江口市"), ("420525", "远安县"), ("420526", "兴山县"), ("420527", "秭归县"), ("420581", "宜都市"), ("420582", "当阳市"),
        ("420624", "南漳县"), ("420625", "谷城县"), ("420626", "保康县"), ("420683", "枣阳市"), ("420684", "宜城市"), ("420822", "沙洋县"),
        ("420881", "钟祥市"), ("420921", "孝昌县"), ("420922", "大悟县"), ("420923", "云梦县"), ("420981", "应城市"), ("420982", "安陆市"),
        ("420984", "汉川市"), ("421022", "公安县"), ("421024", "江陵县"), ("421081", "石首市"), ("421083", "洪湖市"), ("421087", "松滋市"),
        ("421221", "嘉鱼县"), ("421222", "通城县"), ("421223", "崇阳县"), ("421224", "通山县"), ("421281", "赤壁市"), ("421321", "随县"),
        ("421381", "广水市"), ("422801", "恩施市"), ("422802", "利川市"), ("422822", "建始县"), ("422823", "巴东县"), ("422825", "宣恩县"),
        ("422826", "咸丰县"), ("422827", "来凤县"), ("422828", "鹤峰县"), ("420114", "蔡甸区"), ("420115", "江夏区"), ("420116", "黄陂区"),
        ("420117", "新洲区"),
    ]

    /// Township names for counties that need more than their listed ones (names repeat across
    /// counties, as real ones do).
    static let townshipNames = ["城关镇", "新街镇", "石桥镇", "河口镇", "白沙镇", "龙泉镇", "大河镇", "马桥镇", "高桥镇", "双河镇",
                                "永安镇", "太平镇", "长岭镇", "黄土镇", "三合镇", "青山镇", "松林镇", "柳林镇", "杨集镇", "金山镇",
                                "花园镇", "新店镇", "古城镇", "观音镇", "桥头镇", "檀山镇", "土门镇", "仙女镇", "安乐乡", "红星乡",
                                "东升镇", "西河镇", "南湖镇", "北港镇", "丰乐镇", "茶店镇", "官桥镇", "铁山乡", "汪家镇", "李集镇"]

    /// Households per township, and so per rural sheet, in a county of a province-sized population.
    static let householdsPerTownship = 6_000
    /// The largest county, in households, before a population is spread over more counties.
    static let householdsPerCounty = 150_000

    /// The counties of a population of `households`: the five listed ones, and as many more as keep
    /// each county at most `householdsPerCounty`; each county with enough townships to keep them at
    /// about `householdsPerTownship`. Small populations get exactly `counties`.
    public static func counties(forHouseholds households: Int) -> [County] {
        let extra = min(furtherCounties.count, max(0, (households + householdsPerCounty - 1) / householdsPerCounty - counties.count))
        let all = counties + furtherCounties.prefix(extra).map { County(code: $0.0, name: $0.1, townships: []) }
        let perCounty = (households + all.count - 1) / all.count
        let wanted = (perCounty + householdsPerTownship - 1) / householdsPerTownship
        return all.map { county in
            var county = county
            var k = 0
            while county.townships.count < wanted {
                let base = townshipNames[k % townshipNames.count]
                let name = k < townshipNames.count ? base : base.dropLast() + "\(k / townshipNames.count + 1)" + base.suffix(1)
                if !county.townships.contains(name) { county.townships.append(name) }
                k += 1
            }
            return county
        }
    }

    public private(set) var households: [Household] = []

    /// Builds `households` households from `seed`; the same seed always gives the same population.
    public init(households count: Int, seed: UInt64) {
        var generator = HouseholdGenerator(households: count, seed: seed)
        households = (0..<count).map { generator.household($0) }
    }

    static func date(years: ClosedRange<Int>, _ random: inout SeededGenerator) -> CalendarDate {
        let year = Int.random(in: years, using: &random)
        let month = Int.random(in: 1...12, using: &random)
        let day = Int.random(in: 1...CalendarDate.daysIn(month: month, year: year), using: &random)
        return CalendarDate(year: year, month: month, day: day) ?? CalendarDate(year: year, month: 1, day: 1)!
    }
}
