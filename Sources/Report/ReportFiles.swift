import BiduiCore
import Foundation
import GRDB
import Writers

/// The flat files of a report: the CSV work list for officers, and the machine contract of DOMAIN.md
/// (`discrepancies.jsonl`, `links.csv`) for CI, cron wrappers and other programs.
enum ReportFiles {
    /// discrepancies.csv: every finding in one file, with a 类别 column; UTF-8 with a byte-order mark
    /// (so Excel shows Chinese) or GB18030.
    static func writeCSV(to url: URL, db: Database, mask: Bool, encoding: ReportSettings.CSVEncoding) throws {
        let writer = try DelimitedTextWriter(url: url, encoding: encoding == .gb18030 ? .gb18030 : .utf8WithBOM)
        try writer.writeRow(WorkListColumns.csvHeaders)
        var findings = try WorkListFindings(db, mask: mask)
        while let item = try findings.next() { try writer.writeRow(WorkListColumns.csvCells(item)) }
        try writer.finish()
    }

    /// discrepancies.jsonl: one finding a line in the stable order, `{"schema":1,…}`; with `mask`, the
    /// names and ID numbers are masked here too.
    static func writeContract(to url: URL, db: Database, mask: Bool) throws -> Int {
        let output = try BufferedFileOutput(url: url)
        var findings = try WorkListFindings(db, mask: mask)
        var count = 0
        while let item = try findings.next() {
            output.write(item.finding.contractJSON)
            output.write([0x0A])
            try output.rowEnded()
            count += 1
        }
        try output.close()
        return count
    }

    static let linksHeader = ["file", "sheet", "row", "person_id", "match_score"]

    /// links.csv: one line per accepted input row, in file and row order: the row's person, and the
    /// match weight (log2 Bayes factor) of its strongest link to another row of that person, empty for
    /// a person with one row. UTF-8 without a byte-order mark; a CSV's sheet is empty.
    static func writeLinks(to url: URL, db: Database) throws -> Int {
        let writer = try DelimitedTextWriter(url: url, encoding: .utf8)
        try writer.writeRow(linksHeader)
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT f.path, s.sheet, r.row, p.person_id, p.match_score FROM person_records r
            JOIN record_persons p ON p.record_id = r.id
            JOIN source_sheets s ON s.id = r.sheet_id JOIN source_files f ON f.id = s.file_id
            ORDER BY f.id, s.id, r.row, r.id
            """)
        var count = 0
        while let row = try cursor.next() {
            let score: Double? = row[4]
            try writer.writeRow([row[0], row[1] ?? "", String(row[2] as Int), row[3], score.map(formatScore) ?? ""])
            count += 1
        }
        try writer.finish()
        return count
    }

    /// Two decimals, as the 待人工核实 sheet shows match scores.
    static func formatScore(_ score: Double) -> String { String(format: "%.2f", score) }

    /// summary.json: sorted keys, pretty-printed, so a diff of two runs reads well.
    static func summaryJSON(_ summary: ReportSummary) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(summary) + Data("\n".utf8)
    }
}
