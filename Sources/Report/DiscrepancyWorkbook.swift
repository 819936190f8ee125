import BiduiCore
import Foundation
import GRDB
import Match
import Writers

/// discrepancies.xlsx: 汇总 first, then one sheet per category (Chinese names, frozen header,
/// filters, ID numbers as text, one line per finding), then 已核实 (`DecidedSheet`, when findings
/// carry officers' decisions), then 待人工核实. Findings arrive one at a time in their stable order
/// (category first) and go straight to the file, so 500,000 findings take no more memory than 5.
///
/// Decided cases are kept apart from new ones on a sheet of their own rather than listed after the
/// new ones on each category sheet: a category sheet stays the officer's to-do list (its count, 序号
/// and filter cover only what still needs checking), and a supervisor audits every decision in one
/// place, with the category as a column.
final class DiscrepancyWorkbook {
    /// Data rows a sheet holds below its header; a longer category continues on 「应助未助（2）」….
    static let rowsPerSheet = 1_048_575

    private let writer: XLSXWriter
    private let summary: ReportSummary
    private let rowsPerSheet: Int
    /// Categories not yet begun, in report order.
    private var remaining = FindingCategory.allCases[...]
    private var current: FindingCategory?
    private var part = 1, number = 0, inSheet = 0
    /// Findings that carry a decision: in the current category, and in all (they go to 已核实).
    private var decidedInCategory = 0, decided = 0
    /// Against the previous term's run, when the pipeline names one: written as the 动态监测 sheet.
    var termComparison: TermComparison?

    init(url: URL, summary: ReportSummary, rowsPerSheet: Int = DiscrepancyWorkbook.rowsPerSheet) throws {
        writer = try XLSXWriter(url: url, compressionLevel: 1)
        self.summary = summary
        self.rowsPerSheet = rowsPerSheet
        try SummarySheet.write(summary, to: writer)
    }

    /// The next finding; findings must come in category order.
    func add(_ item: WorkListFinding) throws {
        let category = item.finding.category
        if category != current {
            guard remaining.contains(category) else {
                throw RunStoreError.io(path: "run.sqlite", message: "finding \(item.seq) is out of order; re-run bidui reconcile")
            }
            if current != nil { try endCategory() }
            while let next = remaining.first, next != category {
                try begin(next)
                try endCategory()
            }
            try begin(category)
        }
        if item.finding.decision != nil {
            decidedInCategory += 1
            decided += 1
            return
        }
        if inSheet == rowsPerSheet {
            filter()
            part += 1
            inSheet = 0
            try beginSheet()
        }
        number += 1
        inSheet += 1
        try writer.writeRow(WorkListColumns.sheetCells(item, number: number), style: .wrapped)
    }

    /// Closes the category sheets (empty ones say why they are empty), writes 待人工核实 and the workbook's parts.
    func finish(db: Database, mask: Bool) throws {
        if current != nil { try endCategory() }
        while let next = remaining.first {
            try begin(next)
            try endCategory()
        }
        if decided > 0 { try DecidedSheet.write(db: db, mask: mask, to: writer, rowsPerSheet: rowsPerSheet) }
        if let termComparison { try TermSheet.write(termComparison, to: writer, mask: mask) }
        try writeReviewSheet(db: db, mask: mask)
        try writer.finish()
    }

    private func begin(_ category: FindingCategory) throws {
        remaining.removeFirst()
        current = category
        part = 1
        number = 0
        inSheet = 0
        decidedInCategory = 0
        try beginSheet()
    }

    private func beginSheet() throws {
        guard let current else { return }
        let name = current.chineseName
        try writer.beginSheet(part == 1 ? name : "\(name)（\(part)）",
                              options: .init(frozenRows: 1, columnWidths: WorkListColumns.sheetColumns.map(\.width)))
        try writer.writeRow(WorkListColumns.sheetColumns.map { .text($0.header) }, style: .header)
    }

    private func endCategory() throws {
        guard let category = current else { return }
        if number == 0 {
            let state = summary.categories.first { $0.code == category.rawValue }
            let note = state?.state == "skipped" ? "本项比对未执行：\(state?.note ?? "缺少所需的数据来源")"
                : decidedInCategory > 0 ? "本类\(decidedInCategory)条发现均已核实，见「\(CaseDecisionColumns.decidedSheetName)」工作表。" : "本次比对未发现此类问题。"
            try writer.writeRow([.empty, .text(note)])
        } else {
            filter()
        }
        current = nil
    }

    private func filter() {
        writer.setAutoFilter("A1:\(SpreadsheetColumn.letters(WorkListColumns.sheetColumns.count - 1))\(inSheet + 1)")
    }

    private func writeReviewSheet(db: Database, mask: Bool) throws {
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
