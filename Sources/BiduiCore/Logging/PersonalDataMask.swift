/// Masks ID numbers in free text before it reaches a log or a shared report.
///
/// Any run of 14 or more digits (ASCII or full-width, spaces inside allowed, an X at the end)
/// keeps its first 6 and last 4 characters: `420102********123X`. Shorter numbers (row numbers,
/// counts, amounts, school codes) pass unchanged.
public enum PersonalDataMask {
    public static func maskIDNumbers(in text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard isDigit(scalars[index]) else {
                out.append(scalars[index])
                index += 1
                continue
            }
            // Collect a run of digits with single inner spaces, and a trailing X.
            var end = index
            var digits: [Unicode.Scalar] = []
            var last = index
            while end < scalars.count {
                let s = scalars[end]
                if isDigit(s) {
                    digits.append(s)
                    last = end
                    end += 1
                } else if (s == " " || s == "\u{3000}"), end + 1 < scalars.count, isDigit(scalars[end + 1]) {
                    end += 1
                } else if (s == "X" || s == "x" || s == "Ｘ" || s == "ｘ"), !digits.isEmpty {
                    digits.append(s)
                    last = end
                    end += 1
                    break
                } else {
                    break
                }
            }
            if digits.count >= 14 {
                let kept = digits.count - 10
                for s in digits.prefix(6) { out.append(s) }
                for _ in 0..<kept { out.append("*") }
                for s in digits.suffix(4) { out.append(s) }
            } else {
                for s in scalars[index...last] { out.append(s) }
            }
            index = last + 1
        }
        return String(out)
    }

    /// One ID number masked for display: 6 + 4 characters kept.
    public static func mask(idNumber: String) -> String {
        let chars = Array(idNumber)
        guard chars.count > 10 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(6)) + String(repeating: "*", count: chars.count - 10) + String(chars.suffix(4))
    }

    /// A name masked for a shared report: its first character kept, the rest starred, and the last
    /// kept too from three characters on (张*, 欧**涵, 买买提·**江).
    public static func mask(name: String) -> String {
        let chars = Array(name)
        switch chars.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(chars[0]) + "*"
        default:
            let inner = chars.dropFirst().dropLast().map { $0 == "·" || $0 == "•" ? String($0) : "*" }.joined()
            return String(chars[0]) + inner + String(chars[chars.count - 1])
        }
    }

    /// A message's quotation of a data row's cells ("row 1: a, b, c"), for logs and the summary:
    /// ID numbers masked, and every cell that could be a person's name (two to four Chinese
    /// characters, or Chinese characters around a middle dot) masked unless it is a known header.
    public static func maskCellQuotation(_ text: String) -> String {
        let masked = maskIDNumbers(in: text)
        var prefix = ""
        var body = Substring(masked)
        if let colon = body.range(of: ": "), body[..<colon.lowerBound].hasPrefix("row ") {
            prefix = String(body[..<colon.upperBound])
            body = body[colon.upperBound...]
        }
        return prefix + body.components(separatedBy: ", ").map { cell in
            couldBeName(cell) ? mask(name: cell.trimmingCharacters(in: .whitespaces)) : cell
        }.joined(separator: ", ")
    }

    private static let headerTexts: Set<String> = Set(ColumnAliases.builtIn.values.joined().map(HeaderText.normalized))

    private static func couldBeName(_ cell: String) -> Bool {
        let scalars = cell.unicodeScalars.filter { $0 != " " && $0 != "\u{3000}" }
        let dots = scalars.filter { $0 == "·" || $0 == "•" || $0 == "・" || $0 == "‧" }.count
        let han = scalars.filter { (0x3400...0x9FFF).contains($0.value) || (0x20000...0x3FFFF).contains($0.value) }.count
        guard han + dots == scalars.count, han >= 2 else { return false }
        guard dots > 0 || han <= 4 else { return false }
        return !headerTexts.contains(HeaderText.normalized(cell))
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool {
        (0x30...0x39).contains(s.value) || (0xFF10...0xFF19).contains(s.value)
    }
}
