import Foundation
import BiduiCore

/// A date as departments write it, read by hand (no DateFormatter per row): `2013-09-01`,
/// `2013/9/1`, `20130901`, `2013年9月1日`, `2013.9.1`, an Excel serial number (`41518`), with or
/// without a time; and `2013.9`, `2013年9月` or `201309`, which give only a month.
public struct DateText: Sendable, Equatable {
    public enum Precision: Sendable, Equatable { case day, month }

    public let date: CalendarDate
    /// `.month` when the text gave no day (the date then holds day 1).
    public let precision: Precision

    public init?(_ raw: String) {
        guard let parsed = UTF8Scalars.withBytes(raw, Self.parse) else { return nil }
        self = parsed
    }

    /// The byte-level parse, run by the stage on each cell without building a `String`.
    static func parse(_ p: UnsafeBufferPointer<UInt8>) -> DateText? {
        // Up to three groups of digits (ASCII or full width), and whether the text holds 年.
        var values = (0, 0, 0), lengths = (0, 0, 0)
        var groups = 0, current = 0, length = 0, sawYearCharacter = false
        var i = 0
        scan: while i < p.count {
            var v = UTF8Scalars.decode(p, &i)
            if v >= 0xFF10 && v <= 0xFF19 { v -= 0xFEE0 }
            if v >= 0x30 && v <= 0x39 {
                current = current &* 10 &+ Int(v - 0x30)
                length += 1
                continue
            }
            if v == 0x5E74 { sawYearCharacter = true }
            if length > 0 {
                groups += 1
                switch groups {
                case 1: values.0 = current; lengths.0 = length
                case 2: values.1 = current; lengths.1 = length
                case 3: values.2 = current; lengths.2 = length
                default: return nil
                }
                current = 0
                length = 0
            }
            // A time after the date ("2013-09-01 08:30:00", "…T00:00:00") is not part of it.
            if (v == 0x20 || v == 0x54 || v == 0x3A) && (groups >= 3 || (groups == 1 && lengths.0 == 8)) { break scan }
        }
        if length > 0 && i >= p.count {
            groups += 1
            switch groups {
            case 1: values.0 = current; lengths.0 = length
            case 2: values.1 = current; lengths.1 = length
            case 3: values.2 = current; lengths.2 = length
            default: return nil
            }
        }
        switch groups {
        case 1 where lengths.0 == 8:
            guard let date = CalendarDate(year: values.0 / 10000, month: values.0 / 100 % 100, day: values.0 % 100) else { return nil }
            return DateText(date: date, precision: .day)
        case 1 where lengths.0 == 6:
            // 202107: a month, as civil-affairs rosters write 起始年月.
            guard let date = CalendarDate(year: values.0 / 100, month: values.0 % 100, day: 1) else { return nil }
            return DateText(date: date, precision: .month)
        case 1 where (lengths.0 == 5 || lengths.0 == 4) && !sawYearCharacter:
            // An Excel serial number: 1 = 1900-01-01; 10000…80000 covers 1927…2119.
            guard values.0 >= 10000, values.0 <= 80000, let date = ExcelSerialDate.date(serial: values.0) else { return nil }
            return DateText(date: date, precision: .day)
        case 2 where lengths.0 == 4:
            guard let date = CalendarDate(year: values.0, month: values.1, day: 1) else { return nil }
            return DateText(date: date, precision: .month)
        case 3 where lengths.0 == 4:
            guard lengths.1 <= 2, lengths.2 <= 2, let date = CalendarDate(year: values.0, month: values.1, day: values.2) else { return nil }
            return DateText(date: date, precision: .day)
        default:
            return nil
        }
    }

    /// Writes `2013-09-01`, or `2013-09` when the text gave only a month, into `out` (10 bytes); returns the length.
    func iso(into out: UnsafeMutablePointer<UInt8>) -> Int {
        let y = date.year, m = date.month, d = date.day
        out[0] = UInt8(48 + y / 1000 % 10); out[1] = UInt8(48 + y / 100 % 10); out[2] = UInt8(48 + y / 10 % 10); out[3] = UInt8(48 + y % 10)
        out[4] = 0x2D; out[5] = UInt8(48 + m / 10); out[6] = UInt8(48 + m % 10)
        guard precision == .day else { return 7 }
        out[7] = 0x2D; out[8] = UInt8(48 + d / 10); out[9] = UInt8(48 + d % 10)
        return 10
    }

    public init(date: CalendarDate, precision: Precision) {
        self.date = date
        self.precision = precision
    }
}


/// Sex as departments write it: 男/女, 1/2 (the national standard's codes), M/F.
public enum Sex: String, Sendable {
    case male = "男", female = "女"

    public init?(text: String) {
        guard let sex = UTF8Scalars.withBytes(text, Self.parse) else { return nil }
        self = sex
    }

    /// 男 E7 94 B7, 女 E5 A5 B3, 1/2, M/F; anything longer goes through the string comparison.
    static func parse(_ p: UnsafeBufferPointer<UInt8>) -> Sex? {
        let t = UTF8Scalars.trimmed(p)
        if t.count == 3 && t[0] == 0xE7 && t[1] == 0x94 && t[2] == 0xB7 { return .male }
        if t.count == 3 && t[0] == 0xE5 && t[1] == 0xA5 && t[2] == 0xB3 { return .female }
        if t.count == 1 {
            switch t[0] {
            case 0x31, 0x4D, 0x6D: return .male
            case 0x32, 0x46, 0x66: return .female
            default: return nil
            }
        }
        switch String(decoding: t, as: UTF8.self).uppercased() {
        case "男", "1", "M", "MALE", "男性", "男生": return .male
        case "女", "2", "F", "FEMALE", "女性", "女生": return .female
        default: return nil
        }
    }
}
