import BiduiCore
import Foundation
import GRDB
import Writers

/// The flat files of a report: the CSV work list for officers, and the machine contract of DOMAIN.md
/// (`discrepancies.jsonl`, `links.csv`) for CI, cron wrappers and other programs.
enum ReportFiles {
    /// One pass over the findings feeds the three files that list them: discrepancies.xlsx on this
    /// thread; the CSV (every finding in one file, with a 类别 column; UTF-8 with a byte-order mark
    /// so Excel shows Chinese, or GB18030) and discrepancies.jsonl (the machine contract, one finding
    /// a line in the stable order; with `mask`, names and ID numbers masked there too) on another.
    static func writeWorkLists(workbook: DiscrepancyWorkbook, flat: FlatFileWriter, db: Database, mask: Bool,
                               progress: ProgressReporter? = nil) throws -> PlaceTally {
        flat.startFindings()
        do {
            var findings = try WorkListFindings(db, mask: mask)
            var batch: [WorkListFinding] = []
            batch.reserveCapacity(256)
            while let item = try findings.next() {
                try workbook.add(item)
                try FaultInjection.checkpoint("report.findings")
                batch.append(item)
                if batch.count == 256 {
                    progress?.advance(by: batch.count)
                    flat.queue.send(batch)
                    batch.removeAll(keepingCapacity: true)
                    if flat.queue.isCancelled { break }
                }
            }
            flat.queue.send(batch)
            flat.queue.finishProducing()
            try workbook.finish(db: db, mask: mask)
        } catch {
            flat.queue.cancel()
            try? flat.wait()
            throw error
        }
        try flat.wait()
        return flat.places
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

    /// Two decimals, as the 待人工核实 sheet shows match scores (by hand: `String(format:)` costs more
    /// than the rest of a links.csv line).
    static func formatScore(_ score: Double) -> String {
        guard score.isFinite, abs(score) < 1e12 else { return String(score) }
        let hundredths = Int((abs(score) * 100).rounded())
        let fraction = hundredths % 100
        return (score < 0 && hundredths != 0 ? "-" : "") + String(hundredths / 100) + (fraction < 10 ? ".0" : ".") + String(fraction)
    }

    /// summary.json: sorted keys, pretty-printed, so a diff of two runs reads well.
    static func summaryJSON(_ summary: ReportSummary) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(summary) + Data("\n".utf8)
    }
}

/// Findings per school and per village (a finding counts once per place its rows name), each place
/// with the county most of its findings name.
struct PlaceTally {
    private var schools: [String: [String: Int]] = [:]
    private var villages: [String: [String: Int]] = [:]

    mutating func add(_ item: WorkListFinding) {
        let county = item.finding.county ?? SummaryQueries.unknownCounty
        for school in item.places.schools { schools[school, default: [:]][county, default: 0] += 1 }
        for village in item.places.villages { villages[village, default: [:]][county, default: 0] += 1 }
    }

    func top(schools limit: Int) -> [ReportSummary.PlaceCount] { Self.top(schools, limit) }
    func top(villages limit: Int) -> [ReportSummary.PlaceCount] { Self.top(villages, limit) }

    private static func top(_ counts: [String: [String: Int]], _ limit: Int) -> [ReportSummary.PlaceCount] {
        let totals = counts.mapValues { $0.values.reduce(0, +) }
        return totals.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit).map { place, total in
            let county = counts[place]?.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
            return .init(name: place, county: county == SummaryQueries.unknownCounty ? nil : county, findings: total)
        }
    }
}
