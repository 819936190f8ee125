import Foundation

/// A person's name as a row gave it, made comparable: the display form keeps what the officer
/// typed (less stray spaces); the comparison form removes width, spaces and middle dots and maps
/// traditional to simplified characters; the pinyin key catches homophone typos (张伟/张玮).
public struct ChineseName: Sendable, Equatable, Hashable {
    public let raw: String
    /// Full width made half width, spaces and invisible characters removed, every middle dot as ·.
    public let display: String
    /// Display form without dots, in simplified characters: equal names compare equal.
    public let comparison: String
    /// Toneless pinyin of the comparison form, syllables joined by spaces; surnames read as surnames
    /// (单 shan, 曾 zeng…), ü kept apart from u (吕 lü ≠ 卢 lu).
    public let pinyin: String

    public init(_ raw: String) {
        self.raw = raw
        var display = String.UnicodeScalarView()
        // NFKC only when something needs it: CJK ideographs and plain ASCII are already in form.
        let plain = raw.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) || $0.value < 0x80 }
        for scalar in (plain ? raw : raw.precomposedStringWithCompatibilityMapping).unicodeScalars {
            switch scalar.value {
            case 0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000, 0x2002...0x200D, 0x2060, 0xFEFF, 0xAD: continue
            // Every middle dot and its stand-ins: · • ‧ ・ ･ . ． ∙ ⋅
            case 0xB7, 0x2022, 0x2027, 0x30FB, 0xFF65, 0x2E, 0xFF0E, 0x2219, 0x22C5, 0x387, 0x16EB, 0x2E31: display.append("·")
            default: display.append(scalar)
            }
        }
        self.display = String(display)
        let comparison = String(String.UnicodeScalarView(display.filter { $0 != "·" }.map(PinyinTables.simplified)))
        self.comparison = comparison
        pinyin = PinyinTables.pinyin(of: comparison)
    }

    /// True when the two names are the same person's name written differently (width, spaces, dots,
    /// traditional characters): not an identity conflict.
    public func isSameName(as other: ChineseName) -> Bool { comparison == other.comparison }

    /// True when the names sound alike but are written differently: a homophone typo.
    public func isHomophone(of other: ChineseName) -> Bool { comparison != other.comparison && pinyin == other.pinyin }
}

/// The Unihan-derived tables, parsed once on first use.
enum PinyinTables {
    static let readings: [Unicode.Scalar: [String]] = {
        var table: [Unicode.Scalar: [String]] = [:]
        table.reserveCapacity(42_000)
        for line in PinyinData.text.split(separator: "\n") {
            guard let space = line.firstIndex(of: " "), let scalar = line[..<space].unicodeScalars.first else { continue }
            table[scalar] = line[line.index(after: space)...].split(separator: ",").map(String.init)
        }
        return table
    }()

    static let simplifiedTable: [Unicode.Scalar: Unicode.Scalar] = {
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for line in SimplifiedData.pairs.split(separator: "\n") {
            let scalars = Array(line.unicodeScalars)
            var i = 0
            while i + 1 < scalars.count {
                table[scalars[i]] = scalars[i + 1]
                i += 2
            }
        }
        return table
    }()

    /// Surnames whose reading differs from the character's most common one, and compound surnames.
    static let surnameReadings: [String: String] = [
        "单": "shan", "曾": "zeng", "解": "xie", "区": "ou", "仇": "qiu", "朴": "piao", "查": "zha", "盖": "ge",
        "乐": "yue", "缪": "miao", "覃": "qin", "翟": "zhai", "种": "chong", "冼": "xian", "黑": "he", "召": "shao",
        "秘": "bi", "繁": "po", "员": "yun", "宿": "su", "句": "gou", "尉迟": "yu chi", "万俟": "mo qi", "长孙": "zhang sun",
        "单于": "chan yu", "澹台": "tan tai", "令狐": "ling hu", "纪": "ji", "折": "she", "那": "na", "费": "fei",
    ]

    static func simplified(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        simplifiedTable[scalar] ?? scalar
    }

    /// The name's pinyin: its surname (one or two characters) read as a surname, the rest by each
    /// character's most common reading.
    static func pinyin(of name: String) -> String {
        let characters = Array(name)
        var syllables: [String] = []
        var start = 0
        if characters.count >= 3, let compound = surnameReadings[String(characters[0...1])] {
            syllables.append(compound)
            start = 2
        } else if let first = characters.first, let surname = surnameReadings[String(first)] {
            syllables.append(surname)
            start = 1
        }
        for character in characters.dropFirst(start) {
            let scalar = character.unicodeScalars.first ?? " "
            syllables.append(readings[scalar]?.first ?? String(character).lowercased())
        }
        return syllables.joined(separator: " ")
    }
}
