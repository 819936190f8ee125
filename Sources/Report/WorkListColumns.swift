import BiduiCore
import Reconcile
import Writers

/// The columns of the work lists, once for the XLSX sheets and the CSV: who the person is, what was
/// found, on which evidence, and the source rows (one line per row in the file, sheet and row cells,
/// so line k of each names the same row); last, the officer's 核实结果 (`CaseDecisionColumns`), blank
/// to fill in or holding the decision the finding already carries. They come after 人员编号 so that
/// every earlier column keeps its position.
enum WorkListColumns {
    struct Column {
        var header: String
        /// Width in characters in the XLSX sheets.
        var width: Double
    }

    /// The per-category sheets' columns.
    static let sheetColumns: [Column] = [
        Column(header: "序号", width: 7), Column(header: "姓名", width: 10), Column(header: "身份证号", width: 21),
        Column(header: "性别", width: 6), Column(header: "出生日期", width: 12), Column(header: "区县", width: 10),
        Column(header: "学校", width: 26), Column(header: "村（社区）", width: 14), Column(header: "说明", width: 50),
        Column(header: "匹配依据", width: 44), Column(header: "来源文件", width: 40), Column(header: "工作表", width: 12),
        Column(header: "行号", width: 8), Column(header: "各行姓名", width: 12), Column(header: "各行证件号码", width: 22),
        Column(header: "是否待核实", width: 11), Column(header: "人员编号", width: 20),
        Column(header: CaseDecisionColumns.outcome, width: 10), Column(header: CaseDecisionColumns.reason, width: 12),
        Column(header: CaseDecisionColumns.note, width: 24), Column(header: CaseDecisionColumns.date, width: 12),
    ]

    /// The 已核实 sheet's columns, which are also the CSV's: the category sheets' with the category
    /// and severity after the number, since these lists hold every category.
    static let allCategoryColumns: [Column] = [sheetColumns[0], Column(header: CaseDecisionColumns.category, width: 14), Column(header: "严重程度", width: 9)]
        + sheetColumns.dropFirst()

    /// The CSV's columns.
    static let csvHeaders: [String] = allCategoryColumns.map(\.header)

    /// Excel keeps at most 32,767 characters in a cell; a person with thousands of rows is cut there.
    static let cellLimit = 32_000

    /// 高 / 中 / 低.
    static func severityName(_ severity: String) -> String {
        switch severity {
        case "high": "高"
        case "medium": "中"
        default: "低"
        }
    }

    /// The source rows as aligned multi-line texts: files, sheets (「-」 for a CSV), row numbers, and
    /// each row's own name and ID number (「-」 where the row has none).
    static func sourceLines(_ item: WorkListFinding) -> (files: String, sheets: String, rows: String, names: String, ids: String) {
        let sources = item.finding.sources
        var files: [String] = [], sheets: [String] = [], rows: [String] = [], names: [String] = [], ids: [String] = []
        var length = 0
        for (k, source) in sources.enumerated() {
            length += source.file.utf8.count + 1
            if length > cellLimit {
                let rest = sources.count - k
                files.append("……另有\(rest)行，见 discrepancies.jsonl")
                break
            }
            files.append(source.file)
            sheets.append(source.sheet ?? "-")
            rows.append(String(source.row))
            names.append((k < item.rowNames.count ? item.rowNames[k] : nil) ?? "-")
            ids.append((k < item.rowIDNumbers.count ? item.rowIDNumbers[k] : nil) ?? "-")
        }
        return (files.joined(separator: "\n"), sheets.joined(separator: "\n"), rows.joined(separator: "\n"),
                names.joined(separator: "\n"), ids.joined(separator: "\n"))
    }

    /// Text cut to what a spreadsheet cell holds.
    static func cellText(_ text: String) -> String {
        guard text.utf16.count > cellLimit else { return text }
        return String(text.utf16.prefix(cellLimit)).map { $0 + "……" } ?? ""
    }

    /// One row of a category sheet; `number` is the row's 序号 within its sheet.
    static func sheetCells(_ item: WorkListFinding, number: Int) -> [SpreadsheetCell] {
        let f = item.finding
        let lines = sourceLines(item)
        func text(_ value: String?) -> SpreadsheetCell { value.map { .text(cellText($0)) } ?? .empty }
        return [
            .number(String(number)), text(f.name), text(f.idNumber), text(item.sex),
            item.birthDate.map(SpreadsheetCell.date) ?? .empty, text(f.county), text(item.school), text(item.village),
            text(f.detail), text(f.evidence.isEmpty ? nil : f.evidence), text(lines.files), text(lines.sheets),
            f.sources.count == 1 ? .number(lines.rows) : .text(lines.rows), .text(lines.names), .text(lines.ids),
            f.review ? .text("是") : .empty, .text(f.personID),
        ] + decisionCells(f.decision)
    }

    /// A line of the 已核实 sheet: a category sheet's line with the category and severity after 序号.
    static func decidedCells(_ item: WorkListFinding, number: Int) -> [SpreadsheetCell] {
        var cells = sheetCells(item, number: number)
        cells.insert(contentsOf: [.text(item.finding.category.chineseName), .text(severityName(item.finding.severity))], at: 1)
        return cells
    }

    /// 核实结果, 核实原因, 核实说明, 核实日期: the finding's decision, or blank for the officer.
    private static func decisionCells(_ decision: CaseDecision?) -> [SpreadsheetCell] {
        guard let decision else { return [.empty, .empty, .empty, .empty] }
        return [.text(decision.outcome.rawValue), decision.reason.map { .text(cellText($0)) } ?? .empty,
                decision.note.map { .text(cellText($0)) } ?? .empty, decision.decidedOn.map(SpreadsheetCell.date) ?? .empty]
    }

    /// One line of the CSV. ID numbers start with a tab so that Excel, opening the file, keeps all 18
    /// digits as text instead of turning them into 4.20102E+17; bidui's own reader trims it.
    static func csvCells(_ item: WorkListFinding) -> [String] {
        let f = item.finding
        let lines = sourceLines(item)
        return [
            String(item.seq), f.category.chineseName, severityName(f.severity), f.name ?? "",
            f.idNumber.map { "\t" + $0 } ?? "", item.sex ?? "", item.birthDate?.description ?? "", f.county ?? "",
            item.school ?? "", item.village ?? "", f.detail, f.evidence, lines.files, lines.sheets, lines.rows,
            lines.names, f.sources.count == 1 && item.rowIDNumbers.first != nil ? "\t" + lines.ids : lines.ids, f.review ? "是" : "", f.personID,
            f.decision?.outcome.rawValue ?? "", f.decision?.reason ?? "", f.decision?.note ?? "", f.decision?.decidedOn?.description ?? "",
        ]
    }
}
