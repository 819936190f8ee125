import BiduiCore

/// The damage real exports do to ID numbers and names (DOMAIN.md, "What real exports look like"),
/// applied at small configurable rates, sometimes two on one row.
public struct Quirks: Sendable {
    public enum IDQuirk: String, Sendable, CaseIterable {
        case typo, transposition, lowercaseX, spaces, fullWidth, apostrophe, legacy15, scientific, lostDigits, blank
        /// What a text export of a numeric cell in a narrow column keeps: Excel's General format, six
        /// significant digits, rounded, trailing zeros dropped (`4.22822E+17`, `4.201E+17`).
        case scientificShort = "scientific_short"

        /// Whether the number, once normalized, differs from the true one (an identity conflict).
        public var changesNumber: Bool { [.typo, .transposition, .scientific, .scientificShort, .lostDigits].contains(self) }

        /// How often each quirk is drawn, relative to the others, on a row of `role`. The other
        /// departments' exports lose numbers to Excel and leave them blank far more often than 学籍,
        /// whose system checks every number on entry.
        func weight(for role: SourceRole) -> Double {
            guard role != .enrollment else { return 1 }
            switch self {
            case .blank: return 3
            case .scientificShort: return 2
            default: return 1
            }
        }
    }

    public enum NameQuirk: String, Sendable, CaseIterable {
        case space, fullWidthSpace, traditional, homophone, lookalike, dotVariant

        /// Whether the name, once normalized (width, spaces, dots, traditional → simplified), differs.
        public var changesName: Bool { self == .homophone || self == .lookalike }
    }

    /// Share of rows whose ID number gets a quirk: on 学籍 rows, and on the other departments' rows
    /// (资助, 乡村振兴, 民政), whose exports pass through more hands; and of rows whose name does.
    public var idRate = 0.03
    public var departmentIDRate = 0.05
    public var nameRate = 0.02

    func idRate(for role: SourceRole) -> Double { role == .enrollment ? idRate : departmentIDRate }
    /// Of the rows that get one quirk, the share that get a second one.
    public var secondQuirkRate = 0.1

    public init() {}

    static let fullWidthDigits: [Character: Character] = Dictionary(uniqueKeysWithValues:
        "0123456789X".map { ($0, Character(Unicode.Scalar($0.unicodeScalars.first!.value + 0xFEE0)!)) })
    static let traditional: [Character: Character] = [
        "张": "張", "刘": "劉", "陈": "陳", "杨": "楊", "黄": "黃", "赵": "趙", "吴": "吳", "伟": "偉", "华": "華", "丽": "麗",
        "军": "軍", "杰": "傑", "涛": "濤", "强": "強", "静": "靜", "阳": "陽", "远": "遠", "轩": "軒", "马": "馬", "孙": "孫",
        "郑": "鄭", "罗": "羅", "梁": "樑", "谢": "謝", "许": "許", "韩": "韓", "冯": "馮", "邓": "鄧", "萧": "蕭", "颖": "穎",
        "欧": "歐", "诗": "詩", "涵": "涵", "怡": "怡", "宇": "宇", "浩": "浩", "鸣": "鳴", "兰": "蘭", "婷": "婷",
    ]
    static let homophones: [Character: Character] = [
        "伟": "玮", "静": "婧", "丽": "莉", "军": "君", "杰": "洁", "明": "铭", "华": "桦", "涛": "韬", "磊": "垒", "芳": "方",
        "敏": "民", "强": "蔷", "洋": "阳", "勇": "永", "艳": "燕", "超": "潮", "颖": "莹", "琪": "琦", "涵": "含", "怡": "仪",
    ]
    static let lookalikes: [Character: Character] = ["己": "已", "未": "末", "士": "土", "天": "夭", "王": "玉", "日": "曰", "于": "干", "人": "入"]

    /// Applies an ID quirk; `adult` allows the 15-digit legacy form.
    static func apply(_ quirk: IDQuirk, to number: String, using random: inout SeededGenerator) -> String {
        var chars = Array(number)
        switch quirk {
        case .typo:
            let i = Int.random(in: 6...16, using: &random)
            let digit = Int(String(chars[i])) ?? 0
            chars[i] = Character(String((digit + Int.random(in: 1...9, using: &random)) % 10))
            return String(chars)
        case .transposition:
            for _ in 0..<20 {
                let i = Int.random(in: 6...15, using: &random)
                if chars[i] != chars[i + 1] {
                    chars.swapAt(i, i + 1)
                    return String(chars)
                }
            }
            return number
        case .lowercaseX: return number.lowercased()
        case .spaces: return "\(number.prefix(6)) \(number.dropFirst(6).prefix(8)) \(number.suffix(4))"
        case .fullWidth: return String(number.map { fullWidthDigits[$0] ?? $0 })
        case .apostrophe: return "'" + number
        case .legacy15: return String(number.prefix(6)) + String(number.dropFirst(8).prefix(6)) + String(number.dropFirst(14).prefix(3))
        case .scientific:
            // What a numeric cell shows: 4.20102199001011E+17 (15 significant digits).
            let digits = number.prefix(15)
            return "\(digits.prefix(1)).\(digits.dropFirst())E+17"
        case .scientificShort: return shortScientific(number)
        case .lostDigits: return String(number.prefix(15)) + "000"
        case .blank: return ""
        }
    }

    /// `422822199001011234` → `4.22822E+17`: the first seven digits rounded to six, trailing zeros dropped.
    static func shortScientific(_ number: String) -> String {
        let leading = Int(number.prefix(7)) ?? 0
        var digits = String((leading + 5) / 10)
        if digits.count > 6 { digits = String(digits.prefix(6)) }  // 999999.5 rounds up to 1.00000E+18; never a real division code
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        let mantissa = digits.count > 1 ? "\(digits.prefix(1)).\(digits.dropFirst())" : digits
        return mantissa + "E+17"
    }

    static func apply(_ quirk: NameQuirk, to name: String, using random: inout SeededGenerator) -> String? {
        let chars = Array(name)
        switch quirk {
        case .space:
            guard chars.count >= 2, !name.contains("·") else { return nil }
            return String(chars[0]) + " " + String(chars.dropFirst())
        case .fullWidthSpace:
            guard chars.count >= 2, !name.contains("·") else { return nil }
            return String(chars[0]) + "\u{3000}" + String(chars.dropFirst())
        case .traditional:
            let converted = String(chars.map { traditional[$0] ?? $0 })
            return converted == name ? nil : converted
        case .homophone:
            guard let i = chars.indices.last(where: { homophones[chars[$0]] != nil }), let swap = homophones[chars[i]] else { return nil }
            var copy = chars
            copy[i] = swap
            return String(copy)
        case .lookalike:
            guard let i = chars.indices.last(where: { lookalikes[chars[$0]] != nil }), let swap = lookalikes[chars[i]] else { return nil }
            var copy = chars
            copy[i] = swap
            return String(copy)
        case .dotVariant:
            guard name.contains("·") else { return nil }
            return name.replacingOccurrences(of: "·", with: random.pick([".", "•", "", "・", "．"]))
        }
    }
}
