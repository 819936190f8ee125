import BiduiCore
import GRDB
import Writers

/// The 已核实 sheet of discrepancies.xlsx: every finding that carries an officer's decision (from
/// this term's case-decision file or carried from the previous term), with its category as a column
/// and the decision in 核实结果 … 核实日期. The category sheets list only undecided findings, so
/// decided cases are shown apart from new ones (see `DiscrepancyWorkbook`). The sheet has the
/// columns of the CSV, so a filled-in copy of either is read back the same way; an officer may
/// change a decision here and name the file again.
enum DecidedSheet {
    /// Decided findings are few (each one an officer checked), so a second query over them costs
    /// little; the first pass keeps streaming every finding to the CSV and the JSONL.
    static func write(db: Database, mask: Bool, to writer: XLSXWriter, rowsPerSheet: Int) throws {
        let columns = WorkListColumns.allCategoryColumns
        let sheet = try PagedSheet(writer, name: CaseDecisionColumns.decidedSheetName, headers: columns.map(\.header),
                                   widths: columns.map(\.width), rowsPerSheet: rowsPerSheet)
        var findings = try WorkListFindings(db, mask: mask, decided: true)
        while let item = try findings.next() {
            try sheet.add(WorkListColumns.decidedCells(item, number: sheet.rows + 1))
        }
        sheet.finish()
    }
}
