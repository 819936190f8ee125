import Testing
@testable import BiduiCore
@testable import Synth

@Suite struct PopulationTests {
    let population = Population(households: 2_000, seed: 42)

    var people: [Population.Person] { population.households.flatMap(\.members) }

    @Test func everyIDNumberIsValidUniqueAndAgreesWithBirthDateSexAndCounty() {
        var seen = Set<String>()
        for household in population.households {
            for person in household.members {
                #expect(IDNumberChecksum.isValid(person.idNumber), "\(person.idNumber)")
                #expect(person.idNumber.hasPrefix(household.county.code))
                let birth = String(format: "%04d%02d%02d", person.birthDate.year, person.birthDate.month, person.birthDate.day)
                #expect(person.idNumber.dropFirst(6).prefix(8) == Substring(birth))
                let sequence = Int(person.idNumber.dropFirst(14).prefix(3)) ?? -1
                #expect((sequence % 2 == 1) == person.male, "odd sequence numbers are men")
                #expect(seen.insert(person.idNumber).inserted, "ID numbers are unique")
            }
        }
    }

    @Test func householdsHaveAHeadAndChildrenYoungerThanTheirParents() {
        for household in population.households {
            #expect(household.members.first?.relation == "户主")
            let head = household.members[0]
            for child in household.members where child.relation == "之子" || child.relation == "之女" {
                #expect(child.birthDate.year >= head.birthDate.year + 20)
                #expect((child.relation == "之子") == child.male)
            }
        }
    }

    @Test func namesFollowRealisticFrequenciesWithCompoundAndMinorityNames() {
        let names = people.map(\.name)
        let wang = names.filter { $0.hasPrefix("王") }.count
        let share = Double(wang) / Double(names.count)
        #expect(share > 0.03 && share < 0.12, "王 is about one in fourteen Han names: \(share)")
        #expect(names.contains { $0.hasPrefix("欧阳") || $0.hasPrefix("司马") || $0.hasPrefix("上官") || $0.hasPrefix("诸葛") })
        #expect(names.contains { $0.contains("·") }, "Uyghur names with a middle dot")
        let counties = Set(population.households.map(\.county.code))
        #expect(counties.count == Population.counties.count)
    }

    @Test func theSameSeedGivesTheSamePopulation() {
        #expect(Population(households: 300, seed: 7).households == Population(households: 300, seed: 7).households)
        #expect(Population(households: 300, seed: 7).households != Population(households: 300, seed: 8).households)
    }
}
