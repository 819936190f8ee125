import BiduiCore
import GRDB

/// What the reconcile stage reads from the run: every person record with its person and where it
/// came from, the links between records, and which roles gave rows.
struct RuleInput {
    var records: [RuleRecord] = []
    var links: [RuleLink] = []
    var roles: Set<SourceRole> = []
    /// Pairs the match stage left unlinked because a record could be either of two people, or that
    /// the chaining guard refused: each record might still be the other's person.
    var ambiguous: [(Int64, Int64)] = []

    static func load(_ db: Database) throws -> RuleInput {
        var input = RuleInput()
        var sheets: [Int64: (file: String, sheet: String?)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT s.id, s.sheet, f.path FROM source_sheets s JOIN source_files f ON f.id = s.file_id") {
            sheets[row["id"]] = (row["path"], row["sheet"])
        }
        // Repeated values (counties, schools, categories) share one String each.
        var interned: [String: String] = [:]
        func intern(_ value: String?) -> String? {
            guard let value, !value.isEmpty else { return nil }
            if let known = interned[value] { return known }
            interned[value] = value
            return value
        }
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT r.id, r.sheet_id, r.row, r.role, r.name, r.name_key, r.id_raw, r.id_number, r.id_valid, r.id_problem,
                   r.birth_date, r.county, r.school_name, r.village, r.school_year, r.term, r.programme, r.hardship_type,
                   r.household_type, r.risk_eliminated, r.schooling_status, r.assistance_type, r.assistance_status,
                   r.start_month, r.end_month, r.enrollment_status, p.person_id
            FROM person_records r JOIN record_persons p ON p.record_id = r.id ORDER BY r.id
            """)
        while let row = try cursor.next() {
            guard let role = SourceRole(rawValue: row[3]) else { continue }
            let location = sheets[row[1]] ?? ("?", nil)
            var r = RuleRecord(recordID: row[0], source: SourceRow(role: role, file: location.file, sheet: location.sheet, row: row[2]),
                               personID: row[26])
            r.name = row[4]
            r.nameKey = intern(row[5])
            r.idRaw = (row[6] as String?).flatMap { $0.isEmpty ? nil : $0 }
            r.idNumber = (row[7] as String?).flatMap { $0.isEmpty ? nil : $0 }
            r.idValid = (row[8] as Int?) == 1
            r.idProblem = intern(row[9])
            r.birthDate = (row[10] as String?).flatMap(CalendarDate.init(iso:))
            r.county = intern(row[11])
            r.school = intern(row[12])
            r.village = intern(row[13])
            r.schoolYear = intern(row[14])
            r.term = intern(row[15])
            r.programme = intern(row[16])
            r.hardshipType = intern(row[17])
            r.householdType = intern(row[18])
            r.riskEliminated = intern(row[19])
            r.schoolingStatus = intern(row[20])
            r.assistanceType = intern(row[21])
            r.assistanceStatus = intern(row[22])
            r.startMonth = intern(row[23])
            r.endMonth = intern(row[24])
            r.enrollmentStatus = intern(row[25])
            input.roles.insert(role)
            input.records.append(r)
        }
        CountyResolution.fill(&input.records)
        for row in try Row.fetchAll(db, sql: """
            SELECT a, b, weight, band = 'review' AS review, evidence FROM match_links
            UNION ALL SELECT a, b, weight, 1, evidence FROM review_pairs ORDER BY a, b
            """) {
            input.links.append(RuleLink(a: row[0], b: row[1], weight: row[2], review: row[3], evidence: row[4]))
        }
        for row in try Row.fetchAll(db, sql: "SELECT a, b FROM ambiguous_pairs UNION SELECT a, b FROM refused_links ORDER BY a, b") {
            input.ambiguous.append((row[0], row[1]))
        }
        return input
    }
}

/// A row's county is its county column, else its school's county, else its file's; never the ID
/// number's division code, which is where the number was first issued. A school or file named after
/// a county the run knows (蕲春县漕河镇中心幼儿园, 蕲春县_学籍.csv) is that county's.
enum CountyResolution {
    static func fill(_ records: inout [RuleRecord]) {
        var bySchool: [String: [String: Int]] = [:], byFile: [String: [String: Int]] = [:]
        for r in records {
            guard let county = r.county else { continue }
            if let school = r.school { bySchool[school, default: [:]][county, default: 0] += 1 }
            byFile[r.source.file, default: [:]][county, default: 0] += 1
        }
        let school = bySchool.compactMapValues { PersonFacts.mostFrequent($0) }
        let file = byFile.compactMapValues { PersonFacts.mostFrequent($0) }
        let known = Set(byFile.values.flatMap(\.keys)).sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
        func named(_ text: String?) -> String? {
            guard let text else { return nil }
            return known.first { text.contains($0) }
        }
        var byName: [String: String?] = [:]
        for i in records.indices where records[i].county == nil {
            let r = records[i]
            if let county = r.school.flatMap({ school[$0] }) {
                records[i].county = county
                continue
            }
            let key = (r.school ?? "") + "\u{0}" + r.source.file
            if let cached = byName[key] {
                records[i].county = cached
                continue
            }
            let name = r.source.file.split(separator: "/").last.map(String.init)
            let county = named(r.school) ?? file[r.source.file] ?? named(name)
            byName[key] = county
            records[i].county = county
        }
    }
}
