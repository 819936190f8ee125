import Foundation
import Testing
@testable import BiduiCore
@testable import Match

/// Blocking, comparison levels and the chaining guard on hand-built records.
@Suite struct ComparisonAndBlockingTests {
    static let zhangWei = "42010220150301113X"
    /// One substitution of zhangWei (…1113X → …1123X), and an adjacent transposition (…0301 → …0310).
    static let substituted = "42010220150301123X", transposed = "42010220150310113X"

    func records(_ rows: [(role: SourceRole, name: String, id: String?, kind: MatchRecords.IDKind, birth: String?, county: String?)]) -> MatchRecords {
        var records = MatchRecords()
        for (k, row) in rows.enumerated() {
            records.append(recordID: Int64(k + 1), row: Int32(k + 2), role: row.role, nameKey: row.name, pinyin: row.name == "张伟" || row.name == "张玮" ? "zhang wei" : row.name,
                           idNumber: row.id, idKind: row.kind, birth: row.birth, county: row.county)
        }
        return records
    }

    @Test func idNumberLevels() {
        let r = records([
            (.enrollment, "张伟", Self.zhangWei, .valid, nil, nil),
            (.aid, "张伟", Self.zhangWei, .valid, nil, nil),
            (.aid, "张伟", Self.substituted, .invalid, nil, nil),
            (.aid, "张伟", Self.transposed, .invalid, nil, nil),
            (.aid, "张伟", "420102201503011000", .lostDigits, nil, nil),
            (.aid, "张伟", "420102201503011244", .valid, nil, nil),
            (.aid, "张伟", "4.20102E+17", .unusable, nil, nil),
            (.aid, "张伟", "42010220150302999X", .invalid, nil, nil),
        ])
        #expect(r.idLevel(0, 1) == 1, "equal")
        #expect(r.idLevel(0, 2) == 2, "one substitution")
        #expect(r.idLevel(0, 3) == 3, "one adjacent transposition")
        #expect(r.idLevel(0, 4) == 4, "the first 15 digits of a number Excel cut to 000")
        #expect(r.idLevel(0, 5) == 5, "both valid and different")
        #expect(r.idLevel(0, 6) == 0, "scientific notation cannot be compared")
        #expect(r.idLevel(0, 7) == 6, "an invalid number more than one typo away")
    }

    @Test func nameAndBirthLevels() {
        var r = MatchRecords()
        r.append(recordID: 1, row: 2, role: .enrollment, nameKey: "张伟", pinyin: "zhang wei", idNumber: nil, idKind: .unusable, birth: "2015-03-01")
        r.append(recordID: 2, row: 3, role: .aid, nameKey: "张玮", pinyin: "zhang wei", idNumber: nil, idKind: .unusable, birth: "2015-04-01")
        r.append(recordID: 3, row: 4, role: .aid, nameKey: "张伟", pinyin: "zhang wei", idNumber: nil, idKind: .unusable, birth: "2014-04-02")
        r.append(recordID: 4, row: 5, role: .aid, nameKey: "王己", pinyin: "wang ji", idNumber: nil, idKind: .unusable)
        r.append(recordID: 5, row: 6, role: .aid, nameKey: "王已", pinyin: "wang yi", idNumber: nil, idKind: .unusable)
        r.append(recordID: 6, row: 7, role: .aid, nameKey: "李娜", pinyin: "li na", idNumber: nil, idKind: .unusable)
        r.append(recordID: 7, row: 8, role: .aid, nameKey: "张重阳", pinyin: "zhang zhong yang", readings: "zhang zhong,chong yang", idNumber: nil, idKind: .unusable)
        r.append(recordID: 8, row: 9, role: .aid, nameKey: "张崇阳", pinyin: "zhang chong yang", idNumber: nil, idKind: .unusable)
        #expect(r.nameLevel(0, 2) == 1)
        #expect(r.nameLevel(0, 1) == 2, "a homophone")
        #expect(r.nameLevel(3, 4) == 3, "a look-alike: one character different")
        #expect(r.nameLevel(0, 5) == 4)
        #expect(r.nameLevel(6, 7) == 2, "重 may be read chong")
        #expect(r.compare(0, 1).level(.birthDate) == 2, "only the month differs")
        #expect(r.compare(0, 2).level(.birthDate) == 3)
    }

