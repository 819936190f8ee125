import BiduiCore
import GRDB
import Reconcile

/// A finding as the work lists show it: the finding itself, plus what its rows say about the person
/// (sex, birth date, school, village), taken from the first source row that says it.
struct WorkListFinding: Sendable {
    var seq: Int
    var finding: Finding
    var sex: String?
    var birthDate: CalendarDate?
    var school: String?
    var village: String?
    /// Each source row's own name and ID number as its file has them, in `finding.sources` order:
    /// what differs between the rows of an identity conflict, and the invalid number itself.
    var rowNames: [String?] = []
    var rowIDNumbers: [String?] = []
    /// The schools and villages the finding's rows name (for the places with most findings).
    var places: (schools: Set<String>, villages: Set<String>) = ([], [])

    /// The same finding with ID numbers and names masked, for reports that will be shared.
    func masked() -> WorkListFinding {
        var copy = self
        copy.finding.name = finding.name.map(PersonalDataMask.mask(name:))
        copy.finding.idNumber = finding.idNumber.map(PersonalDataMask.mask(idNumber:))
        copy.finding.detail = PersonalDataMask.maskIDNumbers(in: finding.detail)
        copy.finding.evidence = PersonalDataMask.maskIDNumbers(in: finding.evidence)
        copy.finding.decision?.note = finding.decision?.note.map(PersonalDataMask.maskIDNumbers(in:))
        copy.rowNames = rowNames.map { $0.map(PersonalDataMask.mask(name:)) }
        copy.rowIDNumbers = rowIDNumbers.map { $0.map(PersonalDataMask.mask(idNumber:)) }
        return copy
    }
}

/// Streams the run's findings in their stable order (category, county, person, first row) with
/// their source rows, one finding at a time: the report never holds all findings at once.
struct WorkListFindings {
    private let cursor: RowCursor
    private var pending: Row?
    private let mask: Bool
    /// Each source sheet's file and sheet name, decoded once rather than once per source row.
    private var places: [Int64: (file: String, sheet: String?)] = [:]

    /// `db` must stay open while the findings are read (use it inside one `read`). `decided` true
    /// gives only the findings that carry an officer's decision, false only those that do not.
    init(_ db: Database, mask: Bool, category: FindingCategory? = nil, decided: Bool? = nil) throws {
        self.mask = mask
        for row in try Row.fetchAll(db, sql: "SELECT s.id, f.path, s.sheet FROM source_sheets s JOIN source_files f ON f.id = s.file_id") {
            places[row[0]] = (row[1], row[2])
        }
        cursor = try Row.fetchCursor(db, sql: """
            SELECT f.seq, f.category, f.person_id, f.name, f.id_number, f.county, f.detail, f.evidence, f.review,
                   s.record_id, s.role, s.file, s.sheet, s.row, r.sex, r.birth_date, r.school_name, r.village, r.name, COALESCE(NULLIF(r.id_raw, ''), r.id_number),
                   r.sheet_id, f.decision_outcome, f.decision_reason, f.decision_note, f.decision_date, f.decision_source
            FROM findings f JOIN finding_sources s ON s.finding = f.seq LEFT JOIN person_records r ON r.id = s.record_id
            WHERE \(category == nil ? "1" : "f.category = ?")
              AND \(decided.map { $0 ? "f.decision_outcome IS NOT NULL" : "f.decision_outcome IS NULL" } ?? "1")
            ORDER BY f.seq, s.position
            """, arguments: category.map { [$0.rawValue] } ?? [])
    }

    mutating func next() throws -> WorkListFinding? {
        guard let first = try pending ?? cursor.next() else { return nil }
        pending = nil
        let seq: Int = first[0]
        guard let category = FindingCategory(rawValue: first[1]) else {
            throw RunStoreError.io(path: "run.sqlite", message: "finding \(seq) has an unknown category \(String(describing: first[1] as String?)); re-run bidui reconcile")
        }
        var item = WorkListFinding(
            seq: seq,
            finding: Finding(category: category, personID: first[2], name: first[3], idNumber: first[4], county: first[5],
                             detail: first[6], evidence: first[7], review: (first[8] as Int) != 0, sources: [], recordIDs: []),
            sex: nil, birthDate: nil, school: nil, village: nil)
        if let outcome = (first[21] as String?).flatMap(CaseDecision.Outcome.init(rawValue:)) {
            let f = item.finding
            item.finding.decision = CaseDecision(
                key: FindingKey(category: category, personID: f.personID, file: first[11], sheet: first[12], row: first[13]),
                outcome: outcome, reason: first[22], note: first[23], decidedOn: (first[24] as String?).flatMap(CalendarDate.init(iso:)),
                source: first[25] ?? "")
        }
        var row: Row? = first
        while let current = row {
            guard (current[0] as Int) == seq else {
                pending = current
                break
            }
            let role = SourceRole(rawValue: current[10]) ?? .enrollment
            let place = (current[20] as Int64?).flatMap { places[$0] } ?? (current[11], current[12])
            item.finding.sources.append(SourceRow(role: role, file: place.file, sheet: place.sheet, row: current[13]))
            item.finding.recordIDs.append(current[9])
            item.sex = item.sex ?? nonEmpty(current[14])
            item.birthDate = item.birthDate ?? (current[15] as String?).flatMap(CalendarDate.init(iso:))
            let school = nonEmpty(current[16]), village = nonEmpty(current[17])
            item.school = item.school ?? school
            item.village = item.village ?? village
            if let school { item.places.schools.insert(school) }
            if let village { item.places.villages.insert(village) }
            item.rowNames.append(nonEmpty(current[18]))
            item.rowIDNumbers.append(nonEmpty(current[19]))
            row = try cursor.next()
        }
        return mask ? item.masked() : item
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
