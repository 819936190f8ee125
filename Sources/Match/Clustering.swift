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
    /// directly: different valid ID numbers, or names that disagree; nor may an officer have said
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
                if r.nameKeys[a] != r.nameKeys[b] && r.nameLevel(a, b) == 4 { return false }
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
