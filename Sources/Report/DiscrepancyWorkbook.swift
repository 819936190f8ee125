import BiduiCore
import Foundation
import GRDB
import Match
import Writers

/// discrepancies.xlsx: 汇总 first, then one sheet per category (Chinese names, frozen header,
/// filters, ID numbers as text, one line per finding), then 待人工核实. Written row by row from
/// the store, so 500,000 findings take no more memory than 5.
enum DiscrepancyWorkbook {
    /// Data rows a sheet holds below its header; a longer category continues on 「应助未助（2）」….
    static let rowsPerSheet = 1_048_575

    static func write(to url: URL, summary: ReportSummary, db: Database, mask: Bool, rowsPerSheet: Int = rowsPerSheet) throws {
        let writer = try XLSXWriter(url: url)
        try SummarySheet.write(summary, to: writer)
        var findings = try WorkListFindings(db, mask: mask)
        var next = try findings.next()
        let states = Dictionary(uniqueKeysWithValues: summary.categories.map { ($0.code, $0) })
        for category in FindingCategory.allCases {
            var part = 1, number = 0, inSheet = 0
            try begin(writer, category.chineseName, part: part)
            while let item = next, item.finding.category == category {
                if inSheet == rowsPerSheet {
                    try endFilter(writer, rows: inSheet)
                    part += 1
                    inSheet = 0
                    try begin(writer, category.chineseName, part: part)
                }
                number += 1
                inSheet += 1
                try writer.writeRow(WorkListColumns.sheetCells(item, number: number), style: .wrapped)
                next = try findings.next()
            }
            if number == 0 {
                let state = states[category.rawValue]
                let note = state?.state == "skipped" ? "本项比对未执行：\(state?.note ?? "缺少所需的数据来源")" : "本次比对未发现此类问题。"
                try writer.writeRow([.empty, .text(note)])
            } else {
                try endFilter(writer, rows: inSheet)
            }
        }
        if let stray = next {
            throw RunStoreError.io(path: "run.sqlite", message: "finding \(stray.seq) is out of order; re-run bidui reconcile")
        }
        try writeReviewSheet(writer, db: db, mask: mask)
        try writer.finish()
    }

    private static func begin(_ writer: XLSXWriter, _ name: String, part: Int) throws {
        try writer.beginSheet(part == 1 ? name : "\(name)（\(part)）",
                              options: .init(frozenRows: 1, columnWidths: WorkListColumns.sheetColumns.map(\.width)))
        try writer.writeRow(WorkListColumns.sheetColumns.map { .text($0.header) }, style: .header)
    }

    private static func endFilter(_ writer: XLSXWriter, rows: Int) throws {
        let last = SpreadsheetColumn.letters(WorkListColumns.sheetColumns.count - 1)
        writer.setAutoFilter("A1:\(last)\(rows + 1)")
    }

    private static func writeReviewSheet(_ writer: XLSXWriter, db: Database, mask: Bool) throws {
        let headers = ReviewDecisions.headers
        try writer.beginSheet(ReviewDecisions.sheetName, options: .init(
            frozenRows: 1, columnWidths: headers.map { ReviewPairRows.widths[$0] ?? 12 }))
        try writer.writeRow(headers.map { .text($0) }, style: .header)
        var number = 0
        try ReviewPairRows.forEach(db, mask: mask) { pair in
            number += 1
            try writer.writeRow(ReviewPairRows.cells(pair, number: number), style: .wrapped)
        }
        if number > 0 {
            writer.setAutoFilter("A1:\(SpreadsheetColumn.letters(headers.count - 1))\(number + 1)")
        }
    }
}
