import BiduiCore
import Foundation
import Normalize

extension PersonExplanation {
    /// The explanation as `bidui explain` prints it: the person, its rows numbered [1], [2]… (links
    /// and findings refer to them), the links, the rows kept apart, and the findings, in the work
    /// lists' Chinese; instructions in English.
    package var text: String {
        switch outcome {
        case .noPerson: return message
        case .severalPersons:
            var rows = [["person id", "姓名", "区县", "学校", "rows", "来源"]]
            for c in candidates {
                rows.append([c.personID, c.name ?? "-", c.county ?? "-", c.school ?? "-", String(c.rows),
                             c.roles.compactMap { SourceRole(rawValue: $0)?.chineseName }.joined(separator: "、")])
            }
            return ([message, ""] + [TextTable.render(rows, rightAligned: [4])] + notes.map { "note: " + $0 }).joined(separator: "\n")
        case .person: return personText
        }
    }

    /// What the outcome means and what to do next (stored in `message` by `load`, so the JSON has it too).
    var outcomeMessage: String {
        let what = switch foundBy {
        case "id_raw": "the ID number as a file wrote it"
        case "name_key": "the name written another way (width, dots, traditional characters)"
        case "name": "the name"
        default: "the ID number"
        }
        switch outcome {
        case .person: return "found by \(foundBy ?? queryKind.rawValue)"
        case .severalPersons:
            return "\(candidates.count) persons in this run match \(what); run again with one of their person ids (bidui explain --run-dir DIR PERSON_ID):"
        case .noPerson:
            return switch queryKind {
            case .personID: "no person in this run has this person id; person ids change only when the valid ID number does: search by ID number or name instead"
            case .idNumber: "no person in this run has this ID number (looked at every row's normalised number and its cell as written); check the digits, or search by name"
            case .name: "no person in this run has this name (looked at the name as written and its comparison form); check the characters, or search by ID number"
            }
        }
    }

    private var personText: String {
        var lines: [String] = []
        if let person {
            lines.append(["人员 \(person.personID)", person.name, person.idNumber, "\(person.records)行记录"]
                .compactMap { $0 }.joined(separator: " · ") + (person.review ? " · 含待核实的匹配" : ""))
        }
        lines += notes.map { "note: " + $0 }
        lines.append("")
        lines.append("来源记录（\(rows.count)）")
        for row in rows { lines += Self.describe(row) }
        lines.append("")
        lines.append("记录之间的匹配（\(links.count)）")
        if links.isEmpty { lines.append(rows.count > 1 ? "  无" : "  无（只有一行记录）") }
        for pair in links { lines += Self.describe(pair) }
        lines.append("")
        lines.append("未合并的相近记录（\(unjoined.count)）：匹配阶段为何没有把它们并入此人")
        if unjoined.isEmpty { lines.append("  无") }
        for pair in unjoined { lines += Self.describe(pair) }
        lines.append("")
        lines.append("发现的问题（\(findings.count)）")
        if findings.isEmpty { lines.append("  无") }
        for finding in findings {
            lines.append("  \(finding.chineseName) \(finding.category) · 严重程度 \(Self.severity(finding.severity)) · 待核实 \(finding.review ? "是" : "否")")
            lines.append("      \(finding.detail)")
            if let decision = finding.decision { lines.append("      核实结果 \(decision)") }
            lines.append("      来源 " + finding.sources.map(Self.place).joined(separator: "；"))
        }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ row: SourceRecord) -> [String] {
        let role = SourceRole(rawValue: row.role)?.chineseName ?? row.role
        var head = "  [\(row.index)] \(role) · \(row.file)" + (row.sheet.map { " \($0)" } ?? "") + " 第\(row.row)行"
        if let score = row.matchScore { head += " · 匹配分值 " + ReportFiles.formatScore(score) }
        var id = row.idNumber ?? "（空）"
        if !row.idValid, row.idNumber != nil {
            let reason = row.idProblem.flatMap { QualityFlag(code: "id:" + $0)?.chineseLabel } ?? row.idProblem ?? ""
            id += "（无效：\(reason)）"
        } else if let normalised = row.idNormalised {
            id += "（规范为 \(normalised)）"
        }
        let person: [(String, String?)] = [("姓名", row.name ?? "（空）"), ("身份证号", id), ("性别", row.sex), ("出生日期", row.birthDate),
                                           ("区县", row.county), ("乡镇", row.township), ("村（社区）", row.village), ("学校", row.school)]
        var lines = [head, "      " + person.compactMap { label, value in value.map { "\(label) \($0)" } }.joined(separator: " | ")]
        if !row.fields.isEmpty { lines.append("      " + row.fields.map { "\($0.label) \($0.value)" }.joined(separator: " | ")) }
        let flags = row.flags.map { (flag: Flag) -> String in flag.label.map { "\($0)（\(flag.code)）" } ?? flag.code }
        lines.append("      质量标记 " + (flags.isEmpty ? "无" : flags.joined(separator: "、")))
        return lines
    }

    private static func describe(_ pair: Pair) -> [String] {
        ["  \(place(pair.a)) ↔ \(place(pair.b))：\(ReportFiles.formatScore(pair.weight))，\(pair.label)",
         "      \(pair.evidence)"]
    }

    /// A row of the person by its number and short file name; another person's row in full, with whose it is.
    private static func place(_ side: Side) -> String {
        let sheet = side.sheet.map { " \($0)" } ?? ""
        if let index = side.index {
            return "[\(index)] \(URL(fileURLWithPath: side.file).lastPathComponent)\(sheet) 第\(side.row)行"
        }
        let owner = [side.personID.map { "人员 \($0)" }, side.name].compactMap { $0 }.joined(separator: " ")
        return "\(side.file)\(sheet) 第\(side.row)行" + (owner.isEmpty ? "" : "（\(owner)）")
    }

    private static func severity(_ code: String) -> String {
        switch code {
        case "high": "高"
        case "medium": "中"
        case "low": "低"
        default: code
        }
    }
}
