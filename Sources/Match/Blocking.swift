import BiduiCore

/// Finds the pairs of records worth comparing without comparing all pairs: records that share a
/// blocking key, and invalid ID numbers one typo away from a valid one.
public struct Blocking: Sendable {
    /// The keys, each a way two records of one person may still agree when other fields are damaged.
    public enum Key: String, CaseIterable, Sendable {
        /// The same ID number text (valid, or the same damage twice).
        case idNumber = "id_number"
        /// Pinyin of the name with the birth date: a homophone typo with a damaged number.
        case pinyinBirth = "pinyin+birth_date"
        /// Name with the number's division code and birth year.
        case nameDivisionYear = "name+division+birth_year"
        /// Name with the row's county: the bridge for aid and rural rows, which have no birth date.
        case nameCounty = "name+county"
        /// Pinyin with the row's county: a homophone typo where nothing else survives.
        case pinyinCounty = "pinyin+county"
        /// Name with the school (学籍 ↔ 资助).
        case nameSchool = "name+school"
        /// Name with the household number (within a department).
        case nameHousehold = "name+household"
        /// Name with the family's head (a 学籍 row's guardian, a rural household's 户主, a civil row's
        /// head): the bridge from a school's roster to a department's household list.
        case nameFamily = "name+family_head"
        /// The name with any one character masked, with the school: a look-alike typo (王/玉, 己/已)
        /// on a row whose number is also damaged, where no other key is shared.
        case maskedNameSchool = "masked_name+school"
        /// The same with the family's head.
        case maskedNameFamily = "masked_name+family_head"
    }

    /// Candidate pairs found by one key: where the model learns what agreement on the other fields means.
    public struct TrainingPairs: Sendable {
        /// Pairs sharing an ID number or one typo apart: mostly one person; teach m for everything but the number.
        public var byIDNumber: [UInt64] = []
        /// Pairs sharing a name and county: many different people; teach m for the number, dates and the rest.
        public var byNameAndCounty: [UInt64] = []
    }

    public struct Statistics: Sendable {
        public var pairsByKey: [String: Int] = [:]
        /// Pairs found by looking up the one-typo neighbours of invalid numbers.
        public var neighbourPairs = 0
        public var oversizedBlocks = 0
        public var candidatePairs = 0
    }

    public let maxBlockSize: Int

    public init(maxBlockSize: Int) { self.maxBlockSize = maxBlockSize }

    /// Candidate pairs `(a, b)` with `a < b`, sorted and without repeats, packed as `a << 32 | b`.
    ///
    /// The keys other than the ID number and the name's sound with the birth date exist to bridge a
    /// damaged or missing number, so they pair two records only when at least one of them lacks a
    /// valid number: two valid numbers either agree (the ID key finds them) or differ, and only the
    /// same name born the same day makes two different valid numbers worth a look (a wrong number
    /// that passed the check). This keeps common names in a county (hundreds of 吐尔逊·热依拉) from
    /// flooding the comparison.
    public func candidates(_ records: MatchRecords) -> (pairs: [UInt64], statistics: Statistics, training: TrainingPairs) {
        var statistics = Statistics()
        var training = TrainingPairs()
        var pairs: [UInt64] = []
        pairs.reserveCapacity(records.count * 2)
        let heads = records.families.count == records.count ? records.families : records.familyHeads()
        let masked = Self.maskedNames(records)
        for key in Key.allCases {
            var entries: [(UInt64, Int32)] = []
            entries.reserveCapacity(records.count)
            for i in 0..<records.count {
                switch key {
                case .maskedNameSchool, .maskedNameFamily:
                    let place: Int32 = key == .maskedNameSchool ? (records.roles[i].isEducation ? records.schools[i] : -1) : heads[i]
                    guard place >= 0, records.nameKeys[i] >= 0, let variants = masked[records.nameKeys[i]] else { continue }
                    for variant in variants { entries.append((Self.mix(key, variant, UInt64(UInt32(bitPattern: place))), Int32(i))) }
                default:
                    if let value = blockValue(key, records, i, heads: heads) { entries.append((value, Int32(i))) }
                }
            }
            entries.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            // A block is compared when the pairs it gives stay within bounds: for the ID key, its
            // size; for the name keys, the pairs that involve a record without a valid number.
            var blocks: [Range<Int>] = []
            var start = 0
            while start < entries.count {
                var end = start + 1
                while end < entries.count && entries[end].0 == entries[start].0 { end += 1 }
                if end - start > 1 {
                    let size = end - start
                    var emitted = size * (size - 1) / 2
                    if key != .idNumber && key != .pinyinBirth {
                        let lacking = entries[start..<end].filter { !records.hasTrustedNumber(Int($0.1)) }.count
                        emitted = lacking * (size - lacking) + lacking * (lacking - 1) / 2
                    }
                    if emitted > maxBlockSize * (maxBlockSize - 1) / 2 { statistics.oversizedBlocks += 1 } else { blocks.append(start..<end) }
                }
                start = end
            }
            // Name and county pairs, valid numbers or not, teach the model what the number means;
            // a deterministic sample of at most `trainingPairs` of them.
            var sampleBelow = UInt64.max
            if key == .nameCounty {
                let total = blocks.filter { $0.count <= maxBlockSize }.reduce(0) { $0 + $1.count * ($1.count - 1) / 2 }
                if total > Self.trainingPairs { sampleBelow = UInt64(Double(UInt64.max) * Double(Self.trainingPairs) / Double(total)) }
            }
            let before = pairs.count
            for block in blocks {
                for x in block.lowerBound..<(block.upperBound - 1) {
                    let a = Int(entries[x].1)
                    let aValid = records.hasTrustedNumber(a)
                    for y in (x + 1)..<block.upperBound {
                        let b = Int(entries[y].1)
                        let pair = UInt64(min(a, b)) << 32 | UInt64(max(a, b))
                        if key == .nameCounty && block.count <= maxBlockSize && Self.scramble(pair) <= sampleBelow { training.byNameAndCounty.append(pair) }
                        if key != .idNumber && key != .pinyinBirth && aValid && records.hasTrustedNumber(b) { continue }
                        pairs.append(pair)
                    }
                }
            }
            statistics.pairsByKey[key.rawValue] = pairs.count - before
            if key == .idNumber { training.byIDNumber = Array(pairs[before...]) }
        }
        let neighbours = idNeighbours(records)
        statistics.neighbourPairs = neighbours.count
        training.byIDNumber += neighbours
        pairs += neighbours
        pairs.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(pairs.count)
        for pair in pairs where unique.last != pair { unique.append(pair) }
        statistics.candidatePairs = unique.count
        return (unique, statistics, training)
    }

