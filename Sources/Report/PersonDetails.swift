import BiduiCore
import Foundation
import GRDB
import Normalize

/// Reads one person's rows, links, kept-apart pairs and findings for `PersonExplanation`.
enum PersonDetails {
    /// The columns of each role that the rules read, with the header officers know them by.
    static let roleFields: [SourceRole: [(field: String, label: String)]] = [
        .enrollment: [("enrollment_status", "学籍状态"), ("school_code", "学校标识码")],
        .aid: [("programme", "资助项目"), ("hardship_type", "困难类型"), ("school_year", "学年"), ("term", "学期"), ("amount", "资助金额")],
        .rural: [("household_type", "户类型"), ("monitoring_category", "监测对象类别"), ("risk_eliminated", "风险是否消除"),
                 ("schooling_status", "在校生状况"), ("household_id", "户编号"), ("relation", "与户主关系")],
        .civil: [("assistance_type", "保障类型"), ("assistance_status", "保障状态"), ("start_month", "起始年月"), ("end_month", "终止年月")],
    ]

    /// What each kind of pair means to an officer; the kept-apart ones as on the 待人工核实 sheet.
    static func label(_ kind: String) -> String {
        switch kind {
        case "link": "自动合并"
        case "decided": "人工核实为同一人"
        case "review": "待核实：已按同一人处理（匹配分值在复核区间）"
        case "ambiguous": "未合并：此记录可能属于两人之一"
        case "refused": "未合并：与该人其他记录冲突"
        default: kind
        }
    }

    /// Weights to two decimals, as links.csv and the 待人工核实 sheet give them (more digits are noise).
    static func hundredths(_ weight: Double) -> Double { (weight * 100).rounded() / 100 }

    static func fill(_ explanation: inout PersonExplanation, personID: String, tables: Set<String>, _ db: Database) throws {
        if let row = try Row.fetchOne(db, sql: "SELECT id, name, id_number, records, review FROM persons WHERE id = ?", arguments: [personID]) {
            explanation.person = .init(personID: row["id"], name: row["name"], idNumber: row["id_number"],
                                       records: row["records"], review: (row["review"] as Int? ?? 0) != 0)
        }
        explanation.rows = try rows(personID, db)
        var index: [Int64: Int] = [:]
        for row in explanation.rows { index[row.recordID] = row.index }
        let ids = explanation.rows.map(\.recordID)
        var pairs: [(kind: String, a: Int64, b: Int64, weight: Double, evidence: String)] = []
        let inRows = "(a IN \(PersonSearch.placeholders(ids.count)) OR b IN \(PersonSearch.placeholders(ids.count)))"
        let arguments = StatementArguments(ids + ids)
        for (table, kind) in [("match_links", "band"), ("review_pairs", "'review'"), ("ambiguous_pairs", "'ambiguous'"), ("refused_links", "'refused'")]
        where tables.contains(table) && !ids.isEmpty {
            for row in try Row.fetchAll(db, sql: "SELECT \(kind), a, b, weight, evidence FROM \(table) WHERE \(inRows) ORDER BY weight DESC, a, b", arguments: arguments) {
                let pair = (kind: row[0] as String, a: row[1] as Int64, b: row[2] as Int64, weight: row[3] as Double, evidence: row[4] as String)
                // A refused link that is also ambiguous is listed once, as ambiguous (as on the 待人工核实 sheet).
                if pair.kind == "refused" && pairs.contains(where: { $0.kind == "ambiguous" && $0.a == pair.a && $0.b == pair.b }) { continue }
                pairs.append(pair)
            }
        }
        var sides = Dictionary(uniqueKeysWithValues: explanation.rows.map { row in
            (row.recordID, PersonExplanation.Side(index: row.index, recordID: row.recordID, file: row.file, sheet: row.sheet, row: row.row, personID: personID, name: row.name))
        })
        let others = Array(Set(pairs.flatMap { [$0.a, $0.b] }).subtracting(ids))
        for side in try otherSides(others, db) { sides[side.recordID] = side }
        func side(_ id: Int64) -> PersonExplanation.Side {
            sides[id] ?? .init(index: nil, recordID: id, file: "?", sheet: nil, row: 0, personID: nil, name: nil)
        }
        for pair in pairs {
            let item = PersonExplanation.Pair(kind: pair.kind, label: label(pair.kind), a: side(pair.a), b: side(pair.b),
                                              weight: hundredths(pair.weight), evidence: pair.evidence)
            if ["link", "decided", "review"].contains(pair.kind) && index[pair.a] != nil && index[pair.b] != nil {
                explanation.links.append(item)
            } else {
                explanation.unjoined.append(item)
            }
        }
        if tables.contains("findings") && tables.contains("finding_sources") {
            explanation.findings = try findings(personID, side: side, db)
        }
    }

