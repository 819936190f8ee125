import BiduiCore
import Foundation
import GRDB
import Normalize

/// Finds the persons an officer's query names: a person id, an ID number typed any way (spaces,
/// full-width digits, lower-case x, a 学籍号, the 15-digit form), or a name as a file writes it.
enum PersonSearch {
    struct Result {
        var kind: PersonExplanation.QueryKind
        var foundBy: String?
        var personIDs: [String]
    }

    /// Births after this day are not refused here: the query is looked up, not judged.
    private static let farFuture = CalendarDate(year: 9999, month: 12, day: 31)!

    static func find(_ query: String, _ db: Database) throws -> Result {
        let text = query.trimmingSpaces
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM persons WHERE id = ?", arguments: [text]) == true {
            return Result(kind: .personID, foundBy: "person_id", personIDs: [text])
        }
        if text.range(of: #"^P[0-9a-fA-F]{16}(-[0-9]+)?$"#, options: .regularExpression) != nil {
            return Result(kind: .personID, foundBy: nil, personIDs: [])
        }
        let number = IDNumber(raw: text, today: farFuture)
        if looksLikeIDNumber(number.cleaned) {
            let normalised = Array(Set([number.valid, number.cleaned].compactMap { $0 }.filter { !$0.isEmpty }))
            let asWritten = Array(Set([query, text, number.cleaned]))
            if let ids = try persons(db, whereSQL: "r.id_number IN \(placeholders(normalised.count))", normalised), !ids.isEmpty {
                return Result(kind: .idNumber, foundBy: "id_number", personIDs: ids)
            }
            let ids = try persons(db, whereSQL: "r.id_raw IN \(placeholders(asWritten.count))", asWritten) ?? []
            return Result(kind: .idNumber, foundBy: ids.isEmpty ? nil : "id_raw", personIDs: ids)
        }
        let name = ChineseName(text)
        guard !name.display.isEmpty else { return Result(kind: .name, foundBy: nil, personIDs: []) }
        if let ids = try persons(db, whereSQL: "r.name = ?", [name.display]), !ids.isEmpty {
            return Result(kind: .name, foundBy: "name", personIDs: ids)
        }
        let ids = try persons(db, whereSQL: "r.name_key = ?", [name.comparison]) ?? []
        return Result(kind: .name, foundBy: ids.isEmpty ? nil : "name_key", personIDs: ids)
    }

    /// Digits (at least six), an X, a 学籍号's G or Excel's scientific notation: nothing a name has.
    private static func looksLikeIDNumber(_ cleaned: String) -> Bool {
        cleaned.unicodeScalars.filter { ("0"..."9").contains($0) }.count >= 6
            && cleaned.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || "XGE+.".unicodeScalars.contains($0) }
    }

    /// The persons of the rows `whereSQL` selects, in person id order; nil when there are no values to look for.
    private static func persons(_ db: Database, whereSQL: String, _ values: [String]) throws -> [String]? {
        guard !values.isEmpty else { return nil }
        return try String.fetchAll(db, sql: """
            SELECT DISTINCT p.person_id FROM person_records r JOIN record_persons p ON p.record_id = r.id
            WHERE \(whereSQL) ORDER BY p.person_id
            """, arguments: StatementArguments(values))
    }

    static func placeholders(_ count: Int) -> String {
        "(" + Array(repeating: "?", count: max(count, 1)).joined(separator: ", ") + ")"
    }

    /// What tells namesakes apart at a glance: county, school, how many rows and from which departments.
    static func candidates(_ personIDs: [String], _ db: Database) throws -> [PersonExplanation.Candidate] {
        try personIDs.map { id in
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.role, r.county, r.school_name, r.name FROM record_persons p JOIN person_records r ON r.id = p.record_id
                WHERE p.person_id = ? ORDER BY r.sheet_id, r.row
                """, arguments: [id])
            let name = try String.fetchOne(db, sql: "SELECT name FROM persons WHERE id = ?", arguments: [id])
            let roles = Set(rows.compactMap { SourceRole(rawValue: $0["role"]) }).sorted()
            return PersonExplanation.Candidate(
                personID: id, name: name ?? rows.lazy.compactMap { $0["name"] as String? }.first,
                county: rows.lazy.compactMap { nonEmpty($0["county"]) }.first,
                school: rows.lazy.compactMap { nonEmpty($0["school_name"]) }.first,
                rows: rows.count, roles: roles.map(\.rawValue))
        }
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
