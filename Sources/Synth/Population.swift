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
