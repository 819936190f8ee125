import BiduiCore
import Foundation
import GRDB
import Match
import Writers

/// The 待人工核实 sheet: pairs of rows an officer should decide on, in the decisions format the match
/// stage reads back (`ReviewDecisions`), with 是否同一人 left empty.
///
/// Three kinds of pair, told apart at the start of 匹配依据: links in the review band (the run treats
/// the rows as one person), and pairs left apart, either because one row could be either of two
/// people or because joining them would have put conflicting rows into one person.
enum ReviewPairRows {
    enum Kind: String {
        case reviewBand = "review", ambiguous, refused

        var label: String {
            switch self {
            case .reviewBand: "【已按同一人处理，请核实】"
            case .ambiguous: "【未合并：此记录可能属于两人之一】"
            case .refused: "【未合并：与该人其他记录冲突】"
            }
        }
    }

    struct Side {
        var file: String
        var sheet: String?
        var row: Int
        var name: String?
        var idNumber: String?
    }

    struct Pair {
        var kind: Kind
        var first: Side
        var second: Side
        var weight: Double
        var evidence: String
    }

    /// Refused links that are not also ambiguous pairs (the sheet lists each pair once).
    static func refusedCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM refused_links r WHERE NOT EXISTS (SELECT 1 FROM ambiguous_pairs x WHERE x.a = r.a AND x.b = r.b)
            """) ?? 0
    }

    /// Every pair, review-band links first, then by the first row's file and row; each pair once.
    static func forEach(_ db: Database, mask: Bool, _ body: (Pair) throws -> Void) throws {
        let side = { (alias: String, sheet: String, file: String) in
            "\(file).path, \(sheet).sheet, \(alias).row, \(alias).name, COALESCE(\(alias).id_number, \(alias).id_raw)"
        }
        let cursor = try Row.fetchCursor(db, sql: """
            WITH pairs AS (
                SELECT 'review' AS kind, a, b, weight, evidence FROM review_pairs
                UNION ALL SELECT 'ambiguous', a, b, weight, evidence FROM ambiguous_pairs
                UNION ALL SELECT 'refused', a, b, weight, evidence FROM refused_links
                    WHERE NOT EXISTS (SELECT 1 FROM ambiguous_pairs x WHERE x.a = refused_links.a AND x.b = refused_links.b))
            SELECT p.kind, p.weight, p.evidence, \(side("ra", "sa", "fa")), \(side("rb", "sb", "fb"))
            FROM pairs p
            JOIN person_records ra ON ra.id = p.a JOIN source_sheets sa ON sa.id = ra.sheet_id JOIN source_files fa ON fa.id = sa.file_id
            JOIN person_records rb ON rb.id = p.b JOIN source_sheets sb ON sb.id = rb.sheet_id JOIN source_files fb ON fb.id = sb.file_id
            ORDER BY p.kind = 'review' DESC, fa.id, ra.sheet_id, ra.row, fb.id, rb.sheet_id, rb.row
            """)
        while let row = try cursor.next() {
            func side(_ k: Int) -> Side {
                let name: String? = row[k + 3], id: String? = row[k + 4]
                return Side(file: row[k], sheet: row[k + 1], row: row[k + 2],
                            name: mask ? name.map(PersonalDataMask.mask(name:)) : name,
                            idNumber: mask ? id.map(PersonalDataMask.mask(idNumber:)) : id)
            }
            try body(Pair(kind: Kind(rawValue: row[0]) ?? .reviewBand, first: side(3), second: side(8), weight: row[1], evidence: row[2]))
        }
    }

    /// The pair as a line of the sheet, in `ReviewDecisions.headers` order.
    static func cells(_ pair: Pair, number: Int) -> [SpreadsheetCell] {
        func text(_ value: String?) -> SpreadsheetCell { value.map { .text($0) } ?? .empty }
        let values: [String: SpreadsheetCell] = [
            "序号": .number(String(number)),
            "文件甲": .text(pair.first.file), "工作表甲": text(pair.first.sheet), "行号甲": .number(String(pair.first.row)),
            "姓名甲": text(pair.first.name), "身份证号甲": text(pair.first.idNumber),
            "文件乙": .text(pair.second.file), "工作表乙": text(pair.second.sheet), "行号乙": .number(String(pair.second.row)),
            "姓名乙": text(pair.second.name), "身份证号乙": text(pair.second.idNumber),
            "匹配分值": .number(String(format: "%.2f", pair.weight)),
            "匹配依据": .text(pair.kind.label + pair.evidence),
            ReviewDecisions.answerColumn: .empty,
        ]
        return ReviewDecisions.headers.map { values[$0] ?? .empty }
    }

    static let widths: [String: Double] = [
        "序号": 7, "文件甲": 36, "工作表甲": 12, "行号甲": 8, "姓名甲": 10, "身份证号甲": 21,
        "文件乙": 36, "工作表乙": 12, "行号乙": 8, "姓名乙": 10, "身份证号乙": 21, "匹配分值": 9, "匹配依据": 50, "是否同一人": 11,
    ]
}
