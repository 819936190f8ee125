import Foundation

/// A run's links.csv against an expected one: which input rows belong to another person than
/// expected, and which rows are missing or new. Match scores are not compared (they move a little
/// whenever the model's estimates do; the persons are what findings rest on).
public struct LinkComparison: Sendable {
    /// `file|sheet|row` → person id.
    public typealias Rows = [String: String]

    public var missing: [String] = []
    public var unexpected: [String] = []
    /// (row, expected person, actual person).
    public var moved: [(String, String, String)] = []
    public var matching = 0

    public var isEmpty: Bool { missing.isEmpty && unexpected.isEmpty && moved.isEmpty }

    public init(expected: Rows, actual: Rows) {
        for (row, person) in actual.sorted(by: { $0.key < $1.key }) {
            guard let wanted = expected[row] else { unexpected.append(row); continue }
            if wanted == person { matching += 1 } else { moved.append((row, wanted, person)) }
        }
        missing = expected.keys.filter { actual[$0] == nil }.sorted()
    }

    /// Reads links.csv (header `file,sheet,row,person_id,match_score`).
    public static func rows(_ url: URL) throws -> Rows {
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: Rows = [:]
        for (index, record) in parse(text).enumerated() where index > 0 && record.count >= 4 {
            rows["\(record[0])|\(record[1])|\(record[2])"] = record[3]
        }
        return rows
    }

    /// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false, afterQuote = false
        for c in text {
            if quoted {
                if c == "\"" { quoted = false; afterQuote = true } else { field.append(c) }
                continue
            }
            switch c {
            case "\"":
                if afterQuote { field.append("\"") }
                quoted = true
                afterQuote = false
            case ",":
                record.append(field); field = ""; afterQuote = false
            case "\r\n", "\n", "\r":
                record.append(field); field = ""; afterQuote = false
                records.append(record); record = []
            default:
                field.append(c); afterQuote = false
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    public var report: String {
        var lines = ["\(matching) rows as expected; missing \(missing.count), unexpected \(unexpected.count), in another person \(moved.count)"]
        lines += missing.prefix(50).map { "  missing:    \($0)" }
        lines += unexpected.prefix(50).map { "  unexpected: \($0)" }
        lines += moved.prefix(50).map { "  moved:      \($0.0): \($0.1) → \($0.2)" }
        return lines.joined(separator: "\n")
    }
}
