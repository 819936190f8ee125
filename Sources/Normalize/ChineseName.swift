import Foundation

/// A person's name as a row gave it, made comparable: the display form keeps what the officer
/// typed (less stray spaces); the comparison form removes width, spaces and middle dots and maps
/// traditional to simplified characters; the pinyin key catches homophone typos (张伟/张玮).
public struct ChineseName: Sendable, Equatable, Hashable {
    public let raw: String
    /// NFKC (full width made half width), spaces and invisible characters removed, every middle dot as ·.
    public let display: String
    /// Display form without dots, in simplified characters: equal names compare equal.
    public let comparison: String
    /// Toneless pinyin of the comparison form, syllables joined by spaces, each character by its most
    /// common reading; surnames read as surnames (单 shan, 曾 zeng…), ü kept apart from u (吕 lü ≠ 卢 lu).
    public let pinyin: String
    /// Every reading of each syllable, alternatives joined by commas (`zhang chong,zhong qing`); equal
    /// to `pinyin` when no character of the given name is polyphonic.
    public let readings: String

    public init(_ raw: String) {
        self.raw = raw
        var scratch = NameScratch()
        UTF8Scalars.withBytes(raw) { ChineseNameParser.parse($0, into: &scratch) }
        display = String(decoding: scratch.display, as: UTF8.self)
        comparison = String(decoding: scratch.comparison, as: UTF8.self)
        pinyin = String(decoding: scratch.pinyin, as: UTF8.self)
        readings = scratch.readings.isEmpty ? pinyin : String(decoding: scratch.readings, as: UTF8.self)
    }

    /// True when the two names are the same person's name written differently (width, spaces, dots,
    /// traditional characters): not an identity conflict.
    public func isSameName(as other: ChineseName) -> Bool { comparison == other.comparison }

    /// True when the names are written differently but may sound alike: a homophone typo.
    public func isHomophone(of other: ChineseName) -> Bool {
        comparison != other.comparison && Self.readingsOverlap(readings, other.readings)
    }

    /// Two reading keys overlap when they have as many syllables and each position shares a reading
    /// (重 zhong,chong meets 崇 chong).
    public static func readingsOverlap(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let x = a.split(separator: " "), y = b.split(separator: " ")
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where p != q {
            let ps = p.split(separator: ","), qs = q.split(separator: ",")
            guard ps.contains(where: qs.contains) else { return false }
        }
        return true
    }
}

/// Reusable output buffers of the name parse.
struct NameScratch {
    var display: [UInt8] = []
    var comparison: [UInt8] = []
    var pinyin: [UInt8] = []
    /// Empty when no character is polyphonic.
    var readings: [UInt8] = []
    var scalars: [UInt32] = []
}

/// The byte-level name parse behind `ChineseName`, also run directly by the stage on each cell.
enum ChineseNameParser {
    static func parse(_ input: UnsafeBufferPointer<UInt8>, into s: inout NameScratch) {
        // NFKC only when something needs it: CJK ideographs, plain ASCII and dots are already in form.
        if !keys(input, into: &s, stopForCompatibility: true) {
            let mapped = String(decoding: input, as: UTF8.self).precomposedStringWithCompatibilityMapping
            UTF8Scalars.withBytes(mapped) { _ = keys($0, into: &s, stopForCompatibility: false) }
        }
    }

    /// Every middle dot and its stand-ins: · • ‧ ・ ･ . ． ∙ ⋅ and a few look-alikes.
    @inline(__always)
    static func isDot(_ v: UInt32) -> Bool {
        switch v {
        case 0xB7, 0x2022, 0x2027, 0x30FB, 0xFF65, 0x2E, 0xFF0E, 0x2219, 0x22C5, 0x387, 0x16EB, 0x2E31: true
        default: false
        }
    }

    /// Fills the keys; returns false, having stopped, when `stopForCompatibility` and a character
    /// needs NFKC first (full-width letters, compatibility ideographs…).
    private static func keys(_ p: UnsafeBufferPointer<UInt8>, into s: inout NameScratch, stopForCompatibility: Bool) -> Bool {
        s.display.removeAll(keepingCapacity: true)
        s.comparison.removeAll(keepingCapacity: true)
        s.pinyin.removeAll(keepingCapacity: true)
        s.readings.removeAll(keepingCapacity: true)
        s.scalars.removeAll(keepingCapacity: true)
        var i = 0
        while i < p.count {
            let v = UTF8Scalars.decode(p, &i)
            if UTF8Scalars.isBlank(v) { continue }
            if isDot(v) { s.display.append(0xC2); s.display.append(0xB7); continue }
            if stopForCompatibility && v >= 0x80 && !(0x3400...0x9FFF).contains(v) && !(0x20000...0x3FFFF).contains(v) { return false }
            UTF8Scalars.append(v, to: &s.display)
            let simple = PinyinTables.simplified(v)
            UTF8Scalars.append(simple, to: &s.comparison)
            s.scalars.append(simple)
        }
        let tables = PinyinTables.shared
        var start = 0
        if s.scalars.count >= 3, let compound = tables.compoundSurnames[UInt64(s.scalars[0]) << 32 | UInt64(s.scalars[1])] {
            s.pinyin.append(contentsOf: compound)
            start = 2
        } else if let first = s.scalars.first, let surname = tables.surnames[first] {
            s.pinyin.append(contentsOf: surname)
            start = 1
        }
        var polyphonic = false
        let surnameLength = s.pinyin.count
        for k in start..<s.scalars.count {
            if !s.pinyin.isEmpty { s.pinyin.append(0x20) }
            let v = s.scalars[k]
            if let span = tables.readings(of: v) {
                var end = span.start
                while end < span.end && tables.readingBytes[end] != 0x2C { end += 1 }
                s.pinyin.append(contentsOf: tables.readingBytes[span.start..<end])
                if end < span.end { polyphonic = true }
            } else if v >= 0x41 && v <= 0x5A {
                s.pinyin.append(UInt8(v + 0x20))
            } else {
                UTF8Scalars.append(v, to: &s.pinyin)
            }
        }
        guard polyphonic else { return true }
        // The same syllables again with every reading of each character.
        s.readings.append(contentsOf: s.pinyin[0..<surnameLength])
        for k in start..<s.scalars.count {
            if !s.readings.isEmpty { s.readings.append(0x20) }
            let v = s.scalars[k]
            if let span = tables.readings(of: v) {
                s.readings.append(contentsOf: tables.readingBytes[span.start..<span.end])
            } else if v >= 0x41 && v <= 0x5A {
                s.readings.append(UInt8(v + 0x20))
            } else {
                UTF8Scalars.append(v, to: &s.readings)
            }
        }
        return true
    }
}

