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

    public private(set) var households: [Household] = []

    /// Builds `households` households from `seed`; the same seed always gives the same population.
    public init(households count: Int, seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var used = Set<String>()
        for index in 0..<count {
            let county = Self.counties[index % Self.counties.count]
            let township = random.pick(county.townships)
            let uyghur = county.code == "653101"
            let surname = uyghur ? "" : random.weighted(ChineseNames.surnames)
            func person(born: CalendarDate, male: Bool, relation: String, sharesSurname: Bool) -> Person {
                let name: String
                if uyghur {
                    name = ChineseNames.uyghurName(using: &random)
                } else {
                    let family = sharesSurname ? surname : random.weighted(ChineseNames.surnames)
                    name = ChineseNames.name(surname: family, male: male, using: &random)
                }
                return Person(name: name, idNumber: Self.uniqueIDNumber(county.code, born, male, &random, &used),
                              birthDate: born, male: male, relation: relation)
            }
            let headBorn = Self.date(years: 1960...1992, &random)
            var members = [person(born: headBorn, male: random.chance(0.85), relation: "户主", sharesSurname: true)]
            if random.chance(0.85) {
                members.append(person(born: Self.date(years: (headBorn.year - 3)...(headBorn.year + 3), &random),
                                      male: !members[0].male, relation: "配偶", sharesSurname: false))
            }
            let children = random.weighted([(0, 0.1), (1, 0.35), (2, 0.4), (3, 0.15)])
            for _ in 0..<children {
                let start = max(headBorn.year + 20, 2003)
                let male = random.chance(0.52)
                members.append(person(born: Self.date(years: start...max(start, 2024), &random), male: male,
                                      relation: male ? "之子" : "之女", sharesSurname: true))
            }
            if random.chance(0.15) {
                members.append(person(born: Self.date(years: 1935...1958, &random), male: random.chance(0.4),
                                      relation: "之母", sharesSurname: false))
            }
            households.append(Household(
                number: county.code + (index + 1).zeroPadded(7), county: county, township: township,
                village: township.prefix(2) + ["村", "社区"][index % 2], members: members))
        }
    }

    private static func date(years: ClosedRange<Int>, _ random: inout SeededGenerator) -> CalendarDate {
        let year = Int.random(in: years, using: &random)
        let month = Int.random(in: 1...12, using: &random)
        let day = Int.random(in: 1...CalendarDate.daysIn(month: month, year: year), using: &random)
        return CalendarDate(year: year, month: month, day: day) ?? CalendarDate(year: year, month: 1, day: 1)!
    }

    /// A valid 18-character number: division, birth date, a sequence whose parity gives the sex.
    private static func uniqueIDNumber(_ division: String, _ born: CalendarDate, _ male: Bool,
                                       _ random: inout SeededGenerator, _ used: inout Set<String>) -> String {
        let birth = born.compactDigits
        while true {
            var sequence = Int.random(in: 0...998, using: &random)
            if (sequence % 2 == 1) != male { sequence += 1 }
            let body = division + birth + sequence.zeroPadded(3)
            guard let check = IDNumberChecksum.checkCharacter(for: body) else { continue }
            let number = body + String(check)
            if used.insert(number).inserted { return number }
        }
    }
}
