import BiduiCore
import Foundation
import GRDB
import GRDBSQLite

/// The person records of a run, in columns of small numbers: what blocking and comparison read.
/// Text is interned (equal text, equal number), so comparing two records touches no `String`.
public struct MatchRecords: Sendable {
    public enum IDKind: UInt8, Sendable {
        /// No number, or one too damaged to compare (scientific notation, wrong length…).
        case unusable = 0
        case valid = 1
        /// 18 characters that fail a check: a typo, a transposition, a bad date.
        case invalid = 2
        /// 15 significant digits and 000: Excel's loss.
        case lostDigits = 3
    }

    public private(set) var count = 0
    public private(set) var recordIDs: [Int64] = []
    public private(set) var sheets: [Int32] = [], rows: [Int32] = []
    public private(set) var roles: [SourceRole] = []
    /// Interned `name_key`, display `name`, `name_pinyin` and readings (-1: none).
    var nameKeys: [Int32] = [], names: [Int32] = [], pinyins: [Int32] = [], readings: [Int32] = []
    var idKinds: [IDKind] = []
    /// 18 bytes per record (zeros when unusable).
    var idBytes: [UInt8] = []
    /// Interned `id_number` text (any kind; -1 none).
    var idTexts: [Int32] = []
    /// yyyymmdd, dd 00 when only the month was given; -1 none.
    var births: [Int32] = []
    /// 1 男, 2 女, 0 unknown.
    var sexes: [Int8] = []
    var counties: [Int32] = [], schools: [Int32] = [], households: [Int32] = [], relations: [Int32] = []
    /// Interned guardian's (学籍) and household head's (民政) ID numbers, -1 when none.
    var guardianIDs: [Int32] = [], headIDs: [Int32] = []
    /// A valid number ending in 000, as Excel's 15-digit loss leaves numbers: compared on its first 15 digits only.
    var suspicious: [Bool] = []
    /// For a number Excel showed with fewer than 15 significant digits (`4.22822E+17`): how many it
    /// kept, padded with zeros to Excel's six, in `idBytes` (the rest zeros); 0 for every other record.
    var leadingDigits: [UInt8] = []
    /// Each record's family, as the interned ID number of its household's head (`familyHeads()`);
    /// set by `load` (records built by `append` set it with `noteFamilies()`).
    var families: [Int32] = []

    var text = ValueInterner(expected: 1 << 16)
    /// The year "under 16" is judged in (the reconciliation's reference date); 0 turns the check off.
    var referenceYear = 0
    /// Interned relations to the head that only an adult has (户主, 配偶, 之母…), and those of the
    /// head's children and grandchildren (之子, 之女, 之孙子…).
    private(set) var adultRelations = Set<Int32>()
    private(set) var childRelations = Set<Int32>()

    static let adultRelationNames = ["户主", "配偶", "之妻", "之夫", "之父", "之母", "之祖父", "之祖母", "之外祖父", "之外祖母",
                                     "之岳父", "之岳母", "之公公", "之婆婆", "之儿媳", "之女婿"]
    static let childRelationNames = ["之子", "之女", "之孙子", "之孙女", "之外孙子", "之外孙女", "子", "女", "儿子", "女儿",
                                     "孙子", "孙女", "外孙子", "外孙女", "之曾孙子", "之曾孙女"]

