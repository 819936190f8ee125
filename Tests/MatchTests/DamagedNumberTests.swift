import Foundation
import Testing
@testable import BiduiCore
@testable import Match

/// What the matcher does with rows that carry less (issue 17), on hand-built records: numbers Excel
/// cut to a few leading digits, blank numbers, the family and relation bridges, the hard rules, the
/// ambiguity pruning and the threshold that grows with the county.
@Suite struct DamagedNumberTests {
    static let child = "421126201503011132", sibling = "421126201703051145", head = "42112619800101113X", otherHead = "421126198202021156"

    @Test func excelsSixDigitNotationKeepsItsLeadingDigits() {
        func digits(_ text: String) -> String? {
            var copy = text
            return copy.withUTF8 { MatchRecords.leadingScientificDigits($0) }.map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(digits("4.21126E+17") == "421126")
        #expect(digits("4.201E+17") == "420100", "trailing zeros dropped by Excel stand for zeros")
        #expect(digits("4.2112620150301E+17") == "42112620150301")
        #expect(digits("4.21126201503011E+17") == nil, "15 digits are Excel's lost-digits form, compared as such")
        #expect(digits("421126") == nil)
        #expect(digits("4.21126E+16") == nil, "not an 18-digit number")
        func could(_ kept: String, _ number: String) -> Bool {
            MatchRecords.leadingDigits(Array(kept.utf8)[...], count: kept.utf8.count, couldStandFor: Array(number.utf8)[...])
        }
        #expect(could("421126", Self.child))
        #expect(could("421127", "421126599001011234"), "rounded up at the seventh digit")
        #expect(!could("421127", "421126499001011234"))
        #expect(could("430000", "429999599001011234"), "rounding carries")
        #expect(!could("653101", Self.child))
    }

    @Test func aNumberCutToItsDivisionIsMissingEvidenceNotAContradiction() {
        var r = MatchRecords()
        r.append(recordID: 1, row: 2, role: .enrollment, nameKey: "王梓涵", idNumber: Self.child, idKind: .valid, county: "蕲春县", school: "漕河镇中心小学")
        r.append(recordID: 2, row: 3, role: .aid, nameKey: "王梓涵", idNumber: "4.21126E+17", idKind: .unusable, county: "蕲春县", school: "漕河镇中心小学")
        r.append(recordID: 3, row: 4, role: .aid, nameKey: "王梓涵", idNumber: "6.53101E+17", idKind: .unusable, county: "蕲春县", school: "漕河镇中心小学")
        r.append(recordID: 4, row: 5, role: .aid, nameKey: "王梓涵", idNumber: nil, idKind: .unusable, county: "蕲春县", school: "漕河镇中心小学")
        let cut = r.compare(0, 1)
        #expect(cut.level(.idNumber) == 0, "no level of the number: neither agreement nor difference")
        #expect(cut.level(.division) == 1, "its digits agree with the division code")
        #expect(!r.cannotBeOnePerson(0, 1), "the hard rule for an invalid number far from a valid one does not fire")
        #expect(r.compare(0, 2).level(.division) == 2, "digits that cannot be the other number's count against")
        #expect(r.compare(0, 3).level(.idNumber) == 0 && r.compare(0, 3).level(.division) == 0, "a blank number says nothing")
        #expect(!r.cannotBeOnePerson(0, 3))
        #expect(r.compare(1, 2).level(.division) == 2, "two cut numbers are compared digit for digit")
    }

    @Test func theHardRules() {
        var r = MatchRecords()
        r.append(recordID: 1, row: 2, role: .enrollment, nameKey: "李娜", idNumber: Self.child, idKind: .valid, birth: "2015-03-01")
        r.append(recordID: 2, row: 3, role: .aid, nameKey: "李娜", idNumber: Self.sibling, idKind: .valid)
        r.append(recordID: 3, row: 4, role: .aid, nameKey: "李娜", idNumber: "421126201503019999", idKind: .invalid)
        r.append(recordID: 4, row: 5, role: .rural, nameKey: "李娜", idNumber: nil, idKind: .unusable, birth: "2013-05-01")
        r.append(recordID: 5, row: 6, role: .rural, nameKey: "张强", idNumber: nil, idKind: .unusable, household: "H1", relation: "之子")
        r.append(recordID: 6, row: 7, role: .rural, nameKey: "张强", idNumber: nil, idKind: .unusable, household: "H2", relation: "之子")
        r.append(recordID: 7, row: 8, role: .rural, nameKey: "李娜", idNumber: nil, idKind: .unusable, household: "H3", relation: "户主")
        r.append(recordID: 8, row: 9, role: .aid, nameKey: "王芳", idNumber: nil, idKind: .unusable)
        r.noteAdultRelations(referenceYear: 2025)
        #expect(r.cannotBeOnePerson(0, 1), "two valid numbers that differ")
        #expect(r.cannotBeOnePerson(0, 2), "an invalid number more than one typo from the valid one")
        #expect(r.cannotBeOnePerson(0, 3), "birth dates differing in year and month")
        #expect(r.cannotBeOnePerson(4, 5), "one department's list puts them in two households")
        #expect(r.cannotBeOnePerson(0, 6), "a pupil of ten is not a household's 户主")
        #expect(r.cannotBeOnePerson(0, 7), "names that disagree outright with no shared number")
        #expect(!r.cannotBeOnePerson(1, 3), "a blank number and no birth date to disagree with")
    }

    @Test func theFamilyAndTheRelationBridgeTheDepartments() {
        var r = MatchRecords()
        // The rural household H1: its head with a valid number, and the child with a blank one.
        r.append(recordID: 1, row: 2, role: .rural, nameKey: "陈刚", idNumber: Self.head, idKind: .valid, household: "H1", relation: "户主")
        r.append(recordID: 2, row: 3, role: .rural, nameKey: "陈浩宇", idNumber: nil, idKind: .unusable, household: "H1", relation: "之子")
        // 学籍 rows whose guardians are that head, and another family's.
        r.append(recordID: 3, row: 4, role: .enrollment, nameKey: "陈浩宇", idNumber: Self.child, idKind: .valid, guardianID: Self.head)
        r.append(recordID: 4, row: 5, role: .enrollment, nameKey: "陈浩宇", idNumber: Self.sibling, idKind: .valid, guardianID: Self.otherHead)
        // A civil row naming its head, and one saying it is the head.
        r.append(recordID: 5, row: 6, role: .civil, nameKey: "陈浩宇", idNumber: nil, idKind: .unusable, relation: "之子", headID: Self.head)
        r.append(recordID: 6, row: 7, role: .civil, nameKey: "陈浩宇", idNumber: nil, idKind: .unusable, relation: "户主", headID: Self.otherHead)
        r.noteAdultRelations(referenceYear: 2025)
        r.noteFamilies()
        #expect(r.compare(1, 2).level(.family) == 1, "the rural child's household head is the pupil's guardian")
        #expect(r.compare(1, 3).level(.family) == 2)
        #expect(r.compare(1, 2).level(.studentRelation) == 1, "a pupil is a child of its household")
        #expect(r.compare(2, 5).level(.studentRelation) == 2, "a pupil is seldom a household's head")
        #expect(r.compare(1, 4).level(.relation) == 1, "the relation to the head compares across rural and civil")
        #expect(r.compare(1, 5).level(.relation) == 2)
        #expect(r.compare(0, 1).level(.family) == 0, "within one department's household list the household says it")
    }

    /// A row whose number does not settle who it is and that could be either of two people is linked
    /// to neither, and both pairs are kept to show an officer; a clearly stronger link is kept.
    @Test func anAmbiguousRowIsLinkedToNeitherAndBothPairsAreKept() {
        var r = MatchRecords()
        r.append(recordID: 1, row: 2, role: .aid, nameKey: "买买提·艾力", idNumber: nil, idKind: .unusable, school: "S")
        r.append(recordID: 2, row: 3, role: .enrollment, nameKey: "买买提·艾力", idNumber: Self.child, idKind: .valid, school: "S")
        r.append(recordID: 3, row: 4, role: .enrollment, nameKey: "买买提·艾力", idNumber: Self.sibling, idKind: .valid, school: "S")
        var vectors: [UInt64: ComparisonVector] = [:]
        for (a, b) in [(0, 1), (0, 2)] { vectors[UInt64(a) << 32 | UInt64(b)] = r.compare(a, b) }
        let even = [Clustering.Link(a: 0, b: 1, weight: 20, band: .link), Clustering.Link(a: 0, b: 2, weight: 19, band: .link)]
        let (kept, ambiguous) = MatchStage.withoutAmbiguousLinks(even, records: r, vectors: vectors)
        #expect(kept.isEmpty)
        #expect(Set(ambiguous.map(\.b)) == [1, 2], "both namesakes are named")
        let clear = [Clustering.Link(a: 0, b: 1, weight: 27, band: .link), Clustering.Link(a: 0, b: 2, weight: 19, band: .link)]
        let (keptClear, ambiguousClear) = MatchStage.withoutAmbiguousLinks(clear, records: r, vectors: vectors)
        #expect(keptClear.count == 2 && ambiguousClear.isEmpty, "more than the margin apart: the chaining guard then keeps the weaker out")
        var clustering = Clustering(count: 3)
        let direct = Set(keptClear.map { UInt64($0.a) << 32 | UInt64($0.b) })
        _ = clustering.apply(keptClear.sorted { $0.weight > $1.weight }, records: r, direct: direct, cannotLink: [])
        #expect(clustering.groups() == [[0, 1], [2]])
    }

    /// The thresholds rise with the county: the same name-only evidence is a coin toss among many.
    @Test func theThresholdsRiseWithTheCounty() {
        var r = MatchRecords()
        for k in 0..<20_000 {
            r.append(recordID: Int64(k + 1), row: Int32(k + 2), role: k % 2 == 0 ? .enrollment : .rural, nameKey: "名\(k / 2)",
                     idNumber: nil, idKind: .unusable, county: k < 1_000 ? "小县" : "大县")
        }
        let model = MatchModel.estimate(r, training: Blocking.TrainingPairs(), settings: MatchSettings())
        let small = model.thresholdShift(r, 0, 1), large = model.thresholdShift(r, 5_000, 5_001)
        #expect(abs(small - log2(1_000 / MatchModel.referenceCountySize)) < 1e-9)
        #expect(abs(large - log2(19_000 / MatchModel.referenceCountySize)) < 1e-9)
        #expect(model.thresholdShift(r, 0, 5_000) == large, "a pair across counties is judged by the larger")
    }

    /// A look-alike typo in the name (王/玉) on a row whose number is also gone shares no name key with
    /// the person's other rows; the name with one character masked, at the same school, finds them.
    @Test func aLookAlikeNameWithNoNumberIsStillACandidateAtItsSchool() {
        var r = MatchRecords()
        r.append(recordID: 1, row: 2, role: .enrollment, nameKey: "王硕远", pinyin: "wang shuo yuan", idNumber: Self.child, idKind: .valid, county: "蕲春县", school: "S")
        r.append(recordID: 2, row: 3, role: .aid, nameKey: "玉硕远", pinyin: "yu shuo yuan", idNumber: "4.21126E+17", idKind: .unusable, county: "蕲春县", school: "S")
        r.append(recordID: 3, row: 4, role: .aid, nameKey: "玉硕远", pinyin: "yu shuo yuan", idNumber: nil, idKind: .unusable, county: "蕲春县", school: "T")
        let (pairs, statistics, _) = Blocking(maxBlockSize: 200).candidates(r)
        #expect(pairs.contains(UInt64(0) << 32 | 1))
        #expect(!pairs.contains(UInt64(0) << 32 | 2), "at another school the masked name is not a key")
        #expect(statistics.pairsByKey[Blocking.Key.maskedNameSchool.rawValue] ?? 0 >= 1)
        #expect(r.compare(0, 1).level(.name) == 3, "one character different")
    }
}
