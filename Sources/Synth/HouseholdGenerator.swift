import BiduiCore

/// Makes the population's households one at a time, in index order, so a province can be written
/// without holding it: households are laid out county by county and township by township, each
/// drawn from its own seeded generator.
public struct HouseholdGenerator: Sendable {
    public let count: Int
    public let seed: UInt64
    /// The counties the households are laid out in (`Population.counties(forHouseholds:)`).
    public let counties: [Population.County]
    /// Next sequence number per division, birth date and sex: what keeps ID numbers unique. Small:
    /// at most counties × days × 2 entries, whatever the population.
    private var sequences: [String: Int] = [:]

    public init(households count: Int, seed: UInt64) {
        self.count = count
        self.seed = seed
        counties = Population.counties(forHouseholds: count)
    }

    /// The county of household `index`: counties take consecutive blocks of households.
    public func county(of index: Int) -> Population.County {
        counties[min(counties.count - 1, index * counties.count / max(1, count))]
    }

    /// The households of county `c` (its position in `counties`).
    public func indexes(ofCounty c: Int) -> Range<Int> {
        let n = counties.count
        let start = (c * count + n - 1) / n
        return start..<max(start, ((c + 1) * count + n - 1) / n)
    }

    /// The first household index of the county block holding `index`, and the block's size.
    func countyBlock(of index: Int) -> Range<Int> {
        let n = counties.count
        let c = min(n - 1, index * n / max(1, count))
        let start = (c * count + n - 1) / n
        let end = ((c + 1) * count + n - 1) / n
        return start..<max(start + 1, end)
    }

    /// The township of household `index`: townships take consecutive blocks within their county.
    public func township(of index: Int) -> String {
        let block = countyBlock(of: index)
        let townships = county(of: index).townships
        return townships[min(townships.count - 1, (index - block.lowerBound) * townships.count / max(1, block.count))]
    }

    /// Household `index`; call in increasing index order (ID numbers are allocated as households appear).
    public mutating func household(_ index: Int) -> Population.Household {
        var random = SeededGenerator(seed: seed &+ UInt64(index + 1) &* 0xA24B_AED4_963E_E407)
        let county = county(of: index)
        let township = township(of: index)
        let uyghur = county.code == "653101"
        let surname = uyghur ? "" : random.weighted(ChineseNames.surnames)
        func person(born: CalendarDate, male: Bool, relation: String, sharesSurname: Bool) -> Population.Person {
            let name: String
            if uyghur {
                name = ChineseNames.uyghurName(male: male, using: &random)
            } else {
                let family = sharesSurname ? surname : random.weighted(ChineseNames.surnames)
                name = ChineseNames.name(surname: family, male: male, birthYear: born.year, using: &random)
            }
            return Population.Person(name: name, idNumber: idNumber(county.code, born, male), birthDate: born, male: male, relation: relation)
        }
        let headBorn = Population.date(years: 1960...1992, &random)
        var members = [person(born: headBorn, male: random.chance(0.85), relation: "户主", sharesSurname: true)]
        if random.chance(0.85) {
            members.append(person(born: Population.date(years: (headBorn.year - 3)...(headBorn.year + 3), &random),
                                  male: !members[0].male, relation: "配偶", sharesSurname: false))
        }
        let children = random.weighted([(0, 0.1), (1, 0.35), (2, 0.4), (3, 0.15)])
        for _ in 0..<children {
            let start = max(headBorn.year + 20, 2003)
            let male = random.chance(0.52)
            members.append(person(born: Population.date(years: start...max(start, 2024), &random), male: male,
                                  relation: male ? "之子" : "之女", sharesSurname: true))
        }
        if random.chance(0.15) {
            members.append(person(born: Population.date(years: 1935...1958, &random), male: random.chance(0.4),
                                  relation: "之母", sharesSurname: false))
        }
        return Population.Household(
            number: county.code + (index + 1).zeroPadded(7), county: county, township: township,
            village: township.prefix(2) + ["村", "社区"][index % 2], members: members)
    }

    /// A valid 18-character number: division, birth date, a sequence whose parity gives the sex,
    /// never given twice (500 per sex, day and county; beyond that the sequence wraps).
    private mutating func idNumber(_ division: String, _ born: CalendarDate, _ male: Bool) -> String {
        let birth = born.compactDigits
        let key = division + birth + (male ? "1" : "0")
        let taken = sequences[key, default: 0]
        sequences[key] = taken + 1
        // Start each day somewhere in 0…499 so numbers look spread, then step by two.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let slot = (Int(hash % 500) + taken) % 500
        let sequence = slot * 2 + (male ? 1 : 0)
        let body = division + birth + sequence.zeroPadded(3)
        return body + String(IDNumberChecksum.checkCharacter(for: body) ?? "0")
    }
}
