import BiduiCore

/// A resident identity number (GB 11643-1999) as a row gave it, cleaned and checked.
///
/// Keeps the raw text; a valid number is always 18 characters with an upper-case X. An invalid one
/// keeps its cleaned text (for matching typo'd numbers) and the reason it is invalid.
public struct IDNumber: Sendable, Equatable {
    public enum Problem: String, Sendable, CaseIterable {
        case wrongLength = "wrong_length"
        case notDigits = "not_digits"
        case badDate = "bad_date"
        case futureDate = "future_date"
        case before1900 = "before_1900"
        case badCheckCharacter = "bad_check_character"
        /// Excel showed the number as 4.20102E+17: its last digits are gone.
        case scientificNotation = "scientific_notation"
        /// Excel kept 15 significant digits and padded with 000: the real last digits are gone.
        case lostDigits = "lost_digits"

        var index: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    }

    /// Quality flags of a number that is valid but deserves a look.
    public enum Flag: String, Sendable {
        /// The spreadsheet stored it as a number, where digits can silently be lost.
        case numericCell = "numeric_cell"
        /// It ends in 000, as Excel's 15-digit loss leaves numbers (valid by chance of the check character).
        case trailingZeros = "trailing_zeros"
        /// Given in the 15-digit legacy form and converted.
        case fifteenDigits = "fifteen_digits"
        /// Taken from a 学籍号 (G + the ID number).
        case fromStudentNumber = "from_student_number"
    }

    public let raw: String
    /// The cleaned text: spaces, apostrophes and invisible characters removed, full width made ASCII, x made X.
    public let cleaned: String
    /// The valid 18-character number, or nil.
    public let valid: String?
    public let problem: Problem?
    public let flags: [Flag]

    public var isValid: Bool { valid != nil }
    public var isEmpty: Bool { cleaned.isEmpty }

    /// Birth date encoded in a valid number.
    public var birthDate: CalendarDate? { valid.flatMap(IDNumberChecksum.birthDate(of:)) }

    /// Odd sequence numbers are men.
    public var isMale: Bool? {
        guard let valid else { return nil }
        return (Int(valid.utf8[valid.utf8.index(valid.utf8.startIndex, offsetBy: 16)]) - 48) % 2 == 1
    }

    /// Where the number was first issued (GB/T 2260), not where the person lives now.
    public var divisionCode: String? { valid.map { String($0.prefix(6)) } }

    /// Reads a cell; `numericCell` says whether the spreadsheet stored it as a number, `today` bounds birth dates.
    public init(raw: String, numericCell: Bool = false, today: CalendarDate) {
        self.raw = raw
        var scratch = IDNumberParser.Scratch()
        let outcome = UTF8Scalars.withBytes(raw) { IDNumberParser.parse($0, numericCell: numericCell, today: today, into: &scratch) }
        cleaned = String(decoding: scratch.cleaned, as: UTF8.self)
        valid = scratch.valid.isEmpty ? nil : String(decoding: scratch.valid, as: UTF8.self)
        problem = outcome.problem
        flags = outcome.flags
    }

    /// The ID number inside a 学籍号 ("G" + 18 characters); nil for J… and L… numbers, which carry none.
    public static func fromStudentNumber(_ raw: String, today: CalendarDate) -> IDNumber? {
        let number = IDNumber(raw: raw, today: today)
        return number.flags.contains(.fromStudentNumber) ? number : nil
    }
}

/// The byte-level parse behind `IDNumber`, also run directly by the stage on each cell (no `String`).
enum IDNumberParser {
    /// Reusable buffers: the cleaned text, and the valid 18-byte number (empty when invalid).
    struct Scratch {
        var cleaned: [UInt8] = []
        var valid: [UInt8] = []
        init() {
            cleaned.reserveCapacity(32)
            valid.reserveCapacity(18)
        }
    }

    struct Outcome {
        var problem: IDNumber.Problem?
        /// Bits: 1 numeric cell, 2 trailing zeros, 4 fifteen digits, 8 from a 学籍号.
        var bits: UInt8 = 0

        static let numericCell: UInt8 = 1, trailingZeros: UInt8 = 2, fifteenDigits: UInt8 = 4, fromStudentNumber: UInt8 = 8

        var flags: [IDNumber.Flag] {
            var flags: [IDNumber.Flag] = []
            if bits & Self.fromStudentNumber != 0 { flags.append(.fromStudentNumber) }
            if bits & Self.numericCell != 0 { flags.append(.numericCell) }
            if bits & Self.fifteenDigits != 0 { flags.append(.fifteenDigits) }
            if bits & Self.trailingZeros != 0 { flags.append(.trailingZeros) }
            return flags
        }
    }


