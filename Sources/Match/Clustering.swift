import BiduiCore

/// Links records into persons: the strongest links first, each merging two groups unless that
/// would put together, through a third record, two records that cannot be one person.
struct Clustering {
    enum Band: String, Sendable {
        /// At or above the link threshold.
        case link
        /// Between the review and link thresholds: linked, and marked for clerical review.
        case review
        /// An officer's 是 in the review decisions file.
        case decided
    }

    struct Link {
        var a: Int, b: Int
        var weight: Double
        var band: Band
    }

    private var parent: [Int32]
    private var members: [[Int32]]

    init(count: Int) {
        parent = (0..<count).map(Int32.init)
        members = (0..<count).map { [Int32($0)] }
    }

    mutating func root(_ x: Int) -> Int {
        var r = x
        while parent[r] != Int32(r) { r = Int(parent[r]) }
        var y = x
        while parent[y] != Int32(r) { let next = Int(parent[y]); parent[y] = Int32(r); y = next }
        return r
    }

    /// Applies `links` in the order given (decided ones first, then by weight); returns the links
    /// that merged or joined records already together, and the ones the guard refused.
    mutating func apply(_ links: [Link], records: MatchRecords, direct: Set<UInt64>, cannotLink: Set<UInt64>)
        -> (accepted: [Link], refused: [Link]) {
        var accepted: [Link] = [], refused: [Link] = []
        for link in links {
            let x = root(link.a), y = root(link.b)
            if x == y { accepted.append(link); continue }
            if link.band != .decided && !compatible(x, y, records, direct: direct, cannotLink: cannotLink) {
                refused.append(link)
                continue
            }
            let (big, small) = members[x].count >= members[y].count ? (x, y) : (y, x)
            parent[small] = Int32(big)
            members[big] += members[small]
            members[small] = []
            accepted.append(link)
        }
        return (accepted, refused)
    }

    /// No record of one group may conflict with a record of the other unless the two were linked
    /// directly: different valid ID numbers, numbers or birth dates that disagree, or names that
    /// disagree (`MatchRecords.cannotBeOnePerson`); nor may an officer have said
    /// they are different people.
    private func compatible(_ x: Int, _ y: Int, _ r: MatchRecords, direct: Set<UInt64>, cannotLink: Set<UInt64>) -> Bool {
        if members[x].count * members[y].count > 10_000 { return false }
        for p in members[x] {
            for q in members[y] {
                let a = Int(min(p, q)), b = Int(max(p, q))
                let key = UInt64(a) << 32 | UInt64(b)
                if cannotLink.contains(key) { return false }
                if direct.contains(key) { continue }
                if r.idKinds[a] == .valid && r.idKinds[b] == .valid && r.idTexts[a] != r.idTexts[b] { return false }
                if r.cannotBeOnePerson(a, b) { return false }
            }
        }
        return true
    }

    /// The groups: each a list of record indexes, in index order; groups ordered by their first record.
    mutating func groups() -> [[Int]] {
        var result: [[Int]] = []
        for i in 0..<parent.count where root(i) == i { result.append(members[i].map(Int.init).sorted()) }
        return result.sorted { $0[0] < $1[0] }
    }
}

extension MatchRecords {
    /// The hard rules: two records are never one person (unless an officer says so) when their
    /// numbers are both valid and different, or one is invalid and more than one typo away from the
    /// other; when their birth dates differ in more than one of year, month and day; when one
    /// department's list puts them in two households or gives them two relations in one; or when their
    /// names disagree outright and only the very same valid number could say otherwise; or when one is
    /// a school record of a child under 16 and the other a household member only an adult can be.
    func cannotBeOnePerson(_ a: Int, _ b: Int) -> Bool {
        cannotBeOnePerson(a, b, compare(a, b))
    }

    func cannotBeOnePerson(_ a: Int, _ b: Int, _ vector: ComparisonVector) -> Bool {
        if cannotBeOnePerson(vector) { return true }
        if (1...4).contains(vector.level(.idNumber)) { return false }
        return isChildAndAdult(a, b) || isChildAndAdult(b, a)
    }

    func cannotBeOnePerson(_ vector: ComparisonVector) -> Bool {
        let id = vector.level(.idNumber)
        if id == 5 || id == 6 { return true }
        if vector.level(.birthDate) == 3 { return true }
        // One department's list names each member once: two of its rows in different households, or
        // with different relations to the head of one household, are two people unless their numbers agree.
        if !(1...4).contains(id) {
            let household = vector.level(.household)
            if household == 2 || (household == 1 && vector.level(.relation) == 2) { return true }
        }
        return vector.level(.name) == 4 && id != 1
    }
}
