import Foundation
import BiduiCore
import Normalize

/// What is compared between two records, and the levels each comparison can reach. Level 0 means
/// "cannot compare" (a value is missing): it adds nothing to the match weight.
public enum Comparison: Int, CaseIterable, Sendable {
    case idNumber, name, birthDate, sex, division, household, relation, school, county, family, studentRelation

    /// Levels besides 0, in order of strength of agreement.
    public var levels: [String] {
        switch self {
        case .idNumber: ["equal", "one_substitution", "one_transposition", "lost_digits_prefix", "both_valid_different", "different"]
        case .name: ["equal", "homophone", "one_character", "different"]
        case .birthDate: ["equal", "one_component", "different"]
        case .sex, .division, .household, .relation, .school, .county, .family: ["equal", "different"]
        case .studentRelation: ["child", "adult"]
        }
    }

    public var key: String {
        switch self {
        case .idNumber: "id_number"
        case .name: "name"
        case .birthDate: "birth_date"
        case .sex: "sex"
        case .division: "division"
        case .household: "household"
        case .relation: "relation"
        case .school: "school"
        case .county: "county"
        case .family: "family_head"
        case .studentRelation: "student_relation"
        }
    }

    /// How an officer reads a level, for the evidence waterfall.
    public func label(_ level: Int) -> String {
        switch (self, level) {
        case (.idNumber, 1): "身份证号相同"
        case (.idNumber, 2): "身份证号仅一位不同"
        case (.idNumber, 3): "身份证号相邻两位颠倒"
        case (.idNumber, 4): "身份证号前15位相同（后三位被Excel截为000）"
        case (.idNumber, 5): "两个身份证号均有效且不同"
        case (.idNumber, 6): "身份证号不同"
        case (.name, 1): "姓名相同"
        case (.name, 2): "姓名拼音相同"
        case (.name, 3): "姓名仅一字不同"
        case (.name, 4): "姓名不同"
        case (.birthDate, 1): "出生日期相同"
        case (.birthDate, 2): "出生日期年月日仅一项不同"
        case (.birthDate, 3): "出生日期不同"
        case (.sex, 1): "性别相同"
        case (.sex, 2): "性别不同"
        case (.division, 1): "证件行政区划相同"
        case (.division, 2): "证件行政区划不同"
        case (.household, 1): "户编号相同"
        case (.household, 2): "户编号不同"
        case (.relation, 1): "与户主关系相同"
        case (.relation, 2): "与户主关系不同"
        case (.school, 1): "学校相同"
        case (.school, 2): "学校不同"
        case (.county, 1): "区县相同"
        case (.county, 2): "区县不同"
        case (.family, 1): "户主（监护人）相同"
        case (.family, 2): "户主（监护人）不同"
        case (.studentRelation, 1): "学生在户中为子女辈"
        case (.studentRelation, 2): "学生在户中为户主或长辈"
        default: "\(key)=\(level)"
        }
    }

    /// Number of level values including 0.
    var radix: Int { levels.count + 1 }
}

/// The levels of every comparison for one pair, packed in one number (mixed radix).
public struct ComparisonVector: Hashable, Sendable {
    public let packed: Int

    static let radices = Comparison.allCases.map(\.radix)
    static let patternCount = radices.reduce(1, *)

    init(levels: [Int]) {
        var value = 0
        for (k, level) in levels.enumerated().reversed() { value = value * Self.radices[k] + level }
        packed = value
    }

    init(packed: Int) { self.packed = packed }

    public func level(_ comparison: Comparison) -> Int {
        var value = packed
        for k in 0..<comparison.rawValue { value /= Self.radices[k] }
        return value % Self.radices[comparison.rawValue]
    }

    public var levels: [Int] { Comparison.allCases.map(level) }
}

