import BiduiCore

/// A cell to write: text stays text in every format (ID numbers must never become numbers).
public enum SpreadsheetCell: Sendable, Equatable {
    case text(String)
    /// A number as it should appear, e.g. `625` or `1000.5`.
    case number(String)
    case date(CalendarDate)
    case empty
}

enum XMLText {
    /// Escapes markup characters and drops characters XML 1.0 cannot hold (most C0 controls).
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