    /// The significant digits of an 18-digit number written in scientific notation (`4.22822E+17` →
    /// 422822), as Excel shows a number in a numeric cell; nil for anything else.
    static func scientificMantissa(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var mantissa: [UInt8] = [], exponent = 0, inExponent = false, sawPoint = false, leading = 0
        for byte in text {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent { exponent = exponent * 10 + Int(byte - 48) } else {
                    mantissa.append(byte)
                    if !sawPoint { leading += 1 }
                }
            case UInt8(ascii: "."), UInt8(ascii: ","): sawPoint = true
            case UInt8(ascii: "E"), UInt8(ascii: "e"): inExponent = true
            case UInt8(ascii: "+"), UInt8(ascii: " "): continue
            default: return nil
            }
        }
        guard leading == 1, exponent == 17, mantissa.first != UInt8(ascii: "0"), (1...18).contains(mantissa.count) else { return nil }
        return mantissa
    }

    /// The 18 digits of a number Excel showed in scientific notation with at least 15 significant
    /// digits (`4.21126200801242E+17` → 421126200801242000); nil when fewer survived.
    static func scientificDigits(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let mantissa = scientificMantissa(text), mantissa.count >= 15 else { return nil }
        return mantissa + [UInt8](repeating: UInt8(ascii: "0"), count: 18 - mantissa.count)
    }

    /// The leading digits of a number Excel showed in scientific notation with fewer than 15
    /// significant digits (`4.22822E+17` → 422822, `4.201E+17` → 420100: General format shows six and
    /// drops trailing zeros), padded to six; nil for anything else.
    static func leadingScientificDigits(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let mantissa = scientificMantissa(text), mantissa.count < 15 else { return nil }
        return mantissa + [UInt8](repeating: UInt8(ascii: "0"), count: max(0, 6 - mantissa.count))
    }

    /// Whether `count` leading digits (as Excel rounded or cut a number to them) could stand for `number`.
    static func leadingDigits(_ kept: ArraySlice<UInt8>, count: Int, couldStandFor number: ArraySlice<UInt8>) -> Bool {
        let k = kept.startIndex, n = number.startIndex
        if kept[k..<(k + count)].elementsEqual(number[n..<(n + count)]) { return true }  // cut, or rounded down
        // Rounded up: the number's first `count` digits plus one, carried.
        guard number[n + count] >= UInt8(ascii: "5"), number[n + count] <= UInt8(ascii: "9") else { return false }
        var digits = Array(number[n..<(n + count)])
        var i = count - 1
        while i >= 0 {
            if digits[i] == UInt8(ascii: "9") { digits[i] = UInt8(ascii: "0"); i -= 1 } else { digits[i] += 1; break }
        }
        return i >= 0 && kept[k..<(k + count)].elementsEqual(digits)
    }

    /// Sets each record's family; call once every record is appended.
    mutating func noteFamilies() { families = familyHeads() }

    /// Learns which interned relations are adults' ones; call once the records are loaded.
    mutating func noteAdultRelations(referenceYear: Int) {
        self.referenceYear = referenceYear
        func interned(_ names: [String]) -> Set<Int32> {
            Set(names.compactMap { name in
                let index = text.lookup(name)
                return index >= 0 ? index : nil
            })
        }
        adultRelations = interned(Self.adultRelationNames)
        childRelations = interned(Self.childRelationNames)
    }

    /// A school record of a child under 16 (by its birth date) and a household member that only an
    /// adult can be (户主, 配偶, 之母…) are two people, however alike their names.
    func isChildAndAdult(_ child: Int, _ adult: Int) -> Bool {
        guard referenceYear > 0, roles[child].isEducation, births[child] >= 0, relations[adult] >= 0,
              adultRelations.contains(relations[adult]) else { return false }
        return referenceYear - Int(births[child]) / 10000 < 16
    }

    public init() {}

    /// Reads every person record of the run in id order.
    public static func load(_ db: Database) throws -> MatchRecords {
        var records = MatchRecords()
        let statement = try db.makeStatement(sql: """
            SELECT id, sheet_id, row, role, name_key, name, name_pinyin, name_readings, id_number, id_valid, id_problem,
                   birth_date, sex, county, coalesce(school_name, school_code), household_id, relation, guardian_id, head_id
            FROM person_records ORDER BY id
            """)
        let s = statement.sqliteStatement
        let empty: [UInt8] = []
        func column(_ k: Int32) -> UnsafeBufferPointer<UInt8>? {
            guard let text = sqlite3_column_text(s, k) else { return nil }
            return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(s, k)))
        }
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            records.recordIDs.append(sqlite3_column_int64(s, 0))
            records.sheets.append(Int32(sqlite3_column_int64(s, 1)))
            records.rows.append(Int32(sqlite3_column_int64(s, 2)))
            let role = column(3).map { String(decoding: $0, as: UTF8.self) }.flatMap(SourceRole.init(rawValue:)) ?? .enrollment
            records.roles.append(role)
            func intern(_ k: Int32) -> Int32 {
                guard let bytes = column(k), bytes.count > 0 else { return -1 }
                return records.text.intern(bytes)
            }
            let key = intern(4)
            records.nameKeys.append(key)
            records.names.append(intern(5))
            let pinyin = intern(6)
            records.pinyins.append(pinyin)
            let reading = intern(7)
            records.readings.append(reading >= 0 ? reading : pinyin)
            // The ID number: its kind and its 18 bytes.
            let idText = column(8)
            let valid = sqlite3_column_type(s, 9) == SQLITE_NULL ? nil : sqlite3_column_int64(s, 9) == 1
            let problem = column(10).map { String(decoding: $0, as: UTF8.self) }
            var kind = IDKind.unusable
            var expanded: [UInt8]?
            var kept: UInt8 = 0
            if let idText, idText.count == 18 {
                if valid == true { kind = .valid } else if problem == "lost_digits" { kind = .lostDigits } else if problem != "scientific_notation" { kind = .invalid }
            } else if problem == "scientific_notation", let idText, let digits = Self.scientificDigits(idText) {
                // 4.21126200801242E+17 kept 15 digits, as much as a number padded with 000 does.
                kind = .lostDigits
                expanded = digits
            } else if problem == "scientific_notation", let idText, let digits = Self.leadingScientificDigits(idText) {
                // 4.22822E+17 kept the division code and no more: unusable as a number, but its digits still count.
                kept = UInt8(digits.count)
                expanded = digits + [UInt8](repeating: 0, count: 18 - digits.count)
            }
            records.idKinds.append(kind)
            records.leadingDigits.append(kept)
            if let expanded {
                records.idBytes.append(contentsOf: expanded)
            } else if kind != .unusable, let idText {
                records.idBytes.append(contentsOf: idText)
            } else {
                records.idBytes.append(contentsOf: repeatElement(0, count: 18))
            }
            records.idTexts.append(idText.map { $0.count > 0 ? records.text.intern($0) : -1 } ?? -1)
            records.births.append(column(11).map(Self.birth) ?? -1)
            let sex = column(12).map { Array($0) } ?? empty
            records.sexes.append(sex == Array("男".utf8) ? 1 : sex == Array("女".utf8) ? 2 : 0)
            records.counties.append(intern(13))
            records.schools.append(intern(14))
            records.households.append(intern(15))
            records.relations.append(intern(16))
            records.guardianIDs.append(intern(17))
            records.headIDs.append(intern(18))
            records.suspicious.append(kind == .valid && idText.map { $0[15] == 0x30 && $0[16] == 0x30 && $0[17] == 0x30 } == true)
            records.count += 1
        }
        records.noteFamilies()
        return records
    }

    /// `2013-09-01` → 20130901, `2013-09` → 20130900.
    static func birth(_ p: UnsafeBufferPointer<UInt8>) -> Int32 {
        var value: Int32 = 0, digits = 0
        for byte in p where byte >= 0x30 && byte <= 0x39 {
            value = value * 10 + Int32(byte - 0x30)
            digits += 1
        }
        switch digits {
        case 8: return value
        case 6: return value * 100
        default: return -1
        }
    }

    /// Each record's family, as the ID number of its household's head: a civil row names its head;
    /// a rural row's head is the member of its household whose relation is 户主; a 学籍 row's
    /// guardian is the head, or a member of a rural household whose head is then taken.
    func familyHeads() -> [Int32] {
        let head = text.lookup("户主")
        var headOfHousehold: [Int32: Int32] = [:]
        var householdOfMember: [Int32: Int32] = [:]
        for i in 0..<count where roles[i] == .rural && households[i] >= 0 && idKinds[i] == .valid {
            householdOfMember[idTexts[i]] = households[i]
            if relations[i] >= 0 && relations[i] == head { headOfHousehold[households[i]] = idTexts[i] }
        }
        return (0..<count).map { i in
            switch roles[i] {
            case .civil: return headIDs[i]
            case .rural: return households[i] >= 0 ? headOfHousehold[households[i]] ?? -1 : -1
            case .enrollment:
                guard guardianIDs[i] >= 0 else { return -1 }
                return householdOfMember[guardianIDs[i]].flatMap { headOfHousehold[$0] } ?? guardianIDs[i]
            case .aid: return -1
            }
        }
    }

    /// A valid number not ending in 000: one that tells people apart by itself.
    func hasTrustedNumber(_ i: Int) -> Bool { idKinds[i] == .valid && !suspicious[i] }

    // MARK: Reading back

    public func name(_ i: Int) -> String? { names[i] >= 0 ? text.string(names[i]) : nil }
    public func nameKey(_ i: Int) -> String? { nameKeys[i] >= 0 ? text.string(nameKeys[i]) : nil }
    public func readingsKey(_ i: Int) -> String? { readings[i] >= 0 ? text.string(readings[i]) : nil }
    public func idNumber(_ i: Int) -> String? { idTexts[i] >= 0 ? text.string(idTexts[i]) : nil }
    public func validIDNumber(_ i: Int) -> String? { idKinds[i] == .valid ? idNumber(i) : nil }
    public func idKind(_ i: Int) -> IDKind { idKinds[i] }
    func idSlice(_ i: Int) -> ArraySlice<UInt8> { idBytes[(i * 18)..<(i * 18 + 18)] }

    /// The name key's characters (Unicode scalars), for the one-character-different comparison.
    func nameScalars(_ i: Int) -> [Unicode.Scalar] {
        guard nameKeys[i] >= 0 else { return [] }
        return Array(String(decoding: text.bytes(nameKeys[i]), as: UTF8.self).unicodeScalars)
    }

    /// Builds records directly (tests and the evaluation): one call per record.
    public mutating func append(recordID: Int64, sheet: Int32 = 1, row: Int32, role: SourceRole, nameKey: String?, name: String? = nil,
                                pinyin: String? = nil, readings: String? = nil, idNumber: String?, idKind: IDKind,
                                birth: String? = nil, sex: Int8 = 0, county: String? = nil, school: String? = nil, household: String? = nil,
                                relation: String? = nil, guardianID: String? = nil, headID: String? = nil) {
        func intern(_ value: String?) -> Int32 { value.map { text.intern($0) } ?? -1 }
        recordIDs.append(recordID); sheets.append(sheet); rows.append(row); roles.append(role)
        nameKeys.append(intern(nameKey)); names.append(intern(name ?? nameKey))
        let p = intern(pinyin)
        pinyins.append(p); self.readings.append(readings.map { text.intern($0) } ?? p)
        idKinds.append(idKind)
        if idKind != .unusable, let idNumber, idNumber.utf8.count == 18 { idBytes.append(contentsOf: Array(idNumber.utf8)) } else { idBytes.append(contentsOf: repeatElement(0, count: 18)) }
        idTexts.append(intern(idNumber))
        births.append(birth.map { b in var c = b; return c.withUTF8 { Self.birth($0) } } ?? -1)
        sexes.append(sex)
        counties.append(intern(county)); schools.append(intern(school)); households.append(intern(household))
        relations.append(intern(relation))
        guardianIDs.append(intern(guardianID))
        headIDs.append(intern(headID))
        suspicious.append(idKind == .valid && idNumber?.hasSuffix("000") == true)
        var kept: UInt8 = 0
        if idKind == .unusable, var text = idNumber, let digits = text.withUTF8({ Self.leadingScientificDigits($0) }) {
            kept = UInt8(digits.count)
            idBytes.replaceSubrange((idBytes.count - 18)..<idBytes.count, with: digits + [UInt8](repeating: 0, count: 18 - digits.count))
        }
        leadingDigits.append(kept)
        count += 1
    }
}
