import BiduiCore
import Foundation

/// A Fellegi–Sunter model: for each comparison level, the probability m that two records of one
/// person reach it and the probability u that two records of different people do; a pair's match
/// weight is the sum of log2(m/u) over the comparisons both records allow.
public struct MatchModel: Sendable {
    /// Indexed [comparison][level]; level 0 (cannot compare) is unused.
    public private(set) var m: [[Double]]
    public private(set) var u: [[Double]]
    /// Share of candidate pairs that are matches, as EM found it.
    public private(set) var matchShare: Double = 0.5
    public private(set) var iterations = 0
    /// How often each name key occurs in each county, and how many named records each county has,
    /// for the term-frequency adjustment (张伟 is weak evidence; so is 买买提·艾力 in 喀什市, where it
    /// is far commoner than in the province as a whole). Key: name key << 32 | county (county -1: none).
    private var nameCounts: [Int64: Int] = [:]
    private var countyRecords: [Int32: Int] = [:]

    init() {
        m = Comparison.allCases.map { [Double](repeating: 0, count: $0.radix) }
        u = m
    }

    public func weight(_ comparison: Comparison, _ level: Int) -> Double {
        guard level > 0 else { return 0 }
        return log2(m[comparison.rawValue][level] / u[comparison.rawValue][level])
    }

    /// The county size (named records) the link and review thresholds are set for. A pair's weight
    /// counts its evidence, not how many people it had to be told apart from: two records sharing a
    /// rare name are a coin toss in a county of millions and a near-certainty in a village. So in a
    /// larger county a pair needs log2(size / this) more weight, which keeps the thresholds' meaning
    /// (the odds that two such records are one person) the same at every size.
    static var referenceCountySize: Double { Double(1 << 9) }

    /// How much the thresholds rise for a pair of records in the counties of `a` and `b` (the larger).
    func thresholdShift(_ records: MatchRecords, _ a: Int, _ b: Int) -> Double {
        let size = max(countyRecords[records.counties[a]] ?? 0, countyRecords[records.counties[b]] ?? 0)
        return max(0, log2(Double(size) / Self.referenceCountySize))
    }

    static func nameCountKey(_ nameKey: Int32, _ county: Int32) -> Int64 { Int64(nameKey) << 32 | Int64(UInt32(bitPattern: county)) }

    /// The weight of equal names adjusted for how common the name is where the record is: u is the
    /// name's frequency among the named records of its county.
    func nameEqualWeight(_ records: MatchRecords, _ a: Int) -> Double {
        let county = records.counties[a]
        let named = max(1, countyRecords[county] ?? 1)
        let count = nameCounts[Self.nameCountKey(records.nameKeys[a], county)] ?? 1
        let frequency = max(Double(count) / Double(named), 1 / Double(named))
        return log2(m[Comparison.name.rawValue][1] / frequency)
    }

    /// Per comparison, its weight for this pair (term-frequency adjusted for equal names).
    func weights(_ vector: ComparisonVector, _ records: MatchRecords, _ a: Int) -> [Double] {
        Comparison.allCases.map { comparison in
            let level = vector.level(comparison)
            if comparison == .name && level == 1 { return nameEqualWeight(records, a) }
            return weight(comparison, level)
        }
    }

    func score(_ vector: ComparisonVector, _ records: MatchRecords, _ a: Int) -> Double {
        weights(vector, records, a).reduce(0, +)
    }

