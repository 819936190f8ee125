import BiduiCore

/// A resident identity number (GB 11643-1999) as a row gave it, cleaned and checked.
///
/// Keeps the raw text; a valid number is always 18 characters with an upper-case X. An invalid one
/// keeps its cleaned text (for matching typo'd numbers) and the reason it is invalid.
public struct IDNumber: Sendable, Equatable {
    public enum Problem: String, Sendable {
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
    public var birthDate: CalendarDate? {
        guard let valid else { return nil }
        let d = Array(valid.utf8).map { Int($0) - 48 }
        return CalendarDate(year: d[6] * 1000 + d[7] * 100 + d[8] * 10 + d[9], month: d[10] * 10 + d[11], day: d[12] * 10 + d[13])
    }

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
        var text = Self.clean(raw)
        var flags: [Flag] = []
        if text.hasPrefix("G") && text.count == 19 {
            text.removeFirst()
            flags.append(.fromStudentNumber)
        }
        cleaned = text
        if numericCell { flags.append(.numericCell) }
        let checked = Self.check(text, today: today)
        valid = checked.valid
        problem = text.isEmpty ? nil : checked.problem
        if checked.fifteen { flags.append(.fifteenDigits) }
        if let valid = checked.valid, valid.hasSuffix("000") { flags.append(.trailingZeros) }
        self.flags = flags
    }

    /// The ID number inside a 学籍号 ("G" + 18 characters); nil for J… and L… numbers, which carry none.
    public static func fromStudentNumber(_ raw: String, today: CalendarDate) -> IDNumber? {
        let text = clean(raw)
        guard text.hasPrefix("G"), text.count == 19 else { return nil }
        return IDNumber(raw: raw, today: today)
    }

    /// Removes white space of every width, apostrophes, invisible characters; maps full width to ASCII; x to X.
    static func clean(_ raw: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            var v = scalar.value
            switch v {
            case 0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000, 0x2002...0x200D, 0x2060, 0xFEFF, 0xAD: continue
            case 0x27, 0x60, 0x2018, 0x2019, 0xFF07, 0x22, 0x201C, 0x201D: continue
            case 0xFF01...0xFF5E: v -= 0xFEE0
            default: break
            }
            if v == 0x78 { v = 0x58 }  // x → X
            if v == 0x67 { v = 0x47 }  // g → G (学籍号)
            if let s = Unicode.Scalar(v) { out.append(s) }
        }
        return String(out)
    }

    private static func check(_ text: String, today: CalendarDate) -> (valid: String?, problem: Problem?, fifteen: Bool) {
        let bytes = Array(text.utf8)
        if isScientific(bytes) { return (nil, .scientificNotation, false) }
        var number = bytes
        var fifteen = false
        if bytes.count == 15 {
            guard bytes.allSatisfy(isDigit) else { return (nil, .notDigits, false) }
            let body = String(decoding: bytes.prefix(6) + Array("19".utf8) + bytes.dropFirst(6), as: UTF8.self)
            guard let check = IDNumberChecksum.checkCharacter(for: body) else { return (nil, .notDigits, false) }
            number = Array((body + String(check)).utf8)
            fifteen = true
        }
        guard number.count == 18 else { return (nil, .wrongLength, false) }
        guard number.prefix(17).allSatisfy(isDigit), isDigit(number[17]) || number[17] == UInt8(ascii: "X") else {
            return (nil, .notDigits, fifteen)
        }
        let d = number.map { Int($0) - 48 }
        let year = d[6] * 1000 + d[7] * 100 + d[8] * 10 + d[9]
        guard let born = CalendarDate(year: year, month: d[10] * 10 + d[11], day: d[12] * 10 + d[13]) else { return (nil, .badDate, fifteen) }
        if year < 1900 { return (nil, .before1900, fifteen) }
        if born > today { return (nil, .futureDate, fifteen) }
        let string = String(decoding: number, as: UTF8.self)
        guard IDNumberChecksum.isValid(string) else {
            return (nil, string.hasSuffix("000") ? .lostDigits : .badCheckCharacter, fifteen)
        }
        return (string, nil, fifteen)
    }

    /// `4.20102199001011E+17`, `4.2E17`: what a numeric cell shows for an 18-digit number.
    private static func isScientific(_ bytes: [UInt8]) -> Bool {
        guard let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "e") }), e > 0 else { return false }
        let mantissa = bytes[..<e], exponent = bytes[(e + 1)...].drop { $0 == UInt8(ascii: "+") }
        return !exponent.isEmpty && exponent.allSatisfy(isDigit)
            && mantissa.allSatisfy { isDigit($0) || $0 == UInt8(ascii: ".") } && mantissa.contains(where: isDigit)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
