import Testing
@testable import BiduiCore
@testable import Synth

/// The generator's names against the published figures they are calibrated to (ChineseNames' sources),
/// on a sample of a few thousand people: what keeps namesakes growing with the population as real ones do.
@Suite struct NameCalibrationTests {
    static let population = Population(households: 2_000, seed: 11)
    /// Han people (the Uyghur county's names follow their own pools), with their birth years.
    static let han = population.households.flatMap(\.members).filter { !$0.name.contains("·") }

    static func share(_ matching: (Population.Person) -> Bool, among people: [Population.Person] = han) -> Double {
        Double(people.filter(matching).count) / Double(max(1, people.count))
    }

    /// A surname's share is the report's share of all people (its weight over the whole table,
    /// rarer surnames included), within what a sample of this size and its households' shared surnames allow.
    @Test(arguments: [("王", 0.0712), ("李", 0.0698), ("张", 0.0676), ("刘", 0.0538), ("陈", 0.0453)])
    func commonSurnamesHaveTheirPublishedShare(surname: String, published: Double) {
        let share = Self.share { $0.name.hasPrefix(surname) && !$0.name.hasPrefix("欧阳") }
        #expect(abs(share - published) < 0.015, "\(surname): \(share), published \(published)")
    }

    @Test func theTenCommonestSurnamesCoverAboutFortyTwoPercent() {
        let ten = Set(ChineseNames.rankedSurnames.prefix(10).map(\.0))
        let share = Self.share { ten.contains(String($0.name.prefix(1))) }
        #expect(abs(share - 0.422) < 0.04, "\(share)")
        let table = ChineseNames.surnames.reduce(0) { $0 + $1.1 }
        #expect(abs(table - 1000) < 0.001, "the shares are of the whole population: \(table)‰")
    }

    @Test func singleCharacterGivenNamesBelongToTheOlderGenerations() {
        func single(_ p: Population.Person) -> Bool { p.name.count == 2 && !ChineseNames.rankedSurnames.contains { $0.0.count == 2 && p.name.hasPrefix($0.0) } }
        let older = Self.han.filter { (1970..<1990).contains($0.birthDate.year) }
        let younger = Self.han.filter { $0.birthDate.year >= 2005 }
        #expect(older.count > 500 && younger.count > 500)
        let olderShare = Self.share(single, among: older), youngerShare = Self.share(single, among: younger)
        #expect(olderShare > 0.2 && olderShare < 0.4, "born 1970–1989: \(olderShare)")
        #expect(youngerShare < 0.1, "born since 2005: \(youngerShare)")
    }

    /// Given names have the long tail of real ones: no name dominates, and most are rare.
    @Test func namesakesAreCommonButNoNameDominates() {
        var counts: [String: Int] = [:]
        for person in Self.han { counts[person.name, default: 0] += 1 }
        let commonest = counts.values.max() ?? 0
        #expect(Double(commonest) / Double(Self.han.count) < 0.004, "the commonest full name: \(commonest) of \(Self.han.count)")
        let sharing = Self.han.filter { counts[$0.name, default: 0] > 1 }.count
        let rate = Double(sharing) / Double(Self.han.count)
        #expect(rate > 0.03 && rate < 0.25, "share of people with a namesake among \(Self.han.count): \(rate)")
        #expect(Double(counts.count) / Double(Self.han.count) > 0.7, "distinct names: \(counts.count) of \(Self.han.count)")
    }

    /// Excel's General format in a narrow column: six significant digits, rounded, trailing zeros dropped.
    @Test func shortScientificNotationKeepsSixRoundedDigits() {
        #expect(Quirks.shortScientific("422822199001011234") == "4.22822E+17")
        #expect(Quirks.shortScientific("420100199001011234") == "4.201E+17")
        #expect(Quirks.shortScientific("420102599001011234") == "4.20103E+17")
        #expect(Quirks.shortScientific("420109599001011234") == "4.2011E+17")
    }

    /// A province is spread over counties of a real county's size, each with townships of a real size.
    @Test func provincesAreSpreadOverCountiesOfRealSize() {
        #expect(Population.counties(forHouseholds: 20_000) == Population.counties)
        let province = Population.counties(forHouseholds: 3_000_000)
        #expect(province.count == 20)
        #expect(Set(province.map(\.code)).count == province.count)
        for county in province {
            #expect(county.townships.count >= 3_000_000 / 20 / Population.householdsPerTownship, "\(county.name)")
            #expect(Set(county.townships).count == county.townships.count)
        }
    }
}