    static func parse(_ input: UnsafeBufferPointer<UInt8>, numericCell: Bool, today: CalendarDate, into scratch: inout Scratch) -> Outcome {
        clean(input, into: &scratch.cleaned)
        scratch.valid.removeAll(keepingCapacity: true)
        var outcome = Outcome()
        // A 学籍号: G + the 18-character number.
        if scratch.cleaned.count == 19 && scratch.cleaned[0] == UInt8(ascii: "G") {
            scratch.cleaned.removeFirst()
            outcome.bits |= Outcome.fromStudentNumber
        }
        guard !scratch.cleaned.isEmpty else { return outcome }
        if numericCell { outcome.bits |= Outcome.numericCell }
        let (problem, fifteen) = check(scratch.cleaned, today: today, valid: &scratch.valid)
        outcome.problem = problem
        if fifteen { outcome.bits |= Outcome.fifteenDigits }
        // A 15-digit number cannot have lost digits to Excel; only a given 18-digit one ending in 000 is suspicious.
        if problem == nil && !fifteen && scratch.valid[15] == 0x30 && scratch.valid[16] == 0x30 && scratch.valid[17] == 0x30 { outcome.bits |= Outcome.trailingZeros }
        return outcome
    }

    /// Removes white space of every width, apostrophes, quotes, hyphens and invisible characters;
    /// maps full width to ASCII; x to X and g to G (a 学籍号's prefix).
    static func clean(_ p: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = 0
        while i < p.count {
            var v = UTF8Scalars.decode(p, &i)
            switch v {
            case 0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000, 0x2000...0x200D, 0x202F, 0x205F, 0x2060, 0xFEFF, 0xAD: continue
            case 0x27, 0x60, 0x2018, 0x2019, 0xFF07, 0x22, 0x201C, 0x201D, 0xFF02: continue
            // Hyphens and dashes some people group the digits with: 420102-19900101-113X.
            case 0x2D, 0x2010...0x2015, 0x2212, 0xFF0D: continue
            case 0xFF01...0xFF5E: v -= 0xFEE0
            default: break
            }
            if v == 0x78 { v = 0x58 }
            if v == 0x67 { v = 0x47 }
            UTF8Scalars.append(v, to: &out)
        }
    }

    private static func check(_ text: [UInt8], today: CalendarDate, valid: inout [UInt8]) -> (IDNumber.Problem?, Bool) {
        if isScientific(text) { return (.scientificNotation, false) }
        var fifteen = false
        if text.count == 15 {
            guard text.allSatisfy(isDigit) else { return (.notDigits, false) }
            valid.append(contentsOf: text[0..<6])
            valid.append(0x31); valid.append(0x39)
            valid.append(contentsOf: text[6...])
            valid.append(checkCharacter(valid))
            fifteen = true
        } else {
            guard text.count == 18 else { return (.wrongLength, false) }
            valid.append(contentsOf: text)
        }
        func fail(_ problem: IDNumber.Problem) -> (IDNumber.Problem?, Bool) {
            valid.removeAll(keepingCapacity: true)
            return (problem, fifteen)
        }
        let allDigits = valid.withUnsafeBufferPointer { v in
            var ok = true
            for k in 0..<17 { ok = ok && v[k] &- 0x30 < 10 }
            return ok && (v[17] &- 0x30 < 10 || v[17] == UInt8(ascii: "X"))
        }
        guard allDigits else { return fail(.notDigits) }
        let year = digits(valid, 6, 4), month = digits(valid, 10, 2), day = digits(valid, 12, 2)
        guard let born = CalendarDate(year: year, month: month, day: day) else { return fail(.badDate) }
        if year < 1900 { return fail(.before1900) }
        if born > today { return fail(.futureDate) }
        guard checkCharacter(valid) == valid[17] else {
            return fail(valid[15] == 0x30 && valid[16] == 0x30 && valid[17] == 0x30 ? .lostDigits : .badCheckCharacter)
        }
        return (nil, fifteen)
    }

    /// The check character of the first 17 digits of `number` (which must be digits).
    @inline(__always)
    static func checkCharacter(_ number: [UInt8]) -> UInt8 {
        number.withUnsafeBufferPointer { n in
            // Weights 2^(17-k) mod 11: 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2.
            let d = { (k: Int) in Int(n[k] &- 0x30) }
            var sum = 7 * d(0) + 9 * d(1) + 10 * d(2) + 5 * d(3) + 8 * d(4) + 4 * d(5) + 2 * d(6) + d(7) + 6 * d(8)
            sum += 3 * d(9) + 7 * d(10) + 9 * d(11) + 10 * d(12) + 5 * d(13) + 8 * d(14) + 4 * d(15) + 2 * d(16)
            // "10X98765432"
            switch sum % 11 {
            case 0: return 0x31
            case 1: return 0x30
            case 2: return 0x58
            case let r: return UInt8(0x30 + 12 - r)
            }
        }
    }

    @inline(__always)
    private static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int {
        bytes.withUnsafeBufferPointer { b in
            var value = 0
            for k in start..<(start + count) { value = value * 10 + Int(b[k] &- 0x30) }
            return value
        }
    }

    /// `4.20102199001011E+17`, `4.2E17`, `4,20102E+17` (a comma-decimal locale): what a numeric cell
    /// shows for an 18-digit number.
    private static func isScientific(_ bytes: [UInt8]) -> Bool {
        guard let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "e") }), e > 0 else { return false }
        let mantissa = bytes[..<e], exponent = bytes[(e + 1)...].drop { $0 == UInt8(ascii: "+") }
        return !exponent.isEmpty && exponent.allSatisfy(isDigit)
            && mantissa.allSatisfy { isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") } && mantissa.contains(where: isDigit)
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
