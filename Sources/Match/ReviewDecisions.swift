import BiduiCore
import Foundation
import Ingest

/// The clerical-review file: one line per pair of rows whose match weight fell in the review band.
/// The report stage writes it (sheet 待人工核实 of discrepancies.xlsx, or a CSV); an officer fills in
/// 是否同一人 with 是 or 否; the pipeline names the file (`match.review_decisions`) and the next match
/// follows the officer for those pairs, whatever the model says.
public enum ReviewDecisions {
    /// Columns, in order. Rows are found by file, sheet and row number, as the spreadsheet shows them.
    public static let headers = ["序号", "文件甲", "工作表甲", "行号甲", "姓名甲", "身份证号甲",
                                 "文件乙", "工作表乙", "行号乙", "姓名乙", "身份证号乙", "匹配分值", "匹配依据", "是否同一人"]
    public static let sheetName = "待人工核实"
    public static let answerColumn = "是否同一人"

    /// One side of a pair: a row of an input file.
    public struct RowReference: Hashable, Sendable {
        public var file: String
        public var sheet: String?
        public var row: Int
        public init(file: String, sheet: String?, row: Int) {
            self.file = file
            self.sheet = sheet.flatMap { $0.isEmpty ? nil : $0 }
            self.row = row
        }
    }

    public struct Decision: Sendable, Equatable {
        public var first: RowReference
        public var second: RowReference
        /// true for 是 (the same person), false for 否.
        public var samePerson: Bool
    }

    /// A line that could not be used, said the way an officer can fix it.
    public struct Problem: Sendable, CustomStringConvertible {
        public var file: String, sheet: String?, row: Int, column: String?, message: String
        public var description: String {
            "\(file)\(sheet.map { ", sheet \($0)" } ?? ""), row \(row)\(column.map { ", column \($0)" } ?? ""): \(message)"
        }
    }

    /// Reads the answered lines of a decisions file (XLSX, SpreadsheetML, HTML or CSV in UTF-8 or GB18030).
    public static func read(_ url: URL) throws -> (decisions: [Decision], problems: [Problem]) {
        let sheets = try SheetDump.read(url)
        guard let sheet = sheets.first(where: { $0.name == sheetName }) ?? sheets.first(where: { sheet in
            sheet.rows.values.contains { $0.contains(answerColumn) }
        }) else {
            throw ReviewDecisionsError(path: url.path, message: "has no sheet with a \(answerColumn) column; give the 待人工核实 sheet the report wrote")
        }
        guard let (headerRow, header) = sheet.rows.sorted(by: { $0.key < $1.key }).first(where: { $0.value.contains(answerColumn) }) else {
            throw ReviewDecisionsError(path: url.path, message: "has no \(answerColumn) column")
        }
        var column: [String: Int] = [:]
        for (k, name) in header.enumerated() { column[name.trimmingSpaces] = k }
        let needed = ["文件甲", "工作表甲", "行号甲", "文件乙", "工作表乙", "行号乙", answerColumn]
        let missing = needed.filter { column[$0] == nil }
        guard missing.isEmpty else {
            throw ReviewDecisionsError(path: url.path, message: "lacks the column(s) \(missing.joined(separator: ", ")); keep the report's headers")
        }
        var decisions: [Decision] = [], problems: [Problem] = []
        let sheetLabel = sheet.name.isEmpty ? nil : sheet.name
        for (number, cells) in sheet.rows.sorted(by: { $0.key < $1.key }) where number > headerRow {
            func cell(_ name: String) -> String {
                guard let k = column[name], k < cells.count else { return "" }
                return cells[k].trimmingSpaces
            }
            let answer = cell(answerColumn)
            guard !answer.isEmpty else { continue }
            let same: Bool
            switch answer.uppercased() {
            case "是", "Y", "YES", "同一人": same = true
            case "否", "N", "NO", "不是": same = false
            default:
                problems.append(Problem(file: url.lastPathComponent, sheet: sheetLabel, row: number, column: answerColumn,
                                        message: "\"\(answer)\" is neither 是 nor 否; the line is ignored"))
                continue
            }
            guard let rowA = Int(cell("行号甲")), let rowB = Int(cell("行号乙")), !cell("文件甲").isEmpty, !cell("文件乙").isEmpty else {
                problems.append(Problem(file: url.lastPathComponent, sheet: sheetLabel, row: number, column: nil,
                                        message: "the file or row number of a side is missing or not a number; the line is ignored"))
                continue
            }
            decisions.append(Decision(first: RowReference(file: cell("文件甲"), sheet: cell("工作表甲"), row: rowA),
                                      second: RowReference(file: cell("文件乙"), sheet: cell("工作表乙"), row: rowB), samePerson: same))
        }
        return (decisions, problems)
    }
}

public struct ReviewDecisionsError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let message: String
    public var description: String { "review decisions \(path) \(message)" }
}