    static let trainingPairs = 400_000

    /// For each distinct name key of two to four characters, a hash of the name with each character in
    /// turn masked: two names one character apart share one of them.
    static func maskedNames(_ r: MatchRecords) -> [Int32: [UInt64]] {
        var result: [Int32: [UInt64]] = [:]
        for i in 0..<r.count where r.nameKeys[i] >= 0 && result[r.nameKeys[i]] == nil {
            let scalars = r.nameScalars(i)
            guard (2...4).contains(scalars.count) else { result[r.nameKeys[i]] = []; continue }
            result[r.nameKeys[i]] = scalars.indices.map { masked in
                var hash: UInt64 = 0x84222325cbf29ce4 &+ UInt64(masked)
                for (k, scalar) in scalars.enumerated() where k != masked { hash = (hash ^ UInt64(scalar.value)) &* 0x100000001b3 }
                return hash
            }
        }
        return result
    }

    static func mix(_ key: Key, _ a: UInt64, _ b: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325 &+ UInt64(key.hashSeed)
        hash = (hash ^ a) &* 0x100000001b3
        hash ^= hash >> 29
        hash = (hash ^ b) &* 0x100000001b3
        return hash ^ (hash >> 29)
    }

    /// A fixed bijective mix of a pair (SplitMix64's first output from it), for sampling the same
    /// pairs on every run.
    static func scramble(_ x: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: x)
        return generator.next()
    }

    /// The key's value for record `i` as a hash, or nil when the record lacks a part of it.
    func blockValue(_ key: Key, _ r: MatchRecords, _ i: Int, heads: [Int32]) -> UInt64? {
        func mix(_ parts: Int64...) -> UInt64 {
            var hash: UInt64 = 0xcbf29ce484222325 &+ UInt64(key.hashSeed)
            for part in parts { hash = (hash ^ UInt64(bitPattern: part)) &* 0x100000001b3; hash ^= hash >> 29 }
            return hash
        }
        switch key {
        case .idNumber:
            guard r.idTexts[i] >= 0, r.idKinds[i] != .unusable else { return nil }
            return mix(Int64(r.idTexts[i]))
        case .pinyinBirth:
            guard r.pinyins[i] >= 0, r.births[i] > 0, r.births[i] % 100 != 0 else { return nil }
            return mix(Int64(r.pinyins[i]), Int64(r.births[i]))
        case .nameDivisionYear:
            guard r.nameKeys[i] >= 0, r.idKinds[i] != .unusable, r.births[i] > 0 else { return nil }
            let division = r.idBytes[(i * 18)..<(i * 18 + 6)].reduce(Int64(0)) { $0 * 10 + Int64($1 & 0x0F) }
            return mix(Int64(r.nameKeys[i]), division, Int64(r.births[i] / 10000))
        case .nameCounty:
            guard r.nameKeys[i] >= 0, r.counties[i] >= 0 else { return nil }
            return mix(Int64(r.nameKeys[i]), Int64(r.counties[i]))
        case .pinyinCounty:
            guard r.pinyins[i] >= 0, r.counties[i] >= 0 else { return nil }
            return mix(Int64(r.pinyins[i]), Int64(r.counties[i]))
        case .nameSchool:
            guard r.nameKeys[i] >= 0, r.schools[i] >= 0, r.roles[i].isEducation else { return nil }
            return mix(Int64(r.nameKeys[i]), Int64(r.schools[i]))
        case .nameHousehold:
            guard r.nameKeys[i] >= 0, r.households[i] >= 0 else { return nil }
            return mix(Int64(r.nameKeys[i]), Int64(r.households[i]), Int64(r.roles[i].hashSeed))
        case .nameFamily:
            guard r.nameKeys[i] >= 0, heads[i] >= 0 else { return nil }
            return mix(Int64(r.nameKeys[i]), Int64(heads[i]))
        case .maskedNameSchool, .maskedNameFamily:
            return nil  // several values a record: `candidates` makes them
        }
    }

    /// Pairs of an invalid 18-character number with every valid number one substitution or one
    /// adjacent transposition away, and of a number that lost its last digits with every valid number
    /// sharing its first 15. The check character catches every such typo, so a valid number is never
    /// one typo from another valid one: only invalid numbers need their neighbours looked up.
    func idNeighbours(_ r: MatchRecords) -> [UInt64] {
        var valid: [ArraySlice<UInt8>: [Int32]] = [:]
        var prefixes: [ArraySlice<UInt8>: [Int32]] = [:]
        for i in 0..<r.count where r.idKinds[i] == .valid {
            let id = r.idSlice(i)
            valid[id, default: []].append(Int32(i))
            prefixes[id.prefix(15), default: []].append(Int32(i))
        }
        var pairs: [UInt64] = []
        func pair(_ x: Int32, _ y: Int32) -> UInt64 { x < y ? UInt64(x) << 32 | UInt64(y) : UInt64(y) << 32 | UInt64(x) }
        let alphabet = Array("0123456789X".utf8)
        for i in 0..<r.count {
            switch r.idKinds[i] {
            case .invalid:
                var id = Array(r.idSlice(i))
                var found = Set<Int32>()
                for k in 0..<18 {
                    let original = id[k]
                    for c in alphabet where c != original && (k == 17 || c != UInt8(ascii: "X")) {
                        id[k] = c
                        for j in valid[id[...]] ?? [] { found.insert(j) }
                    }
                    id[k] = original
                }
                for k in 0..<17 where id[k] != id[k + 1] {
                    id.swapAt(k, k + 1)
                    for j in valid[id[...]] ?? [] { found.insert(j) }
                    id.swapAt(k, k + 1)
                }
                for j in found.sorted() { pairs.append(pair(Int32(i), j)) }
            case .lostDigits:
                for j in prefixes[r.idSlice(i).prefix(15)] ?? [] { pairs.append(pair(Int32(i), j)) }
            case .valid where r.suspicious[i]:
                // Valid but ending in 000: perhaps another number cut by Excel.
                for j in prefixes[r.idSlice(i).prefix(15)] ?? [] where Int(j) != i { pairs.append(pair(Int32(i), j)) }
            case .valid, .unusable:
                continue
            }
        }
        return pairs
    }
}

extension Blocking.Key {
    /// Distinct per key, so equal values under two keys do not collide; a switch, not a search,
    /// since every record asks once per key.
    var hashSeed: Int {
        switch self {
        case .idNumber: 1 &* 0x51ED27
        case .pinyinBirth: 2 &* 0x51ED27
        case .nameDivisionYear: 3 &* 0x51ED27
        case .nameCounty: 4 &* 0x51ED27
        case .pinyinCounty: 5 &* 0x51ED27
        case .nameSchool: 6 &* 0x51ED27
        case .nameHousehold: 7 &* 0x51ED27
        case .nameFamily: 8 &* 0x51ED27
        case .maskedNameSchool: 9 &* 0x51ED27
        case .maskedNameFamily: 10 &* 0x51ED27
        }
    }
}

extension SourceRole {
    var hashSeed: Int {
        switch self {
        case .enrollment: 1
        case .aid: 2
        case .rural: 3
        case .civil: 4
        }
    }
}
