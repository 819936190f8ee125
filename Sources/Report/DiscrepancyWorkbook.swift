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
    static let rowsPerSheet = PagedSheet.excelRowLimit

    private let writer: XLSXWriter
    private let summary: ReportSummary
    private let rowsPerSheet: Int
    /// Categories not yet begun, in report order.
    private var remaining = FindingCategory.allCases[...]
    private var current: (category: FindingCategory, sheet: PagedSheet)?
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
        if category != current?.category {
            guard remaining.contains(category) else {
                throw RunStoreError.io(path: "run.sqlite", message: "finding \(item.seq) is out of order; re-run bidui reconcile")
            }
            try endCategory()
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
        guard let sheet = current?.sheet else { return }
        try sheet.add(WorkListColumns.sheetCells(item, number: sheet.rows + 1))
    }

    /// Closes the category sheets (empty ones say why they are empty), writes 待人工核实 and the workbook's parts.
    func finish(db: Database, mask: Bool) throws {
        try endCategory()
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
        decidedInCategory = 0
        let columns = WorkListColumns.sheetColumns
        current = (category, try PagedSheet(writer, name: category.chineseName, headers: columns.map(\.header),
                                            widths: columns.map(\.width), rowsPerSheet: rowsPerSheet))
    }

    private func endCategory() throws {
        guard let (category, sheet) = current else { return }
        if sheet.rows == 0 {
            let state = summary.categories.first { $0.code == category.rawValue }
            let note = state?.state == "skipped" ? "本项比对未执行：\(state?.note ?? "缺少所需的数据来源")"
                : decidedInCategory > 0 ? "本类\(decidedInCategory)条发现均已核实，见「\(CaseDecisionColumns.decidedSheetName)」工作表。" : "本次比对未发现此类问题。"
            try sheet.note(note)
        } else {
            sheet.finish()
        }
        current = nil
    }

    private func writeReviewSheet(db: Database, mask: Bool) throws {
        let headers = ReviewDecisions.headers
        let sheet = try PagedSheet(writer, name: ReviewDecisions.sheetName, headers: headers,
                                   widths: headers.map { ReviewPairRows.widths[$0] ?? 12 })
        try ReviewPairRows.forEach(db, mask: mask) { pair in
            try sheet.add(ReviewPairRows.cells(pair, number: sheet.rows + 1))
        }
        sheet.finish()
    }
}