    @Test func aTypoedNumberMeetsTheRightOneAndCommonNamesDoNotFlood() {
        var rows: [(role: SourceRole, name: String, id: String?, kind: MatchRecords.IDKind, birth: String?, county: String?)] = [
            (.enrollment, "张伟", Self.zhangWei, .valid, "2015-03-01", "蕲春县"),
            (.aid, "章伟", Self.substituted, .invalid, nil, "黄梅县"),
        ]
        // Twenty other 张伟 with their own valid numbers in one county: compared with nobody but
        // a record that lacks a valid number.
        for k in 0..<20 {
            rows.append((.rural, "张伟", "4211262015030\(String(format: "%02d", k))110", .valid, nil, "蕲春县"))
        }
        rows.append((.rural, "张伟", nil, .unusable, nil, "蕲春县"))
        let r = records(rows)
        let (pairs, statistics, _) = Blocking(maxBlockSize: 400).candidates(r)
        #expect(pairs.contains(UInt64(0) << 32 | 1), "one substitution away, nothing else in common but the sound of the name")
        #expect(statistics.neighbourPairs == 1)
        let last = UInt64(r.count - 1)
        let involvingTheNumberless = pairs.filter { $0 & 0xFFFF_FFFF == last || $0 >> 32 == last }.count
        #expect(involvingTheNumberless == 21, "the record without a number meets every 张伟 of its county")
        #expect(pairs.count == 1 + 21, "two valid numbers are never paired by a name key: \(pairs.count)")
    }

    @Test func theChainingGuardKeepsTwoNumbersApartThroughAThird() {
        // A and B share a valid number; B and C share a name and school but C has its own valid
        // number: C is not pulled into A's person through B.
        var r = MatchRecords()
        r.append(recordID: 1, row: 2, role: .enrollment, nameKey: "张伟", idNumber: Self.zhangWei, idKind: .valid)
        r.append(recordID: 2, row: 3, role: .aid, nameKey: "张伟", idNumber: nil, idKind: .unusable)
        r.append(recordID: 3, row: 4, role: .aid, nameKey: "张伟", idNumber: "420102201503011244", idKind: .valid)
        var clustering = Clustering(count: 3)
        let links = [Clustering.Link(a: 0, b: 1, weight: 20, band: .link), Clustering.Link(a: 1, b: 2, weight: 15, band: .link)]
        let (accepted, refused) = clustering.apply(links, records: r, direct: [0 << 32 | 1, 1 << 32 | 2], cannotLink: [])
        #expect(accepted.count == 1)
        #expect(refused.count == 1)
        #expect(clustering.groups() == [[0, 1], [2]])
        // An officer's 是 is followed even so.
        var decided = Clustering(count: 3)
        _ = decided.apply(links + [Clustering.Link(a: 0, b: 2, weight: 0, band: .decided)], records: r, direct: [], cannotLink: [])
        #expect(decided.groups() == [[0, 1, 2]])
    }

    @Test func anOfficersNoKeepsTwoRecordsApart() {
        var r = MatchRecords()
        r.append(recordID: 1, row: 2, role: .enrollment, nameKey: "张伟", idNumber: nil, idKind: .unusable)
        r.append(recordID: 2, row: 3, role: .aid, nameKey: "张伟", idNumber: nil, idKind: .unusable)
        var clustering = Clustering(count: 2)
        let (_, refused) = clustering.apply([Clustering.Link(a: 0, b: 1, weight: 20, band: .link)], records: r, direct: [1], cannotLink: [1])
        #expect(refused.count == 1)
        #expect(clustering.groups() == [[0], [1]])
    }
}
