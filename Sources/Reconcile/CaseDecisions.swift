import BiduiCore
import Foundation
import Ingest
import Normalize

/// The officers' filled-in work list: discrepancies.xlsx (every category sheet, continuations such
/// as 「应助未助（2）」 and the 已核实 sheet) or discrepancies.csv, saved as XLSX, SpreadsheetML,
/// HTML or CSV in UTF-8 or GB18030. Each line whose 核实结果 is filled is a decision on its finding,
/// found by category (the sheet's name, or the 类别 column), 人员编号 and, for per-row categories,
/// the first line of 来源文件 / 工作表 / 行号. The pipeline names the file (`reconciliation:
/// case_decisions:`), as `match: review_decisions:` names the 待人工核实 file.
public enum CaseDecisions {
    /// A line that could not be used (or only in part), said the way an officer can fix it.
    public struct Problem: Sendable, CustomStringConvertible {
        public var file: String, sheet: String?, row: Int, column: String?, message: String
        public var description: String {
            "\(file)\(sheet.map { ", sheet \($0)" } ?? ""), row \(row)\(column.map { ", column \($0)" } ?? ""): \(message)"
        }
    }

    /// Reads the decided lines of `url`; `name` is the file as the pipeline names it (the decisions'
    /// source and the problems' file). Lines left blank in 核实结果 are not decisions.
    public static func read(_ url: URL, name: String) throws -> (decisions: [CaseDecision], problems: [Problem]) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CaseDecisionsError(path: name, message: "does not exist (looked at \(url.path)); check reconciliation.case_decisions")
        }
        let sheets: [SheetDump.Sheet]
        do {
            sheets = try SheetDump.read(url)
        } catch {
            throw CaseDecisionsError(path: name, message: "cannot be read: \(error)")
        }
        var decisions: [CaseDecision] = [], problems: [Problem] = []
        var decidedAt: [FindingKey: (index: Int, place: String)] = [:]
        var answerSheets = 0
        for sheet in sheets {
            let rows = sheet.rows.sorted { $0.key < $1.key }
            guard let (headerRow, header) = rows.first(where: { $0.value.contains { $0.trimmingSpaces == CaseDecisionColumns.outcome } }) else {
                continue  // 汇总, 待人工核实: no decisions there.
            }
            answerSheets += 1
            var column: [String: Int] = [:]
            for (k, text) in header.enumerated() where column[text.trimmingSpaces] == nil { column[text.trimmingSpaces] = k }
            let label = sheet.name.isEmpty ? nil : sheet.name
            func problem(_ row: Int, _ column: String?, _ message: String) {
                problems.append(Problem(file: name, sheet: label, row: row, column: column, message: message))
            }
            let sheetCategory = category(ofSheet: sheet.name)
            guard column[CaseDecisionColumns.personID] != nil else {
                problem(headerRow, nil, "has no \(CaseDecisionColumns.personID) column, so its lines name no person; keep the work list's columns")
                continue
            }
            guard column[CaseDecisionColumns.category] != nil || sheetCategory != nil else {
                problem(headerRow, nil, "is neither a category sheet (应助未助, 疑似失学辍学 …) nor has a \(CaseDecisionColumns.category) column; "
                        + "its lines are ignored: keep the sheet's name or the column")
                continue
            }
            for (number, cells) in rows where number > headerRow {
                func cell(_ name: String) -> String {
                    guard let k = column[name], k < cells.count else { return "" }
                    return cells[k].trimmingSpaces
                }
                let answer = cell(CaseDecisionColumns.outcome)
                guard !answer.isEmpty else { continue }
                guard let (outcome, trailing) = parseOutcome(answer) else {
                    problem(number, CaseDecisionColumns.outcome, "\"\(answer)\" is neither \(CaseDecisionColumns.confirmed) nor \(CaseDecisionColumns.rejected); the line is ignored")
                    continue
                }
                var category = sheetCategory
                let categoryText = cell(CaseDecisionColumns.category)
                if !categoryText.isEmpty {
                    category = FindingCategory.allCases.first { $0.chineseName == categoryText || $0.rawValue == categoryText }
                }
                guard let category else {
                    problem(number, CaseDecisionColumns.category, "\"\(categoryText)\" is not a category of the work list; the line is ignored")
                    continue
                }
                let personID = cell(CaseDecisionColumns.personID)
                guard !personID.isEmpty else {
                    problem(number, CaseDecisionColumns.personID, "is blank; the line is ignored: keep the 人员编号 the report wrote")
                    continue
                }
                let file = firstLine(cell(CaseDecisionColumns.files)), sheetName = firstLine(cell(CaseDecisionColumns.sheets))
                let row = Int(firstLine(cell(CaseDecisionColumns.rows)))
                if category.isPerRow && (file.isEmpty || row == nil) {
                    problem(number, file.isEmpty ? CaseDecisionColumns.files : CaseDecisionColumns.rows,
                            "\(category.chineseName) is decided per source row, and the row is not named; the line is ignored: keep 来源文件 and 行号")
                    continue
                }
                let key = FindingKey(category: category, personID: personID, file: file, sheet: sheetName == CaseDecisionColumns.noSheet ? nil : sheetName, row: row)
                var reason: String?, notes: [String] = []
                var reasonText = cell(CaseDecisionColumns.reason)
                if reasonText.isEmpty, outcome == .rejected, let trailing { reasonText = trailing } else if let trailing { notes.append(trailing) }
                if !reasonText.isEmpty {
                    let canonical = CaseDecision.canonicalReason(reasonText)
                    reason = canonical.reason
                    if let rest = canonical.rest { notes.append(rest) }
                } else if outcome == .rejected {
                    problem(number, CaseDecisionColumns.reason, "不属实 needs a reason (\(CaseDecisionColumns.reasons.joined(separator: ", ")) or your own words); "
                            + "the decision is kept without one, and keeps nobody off the dropout list")
                }
                let noteText = cell(CaseDecisionColumns.note)
                if !noteText.isEmpty { notes.append(noteText) }
                var date: CalendarDate?
                let dateText = cell(CaseDecisionColumns.date)
                if !dateText.isEmpty {
                    date = DateText(dateText).map(\.date)
                    if date == nil {
                        problem(number, CaseDecisionColumns.date, "\"\(dateText)\" is not a date; the run's reference date is used instead: write it as 2025-11-03")
                    }
                }
                let decision = CaseDecision(key: key, outcome: outcome, reason: reason, note: notes.isEmpty ? nil : notes.joined(separator: "；"),
                                            decidedOn: date, source: name)
                let place = "\(label.map { "sheet \($0), " } ?? "")row \(number)"
                if let earlier = decidedAt[key] {
                    if decisions[earlier.index].outcome != outcome || decisions[earlier.index].reason != reason {
                        problem(number, CaseDecisionColumns.outcome, "decides the same finding as \(earlier.place), differently; this later line is used")
                    }
                    decisions[earlier.index] = decision
                    decidedAt[key]?.place = place
                } else {
                    decidedAt[key] = (decisions.count, place)
                    decisions.append(decision)
                }
            }
        }
        guard answerSheets > 0 else {
            throw CaseDecisionsError(path: name, message: "has no \(CaseDecisionColumns.outcome) column; give the discrepancies.xlsx or .csv the report wrote, with \(CaseDecisionColumns.outcome) filled in")
        }
        return (decisions, problems)
    }

    /// 属实 or 不属实, and what follows it in the cell (不属实-异地就读 gives the reason there).
    static func parseOutcome(_ text: String) -> (CaseDecision.Outcome, String?)? {
        for outcome in [CaseDecision.Outcome.rejected, .confirmed] where text.hasPrefix(outcome.rawValue) {
            let rest = String(text.dropFirst(outcome.rawValue.count)).trimmingCharacters(in: CaseDecision.separators)
            return (outcome, rest.isEmpty ? nil : rest)
        }
        return nil
    }

    /// 「应助未助」 and its continuations 「应助未助（2）」; nil for other sheets (a CSV's is "").
    static func category(ofSheet name: String) -> FindingCategory? {
        var base = name.trimmingSpaces
        if base.hasSuffix("）"), let open = base.lastIndex(of: "（") { base = String(base[..<open]) }
        if base.hasSuffix(")"), let open = base.lastIndex(of: "(") { base = String(base[..<open]).trimmingSpaces }
        return FindingCategory.allCases.first { $0.chineseName == base }
    }

    /// The cells of 来源文件, 工作表 and 行号 hold one line per source row; the finding's row is the first.
    private static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmingSpaces
    }
}

public struct CaseDecisionsError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let message: String
    public var description: String { "case decisions \(path) \(message)" }
}
