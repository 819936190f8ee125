import Foundation
import BiduiCore

/// A date as departments write it, read by hand (no DateFormatter per row): `2013-09-01`,
/// `2013/9/1`, `20130901`, `2013年9月1日`, `2013.9.1`, an Excel serial number (`41518`), with or
/// without a time; and `2013.9` or `2013年9月`, which give only a month.
public struct DateText: Sendable, Equatable {
    public enum Precision: Sendable, Equatable { case day, month }

    public let date: CalendarDate
    /// `.month` when the text gave no day (the date then holds day 1).
    public let precision: Precision

    public init?(_ raw: String) {
        var groups: [[UInt8]] = []
        var current: [UInt8] = []
        var sawTime = false
        for scalar in raw.unicodeScalars {
            var v = scalar.value
            if v >= 0xFF10 && v <= 0xFF19 { v -= 0xFEE0 }
            if v >= 0x30 && v <= 0x39 {
                current.append(UInt8(v))
            } else {
                if !current.isEmpty { groups.append(current); current = [] }
                // A time after the date ("2013-09-01 08:30:00", "…T00:00:00") is not part of it.
                if v == 0x20 || v == 0x54 || v == 0x3A { if groups.count >= 3 || (groups.count == 1 && groups[0].count == 8) { sawTime = true; break } }
            }
        }
        if !sawTime && !current.isEmpty { groups.append(current) }
        let digits = groups.map { Int(String(decoding: $0, as: UTF8.self)) ?? -1 }
        let text = raw.trimmingCharacters(in: .whitespaces)
        switch groups.count {
        case 1 where groups[0].count == 8:
            guard let date = CalendarDate(year: digits[0] / 10000, month: digits[0] / 100 % 100, day: digits[0] % 100) else { return nil }
            self.init(date: date, precision: .day)
        case 1 where (groups[0].count == 5 || groups[0].count == 4) && !text.contains("年"):
            // An Excel serial number: 1 = 1900-01-01; 10000…60000 covers 1927…2064.
            guard digits[0] >= 10000, digits[0] <= 80000, let date = ExcelSerialDate.date(serial: digits[0]) else { return nil }
            self.init(date: date, precision: .day)
        case 2 where groups[0].count == 4:
            guard let date = CalendarDate(year: digits[0], month: digits[1], day: 1) else { return nil }
            self.init(date: date, precision: .month)
        case 3 where groups[0].count == 4:
            guard let date = CalendarDate(year: digits[0], month: digits[1], day: digits[2]) else { return nil }
            self.init(date: date, precision: .day)
        default:
            return nil
        }
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
        switch text.trimmingCharacters(in: .whitespaces).uppercased() {
        case "男", "1", "M", "MALE", "男性": self = .male
        case "女", "2", "F", "FEMALE", "女性": self = .female
        default: return nil
        }
    }
}