    /// Estimates u from random pairs (and, for agreement, from value frequencies), then m by
    /// expectation–maximisation. Blocking selects pairs that agree on their key, so EM never learns
    /// m for a comparison from pairs blocked on it, nor from comparisons that go with the key (a
    /// county goes with its division codes and schools): pairs sharing an ID number teach m for
    /// names and places; pairs sharing a name and county teach m for the ID number, birth date and sex.
    /// `pinned` levels keep the configured values.
    static func estimate(_ records: MatchRecords, training: Blocking.TrainingPairs, settings: MatchSettings) -> MatchModel {
        var model = MatchModel()
        model.estimateU(records, seed: settings.seed)
        for i in 0..<records.count where records.nameKeys[i] >= 0 {
            model.nameCounts[Self.nameCountKey(records.nameKeys[i], records.counties[i]), default: 0] += 1
            model.countyRecords[records.counties[i], default: 0] += 1
        }
        model.applyPinned(settings, m: false)
        for c in Comparison.allCases { model.m[c.rawValue] = [0] + (Self.priorM[c] ?? []) }
        func patterns(_ pairs: [UInt64]) -> [ComparisonVector: Int] {
            var counts: [ComparisonVector: Int] = [:]
            for pair in pairs { counts[records.compare(Int(pair >> 32), Int(pair & 0xFFFF_FFFF)), default: 0] += 1 }
            return counts
        }
        let byID = model.expectationMaximisation(patterns(training.byIDNumber), ignoring: [.idNumber, .division])
        let byName = model.expectationMaximisation(patterns(training.byNameAndCounty), ignoring: [.name, .county, .division, .school, .household, .relation, .family, .studentRelation])
        for c in Comparison.allCases {
            switch c {
            case .idNumber, .birthDate, .sex: if let m = byName.m[c] { model.m[c.rawValue] = m }
            case .name, .county, .division, .school, .household, .relation, .family, .studentRelation: if let m = byID.m[c] { model.m[c.rawValue] = m }
            }
        }
        model.iterations = byID.iterations + byName.iterations
        model.matchShare = byName.share
        model.applyPinned(settings, m: true)
        return model
    }

    private mutating func estimateU(_ records: MatchRecords, seed: UInt64) {
        let comparisons = Comparison.allCases
        var counts = comparisons.map { [Double](repeating: 0, count: $0.radix) }
        var random = SplitMix64(seed: seed)
        let n = records.count
        if n >= 2 {
            for _ in 0..<min(200_000, n * (n - 1) / 2) {
                let a = Int(random.next() % UInt64(n))
                var b = Int(random.next() % UInt64(n - 1))
                if b >= a { b += 1 }
                let vector = records.compare(a, b)
                for c in comparisons { counts[c.rawValue][vector.level(c)] += 1 }
            }
        }
        // Agreement of two random records is rarer than a sample can show: Σ p² over the values.
        let agreement: [Comparison: Double] = [
            .idNumber: Self.collision(records.idTexts.enumerated().filter { records.idKinds[$0.offset] != .unusable }.map(\.element)),
            .name: Self.collision(records.nameKeys),
            .birthDate: Self.collision(records.births.map { $0 > 0 ? $0 : -1 }),
            .sex: Self.collision(records.sexes.map { $0 == 0 ? -1 : Int32($0) }),
            .county: Self.collision(records.counties),
            .school: Self.collision(records.schools),
            .household: Self.collision(records.households),
            .relation: Self.collision(records.relations),
            .family: Self.collision(records.families),
        ]
        for c in comparisons {
            let levels = c.radix
            let observed = counts[c.rawValue][1...].reduce(0, +)
            var probabilities = [Double](repeating: 0, count: levels)
            for level in 1..<levels { probabilities[level] = (counts[c.rawValue][level] + 0.5) / (observed + 0.5 * Double(levels - 1)) }
            if let equal = agreement[c], equal > 0 {
                let others = probabilities[2...].reduce(0, +)
                probabilities[1] = equal
                for level in 2..<levels { probabilities[level] *= (1 - equal) / max(others, 1e-12) }
            }
            u[c.rawValue] = probabilities
        }
    }

    /// Probability that two random records (of those with a value) share it.
    static func collision(_ values: [Int32]) -> Double {
        var counts: [Int32: Int] = [:]
        var total = 0
        for value in values where value >= 0 {
            counts[value, default: 0] += 1
            total += 1
        }
        guard total > 1 else { return 0 }
        let sum = counts.values.reduce(0.0) { $0 + Double($1) * Double($1 - 1) }
        return max(sum / (Double(total) * Double(total - 1)), 1 / Double(total * total))
    }