/// The Unihan-derived tables, built once on first use as flat arrays indexed by code point.
final class PinyinTables: Sendable {
    static let shared = PinyinTables()

    /// CJK Extension A and the Unified Ideographs block: the characters of almost every name.
    private static let base: UInt32 = 0x3400, limit: UInt32 = 0xA000

    /// Readings of every character, each character's as "zhong,chong".
    let readingBytes: [UInt8]
    /// Per character in base..<limit: its readings' start and end in `readingBytes` (equal: none).
    private let spans: [UInt32]
    private let otherSpans: [UInt32: (Int, Int)]
    private let simplifiedBlock: [UInt32]
    private let otherSimplified: [UInt32: UInt32]
    let surnames: [UInt32: [UInt8]]
    let compoundSurnames: [UInt64: [UInt8]]

    /// Surnames whose reading differs from the character's most common one, and compound surnames.
    static let surnameReadings: [String: String] = [
        "单": "shan", "曾": "zeng", "解": "xie", "区": "ou", "仇": "qiu", "朴": "piao", "查": "zha", "盖": "ge",
        "乐": "yue", "缪": "miao", "覃": "qin", "翟": "zhai", "种": "chong", "冼": "xian", "黑": "he", "召": "shao",
        "秘": "bi", "繁": "po", "员": "yun", "宿": "su", "句": "gou", "长": "chang", "重": "chong", "尉迟": "yu chi",
        "万俟": "mo qi", "长孙": "zhang sun", "单于": "chan yu", "澹台": "tan tai", "令狐": "ling hu", "纪": "ji",
        "折": "she", "那": "na", "费": "fei", "莘": "shen", "隗": "wei", "尉": "yu", "柏": "bai", "薄": "bo",
    ]

    private init() {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(400_000)
        var spans = [UInt32](repeating: 0, count: Int(Self.limit - Self.base) * 2)
        var other: [UInt32: (Int, Int)] = [:]
        for line in Array(PinyinData.text.utf8).split(separator: 0x0A) {
            guard let space = line.firstIndex(of: 0x20) else { continue }
            let scalar = String(decoding: line[line.startIndex..<space], as: UTF8.self).unicodeScalars.first.map(\.value) ?? 0
            let start = bytes.count
            bytes.append(contentsOf: line[(space + 1)...])
            if scalar >= Self.base && scalar < Self.limit {
                spans[Int(scalar - Self.base) * 2] = UInt32(start)
                spans[Int(scalar - Self.base) * 2 + 1] = UInt32(bytes.count)
            } else {
                other[scalar] = (start, bytes.count)
            }
        }
        var block = [UInt32](repeating: 0, count: Int(Self.limit - Self.base))
        var otherSimplified: [UInt32: UInt32] = [:]
        for line in SimplifiedData.pairs.split(separator: "\n") {
            let scalars = Array(line.unicodeScalars)
            var i = 0
            while i + 1 < scalars.count {
                let from = scalars[i].value, to = scalars[i + 1].value
                if from >= Self.base && from < Self.limit { block[Int(from - Self.base)] = to } else { otherSimplified[from] = to }
                i += 2
            }
        }
        var surnames: [UInt32: [UInt8]] = [:], compounds: [UInt64: [UInt8]] = [:]
        for (name, reading) in Self.surnameReadings {
            let scalars = name.unicodeScalars.map(\.value)
            if scalars.count == 1 { surnames[scalars[0]] = Array(reading.utf8) } else { compounds[UInt64(scalars[0]) << 32 | UInt64(scalars[1])] = Array(reading.utf8) }
        }
        readingBytes = bytes
        self.spans = spans
        otherSpans = other
        simplifiedBlock = block
        self.otherSimplified = otherSimplified
        self.surnames = surnames
        compoundSurnames = compounds
    }

    @inline(__always)
    func readings(of v: UInt32) -> (start: Int, end: Int)? {
        if v >= Self.base && v < Self.limit {
            let k = Int(v - Self.base) * 2
            let start = Int(spans[k]), end = Int(spans[k + 1])
            return end > start ? (start, end) : nil
        }
        return otherSpans[v].map { (start: $0.0, end: $0.1) }
    }

    @inline(__always)
    static func simplified(_ v: UInt32) -> UInt32 {
        if v >= base && v < limit {
            let s = shared.simplifiedBlock[Int(v - base)]
            return s == 0 ? v : s
        }
        if v < 0x2E80 { return v }
        return shared.otherSimplified[v] ?? v
    }
}
