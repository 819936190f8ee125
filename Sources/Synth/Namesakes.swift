/// How often people share their full name in a generated population: overall and within their
/// county (where matching meets them), with the commonest names. What the names' calibration gives.
public struct Namesakes: Sendable {
    public var people = 0
    /// People whose name at least one other person in the population has.
    public var sharingOverall = 0
    /// People whose name another person of their own county has.
    public var sharingInCounty = 0
    /// The commonest names with their counts.
    public var commonest: [(String, Int)] = []

    /// Counts the names of `people` people of a `households`-household population (seed `seed`), taken
    /// from households spread evenly over it, so that every county is represented; writes no files.
    public static func measure(people target: Int, households: Int, seed: UInt64) -> Namesakes {
        var generator = HouseholdGenerator(households: households, seed: seed)
        var overall: [String: Int] = [:], inCounty: [String: Int] = [:]
        var result = Namesakes()
        // The households are spread over the whole layout so that every county is represented.
        let step = max(1, households / max(1, target / 3))
        var seen: [(name: String, county: String)] = []
        var index = 0
        while result.people < target && index < households {
            // ID numbers are allocated in index order, so every household is made; only every step-th is counted.
            let household = generator.household(index)
            if index % step == 0 {
                for person in household.members where result.people < target {
                    overall[person.name, default: 0] += 1
                    inCounty[household.county.code + person.name, default: 0] += 1
                    seen.append((person.name, household.county.code))
                    result.people += 1
                }
            }
            index += 1
        }
        for person in seen {
            if overall[person.name, default: 0] > 1 { result.sharingOverall += 1 }
            if inCounty[person.county + person.name, default: 0] > 1 { result.sharingInCounty += 1 }
        }
        // The commonest Han names (Uyghur ones, with their dot, are a county's own story).
        result.commonest = overall.filter { !$0.key.contains("·") }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10).map { ($0.key, $0.value) }
        return result
    }
}