    /// What m looks like for records of one person: the start of EM and its prior (a Dirichlet of
    /// `priorStrength` pseudo-pairs), which keeps a small run from collapsing into "every candidate
    /// is a match" while a large one is decided by its data.
    static let priorM: [Comparison: [Double]] = [
        .idNumber: [0.90, 0.03, 0.02, 0.02, 0.005, 0.025],
        .name: [0.92, 0.04, 0.02, 0.02],
        .birthDate: [0.95, 0.03, 0.02],
        .sex: [0.98, 0.02],
        .division: [0.97, 0.03],
        .household: [0.90, 0.10],
        .relation: [0.95, 0.05],
        .school: [0.90, 0.10],
        .county: [0.95, 0.05],
        .family: [0.90, 0.10],
        .studentRelation: [0.95, 0.05],
    ]

    /// Two-class EM over comparison patterns with u fixed; comparisons in `ignoring` are left out of
    /// the likelihood. Returns m for the others, the match share and the iterations it took.
    func expectationMaximisation(_ patterns: [ComparisonVector: Int], ignoring: Set<Comparison>)
        -> (m: [Comparison: [Double]], share: Double, iterations: Int) {
        let used = Comparison.allCases.filter { !ignoring.contains($0) }
        var m = self.m
        let entries = patterns.sorted { $0.key.packed < $1.key.packed }.map { (levels: $0.key.levels, count: Double($0.value)) }
        let total = entries.reduce(0) { $0 + $1.count }
        guard total > 0 else { return ([:], 0, 0) }
        let priorStrength = max(50, 0.01 * total)
        var share = 0.3
        var iterations = 0
        for iteration in 1...500 {
            iterations = iteration
            var mass = Comparison.allCases.map { [Double](repeating: 0, count: $0.radix) }
            var matches = 0.0
            for entry in entries {
                var logRatio = log2(share / (1 - share))
                for c in used {
                    let level = entry.levels[c.rawValue]
                    if level > 0 { logRatio += log2(m[c.rawValue][level] / u[c.rawValue][level]) }
                }
                let g = 1 / (1 + exp2(-min(max(logRatio, -60), 60)))
                matches += g * entry.count
                for c in used { mass[c.rawValue][entry.levels[c.rawValue]] += g * entry.count }
            }
            var change = abs(matches / total - share)
            share = min(max(matches / total, 1e-6), 1 - 1e-6)
            for c in used {
                let compared = mass[c.rawValue][1...].reduce(0, +)
                let prior = Self.priorM[c] ?? []
                for level in 1..<c.radix {
                    let updated = (mass[c.rawValue][level] + priorStrength * prior[level - 1]) / (compared + priorStrength)
                    change = max(change, abs(updated - m[c.rawValue][level]))
                    m[c.rawValue][level] = updated
                }
            }
            if change < 1e-7 { break }
        }
        var result: [Comparison: [Double]] = [:]
        for c in used { result[c] = m[c.rawValue] }
        return (result, share, iterations)
    }

    private mutating func applyPinned(_ settings: MatchSettings, m applyM: Bool) {
        for c in Comparison.allCases {
            guard let levels = settings.pinned[c.key] else { continue }
            for (name, pair) in levels {
                guard let index = c.levels.firstIndex(of: name) else { continue }
                if applyM { m[c.rawValue][index + 1] = pair.m } else { u[c.rawValue][index + 1] = pair.u }
            }
        }
    }

    /// Pinned keys that name no comparison or level: a configuration mistake to report.
    static func unknownPinned(_ settings: MatchSettings) -> [String] {
        var unknown: [String] = []
        for (key, levels) in settings.pinned.sorted(by: { $0.key < $1.key }) {
            guard let comparison = Comparison.allCases.first(where: { $0.key == key }) else { unknown.append(key); continue }
            for level in levels.keys.sorted() where !comparison.levels.contains(level) { unknown.append("\(key).\(level)") }
        }
        return unknown
    }
}

/// A small seeded generator (SplitMix64): the same seed gives the same random pairs on every machine.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