    private static func rows(_ personID: String, _ db: Database) throws -> [PersonExplanation.SourceRecord] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.*, f.path AS file_path, s.sheet AS sheet_name, p.match_score AS score
            FROM record_persons p JOIN person_records r ON r.id = p.record_id
            LEFT JOIN source_sheets s ON s.id = r.sheet_id LEFT JOIN source_files f ON f.id = s.file_id
            WHERE p.person_id = ? ORDER BY f.id, r.sheet_id, r.row
            """, arguments: [personID])
        return rows.enumerated().map { k, row in
            let role = SourceRole(rawValue: row["role"] ?? "")
            let cleaned: String? = PersonSearch.nonEmpty(row["id_number"]), raw: String? = PersonSearch.nonEmpty(row["id_raw"])
            let fields = (role.flatMap { roleFields[$0] } ?? []).compactMap { field, label in
                PersonSearch.nonEmpty(row[field]).map { PersonExplanation.Field(field: field, label: label, value: $0) }
            }
            let flags = (row["flags"] as String? ?? "").split(separator: " ").map { code in
                PersonExplanation.Flag(code: String(code), label: QualityFlag(code: String(code))?.chineseLabel)
            }
            return PersonExplanation.SourceRecord(
                index: k + 1, recordID: row["id"], role: row["role"] ?? "", file: row["file_path"] ?? "?", sheet: row["sheet_name"],
                row: row["row"], name: PersonSearch.nonEmpty(row["name"]), idNumber: raw ?? cleaned,
                idNormalised: raw != nil && raw != cleaned ? cleaned : nil,
                idValid: (row["id_valid"] as Int? ?? 0) != 0, idProblem: PersonSearch.nonEmpty(row["id_problem"]),
                sex: PersonSearch.nonEmpty(row["sex"]), birthDate: PersonSearch.nonEmpty(row["birth_date"]),
                county: PersonSearch.nonEmpty(row["county"]), township: PersonSearch.nonEmpty(row["township"]),
                village: PersonSearch.nonEmpty(row["village"]), school: PersonSearch.nonEmpty(row["school_name"]),
                fields: fields, flags: flags, matchScore: (row["score"] as Double?).map(hundredths))
        }
    }

    /// Rows of other persons that a pair touches: where they are, whose they are, and their name.
    private static func otherSides(_ ids: [Int64], _ db: Database) throws -> [PersonExplanation.Side] {
        guard !ids.isEmpty else { return [] }
        return try Row.fetchAll(db, sql: """
            SELECT r.id, f.path, s.sheet, r.row, p.person_id, r.name
            FROM person_records r LEFT JOIN record_persons p ON p.record_id = r.id
            LEFT JOIN source_sheets s ON s.id = r.sheet_id LEFT JOIN source_files f ON f.id = s.file_id
            WHERE r.id IN \(PersonSearch.placeholders(ids.count))
            """, arguments: StatementArguments(ids)).map { row in
            .init(index: nil, recordID: row[0], file: row[1] ?? "?", sheet: row[2], row: row[3], personID: row[4], name: row[5])
        }
    }

    private static func findings(_ personID: String, side: (Int64) -> PersonExplanation.Side, _ db: Database) throws -> [PersonExplanation.FindingItem] {
        var items: [Int: PersonExplanation.FindingItem] = [:]
        var order: [Int] = []
        // Every column: a store from before case decisions (核实结果) has no decision columns.
        for row in try Row.fetchAll(db, sql: "SELECT * FROM findings WHERE person_id = ? ORDER BY seq", arguments: [personID]) {
            let code: String = row["category"]
            order.append(row["seq"])
            let decision = PersonSearch.nonEmpty(row["decision_outcome"]).map { outcome in
                [outcome, PersonSearch.nonEmpty(row["decision_reason"]), PersonSearch.nonEmpty(row["decision_date"])].compactMap { $0 }.joined(separator: " · ")
            }
            items[row["seq"]] = .init(category: code, chineseName: FindingCategory(rawValue: code)?.chineseName ?? code,
                                      severity: row["severity"], detail: row["detail"], evidence: row["evidence"],
                                      review: (row["review"] as Int? ?? 0) != 0, decision: decision, sources: [])
        }
        guard !order.isEmpty else { return [] }
        for row in try Row.fetchAll(db, sql: """
            SELECT finding, record_id, file, sheet, row FROM finding_sources WHERE finding IN \(PersonSearch.placeholders(order.count))
            ORDER BY finding, position
            """, arguments: StatementArguments(order)) {
            var source = side(row["record_id"])
            if source.index == nil {
                // A row that is no longer the person's (a later match moved it): as the finding named it.
                source = .init(index: nil, recordID: row["record_id"], file: row["file"], sheet: row["sheet"], row: row["row"], personID: nil, name: nil)
            }
            items[row["finding"]]?.sources.append(source)
        }
        return order.compactMap { items[$0] }
    }
}