extension MatchRecords {
    /// Compares records `a` and `b` on everything they both have.
    func compare(_ a: Int, _ b: Int) -> ComparisonVector {
        var levels = [Int](repeating: 0, count: Comparison.allCases.count)
        let id = idLevel(a, b)
        levels[Comparison.idNumber.rawValue] = id
        levels[Comparison.name.rawValue] = nameLevel(a, b)
        // A number that agrees (or nearly) already carries the birth date and the division code:
        // counting them again would count the same evidence twice.
        let numberAgrees = (1...4).contains(id)
        if !numberAgrees && births[a] >= 0 && births[b] >= 0 {
            let x = births[a], y = births[b]
            let monthOnly = x % 100 == 0 || y % 100 == 0
            let same = [x / 10000 == y / 10000, x / 100 % 100 == y / 100 % 100, monthOnly || x % 100 == y % 100]
            levels[Comparison.birthDate.rawValue] = same.allSatisfy { $0 } ? 1 : same.filter { !$0 }.count == 1 ? 2 : 3
        }
        if sexes[a] != 0 && sexes[b] != 0 { levels[Comparison.sex.rawValue] = sexes[a] == sexes[b] ? 1 : 2 }
        if !numberAgrees && idKinds[a] != .unusable && idKinds[b] != .unusable {
            let same = idBytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + a * 18, $0.baseAddress! + b * 18, 6) == 0 }
            levels[Comparison.division.rawValue] = same ? 1 : 2
        } else if !numberAgrees, let compatible = leadingDigitsAgree(a, b) {
            // Excel kept only the leading digits of one number (4.22822E+17): they are compared with
            // what they could stand for, the division code at least; the rest is missing, not different.
            levels[Comparison.division.rawValue] = compatible ? 1 : 2
        }
        // Household numbers are each department's own: compared within a department only.
        if roles[a] == roles[b], roles[a].isHouseholdList, households[a] >= 0, households[b] >= 0 {
            levels[Comparison.household.rawValue] = households[a] == households[b] ? 1 : 2
        }
        // The relation to the head is the household registration's (户籍), whichever department lists it.
        if roles[a].isHouseholdList && roles[b].isHouseholdList, relations[a] >= 0, relations[b] >= 0 {
            levels[Comparison.relation.rawValue] = relations[a] == relations[b] ? 1 : 2
        }
        // A pupil is a child of its household, seldom its head or spouse: the school lists have no
        // relation, the household lists no school, so this is what ages they can compare.
        if roles[a].isEducation != roles[b].isEducation, roles[a].isHouseholdList || roles[b].isHouseholdList {
            let member = roles[a].isHouseholdList ? a : b
            if relations[member] >= 0 {
                if childRelations.contains(relations[member]) { levels[Comparison.studentRelation.rawValue] = 1 }
                else if adultRelations.contains(relations[member]) { levels[Comparison.studentRelation.rawValue] = 2 }
            }
        }
        // Schools are the education department's: 学籍 and 资助.
        if roles[a].isEducation && roles[b].isEducation, schools[a] >= 0, schools[b] >= 0 {
            levels[Comparison.school.rawValue] = schools[a] == schools[b] ? 1 : 2
        }
        if counties[a] >= 0 && counties[b] >= 0 { levels[Comparison.county.rawValue] = counties[a] == counties[b] ? 1 : 2 }
        // The family, across departments: a 学籍 row's guardian, a rural household's 户主, a civil
        // row's 户主身份证号. Within one department's household list the household says it already.
        if levels[Comparison.household.rawValue] == 0, families.count == count, families[a] >= 0, families[b] >= 0 {
            levels[Comparison.family.rawValue] = families[a] == families[b] ? 1 : 2
        }
        return ComparisonVector(levels: levels)
    }

    func idLevel(_ a: Int, _ b: Int) -> Int {
        let ka = idKinds[a], kb = idKinds[b]
        guard ka != .unusable && kb != .unusable else { return 0 }
        return idBytes.withUnsafeBufferPointer { p in
            let x = p.baseAddress! + a * 18, y = p.baseAddress! + b * 18
            var differ = 0, first = -1, second = -1
            for k in 0..<18 where x[k] != y[k] {
                differ += 1
                if first < 0 { first = k } else if second < 0 { second = k }
            }
            if ka == .lostDigits || kb == .lostDigits || suspicious[a] || suspicious[b] {
                return memcmp(x, y, 15) == 0 ? 4 : ka == .valid && kb == .valid ? 5 : 6
            }
            if differ == 0 { return 1 }
            if ka == .valid && kb == .valid { return 5 }
            if differ == 1 { return 2 }
            if differ == 2 && second == first + 1 && x[first] == y[second] && x[second] == y[first] { return 3 }
            return 6
        }
    }

    /// Whether the leading digits Excel kept of one number (or of both) could be the other's: nil
    /// when neither record has only leading digits, or the other has no digits to compare.
    func leadingDigitsAgree(_ a: Int, _ b: Int) -> Bool? {
        let ka = leadingDigits[a], kb = leadingDigits[b]
        guard ka > 0 || kb > 0 else { return nil }
        if ka > 0 && kb > 0 {
            let k = Int(max(ka, kb))
            return idBytes[(a * 18)..<(a * 18 + k)].elementsEqual(idBytes[(b * 18)..<(b * 18 + k)])
        }
        let (short, full) = ka > 0 ? (a, b) : (b, a)
        guard idKinds[full] != .unusable else { return nil }
        return Self.leadingDigits(idBytes[(short * 18)..<(short * 18 + 18)], count: Int(leadingDigits[short]),
                                  couldStandFor: idBytes[(full * 18)..<(full * 18 + 18)])
    }

    func nameLevel(_ a: Int, _ b: Int) -> Int {
        guard nameKeys[a] >= 0 && nameKeys[b] >= 0 else { return 0 }
        if nameKeys[a] == nameKeys[b] { return 1 }
        if readings[a] >= 0 && readings[b] >= 0
            && (readings[a] == readings[b] || ChineseName.readingsOverlap(text.string(readings[a]), text.string(readings[b]))) {
            return 2
        }
        let x = nameScalars(a), y = nameScalars(b)
        if x.count == y.count && x.count >= 2 && zip(x, y).filter({ $0 != $1 }).count == 1 { return 3 }
        return 4
    }
}

extension SourceRole {
    /// The education department's own exports (学籍, 资助), which name schools.
    var isEducation: Bool { self == .enrollment || self == .aid }
    /// The other departments' lists of household members (乡村振兴, 民政), which give the relation to the head.
    var isHouseholdList: Bool { self == .rural || self == .civil }
}

