/// The GB 11643-1999 check character of a resident identity number.
public enum IDNumberChecksum {
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let characters = Array("10X98765432")

    /// The check character for 17 ASCII digits; nil when `body` is not exactly 17 digits.
    public static func checkCharacter(for body: String) -> Character? {
        let digits = body.utf8.map { Int($0) - 48 }
        guard digits.count == 17, digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        return characters[zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11]
    }

    /// The birth date digits 7–14 of an 18-character number encode; nil when they are not a real date.
    public static func birthDate(of number: String) -> CalendarDate? {
        let d = Array(number.utf8).map { Int($0) - 48 }
        guard d.count == 18, d[6..<14].allSatisfy({ (0...9).contains($0) }) else { return nil }
        return CalendarDate(year: d[6] * 1000 + d[7] * 100 + d[8] * 10 + d[9], month: d[10] * 10 + d[11], day: d[12] * 10 + d[13])
    }

    /// True when an 18-character number's last character is its check character.
    public static func isValid(_ number: String) -> Bool {
        guard number.count == 18, let last = number.last else { return false }
        return checkCharacter(for: String(number.prefix(17))) == last
    }
}
