import BiduiCore
import Foundation
import GRDB
import Normalize

/// Reads what the summary reports from the run store: aggregates only, so a run of millions of rows
/// is summarised without holding its rows.
enum SummaryQueries {
    struct Context {
        var pipeline: String
        var settings: ReconciliationSettings
        var masked: Bool
        var examplesPerCategory = 5
        var configurationDigest: String
        var generatedAt: Date
    }

    static func load(_ db: Database, _ context: Context) throws -> ReportSummary {
        let categories = try categoryCounts(db)
        let files = try accounting(db)
        let findings = categories.reduce(0) { $0 + $1.findings }
        let totals = ReportSummary.Totals(
            findings: findings, reviewFindings: categories.reduce(0) { $0 + $1.reviewFindings },
            persons: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM persons") ?? 0,
            records: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person_records") ?? 0,
            rowsRead: files.reduce(0) { $0 + $1.rowsRead }, rowsAccepted: files.reduce(0) { $0 + $1.accepted },
            rowsSkipped: files.reduce(0) { $0 + $1.skipped }, rowsRejected: files.reduce(0) { $0 + $1.rejected },
            filesFailed: files.filter { $0.status != "read" }.count)
        return ReportSummary(
            pipeline: context.pipeline, generatedAt: Timestamp.string(context.generatedAt),
            versions: .init(bidui: BiduiVersion.current, sqlite: try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?", contractSchema: 1),
            masked: context.masked,
            term: .init(schoolYear: context.settings.schoolYear, term: context.settings.term.rawValue, referenceDate: context.settings.referenceDate.description),
            totals: totals, categories: categories, counties: try countyCounts(db), files: files,
            qualityFlags: try qualityFlags(db),
            // Filled in by the pass that writes the work lists (`PlaceTally`).
            topSchools: [], topVillages: [],
            stages: try stageTimings(db),
            review: .init(reviewBandPairs: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review_pairs") ?? 0,
                          ambiguousPairs: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ambiguous_pairs") ?? 0,
                          refusedPairs: try ReviewPairRows.refusedCount(db), unattachedRows: try unattachedRows(db)),
            examples: try examples(db, perCategory: context.examplesPerCategory, masked: context.masked),
            outputs: [], configurationDigest: context.configurationDigest, caseDecisions: try caseDecisionCounts(db))
    }

    /// The rows that stand alone, by why: see `ReviewCounts.unattachedRows`. A row alone whose number
    /// is valid and that no pair names is simply a person listed once, and is not counted.
    static func unattachedRows(_ db: Database) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT CASE
                WHEN r.id IN (SELECT a FROM refused_links UNION SELECT b FROM refused_links) THEN 'refused'
                WHEN r.id IN (SELECT a FROM ambiguous_pairs UNION SELECT b FROM ambiguous_pairs) THEN 'ambiguous'
                WHEN coalesce(r.id_valid, 0) = 0 THEN 'unmatched_damaged_number'
                END AS reason, COUNT(*)
            FROM person_records r JOIN record_persons rp ON rp.record_id = r.id JOIN persons p ON p.id = rp.person_id
            WHERE p.records = 1 GROUP BY reason HAVING reason IS NOT NULL
            """) {
            counts[row[0]] = row[1]
        }
        return counts
    }

    static func categoryCounts(_ db: Database) throws -> [ReportSummary.CategoryCount] {
        var counts: [String: (Int, Int)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT category, COUNT(*), SUM(review) FROM findings GROUP BY category") {
            counts[row[0]] = (row[1], row[2] ?? 0)
        }
        var rules: [String: (String, String?)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT category, state, note FROM reconcile_rules") { rules[row[0]] = (row[1], row[2]) }
        return FindingCategory.allCases.map { c in
            ReportSummary.CategoryCount(
                code: c.rawValue, name: c.chineseName, severity: c.severity, state: rules[c.rawValue]?.0 ?? "applied",
                note: rules[c.rawValue]?.1, findings: counts[c.rawValue]?.0 ?? 0, reviewFindings: counts[c.rawValue]?.1 ?? 0)
        }
    }

    /// The county of a finding as the work lists show it.
    static let unknownCounty = "未知"

    static func countyCounts(_ db: Database) throws -> [ReportSummary.CountyCount] {
        var byCounty: [String: [String: Int]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT county, category, COUNT(*) FROM findings GROUP BY county, category") {
            let county: String? = row[0]
            byCounty[county ?? unknownCounty, default: [:]][row[1]] = row[2]
        }
        return byCounty.keys.sorted { ($0 == unknownCounty ? 1 : 0, $0) < ($1 == unknownCounty ? 1 : 0, $1) }.map { county in
            let counts = byCounty[county] ?? [:]
            return .init(county: county, findings: counts, total: counts.values.reduce(0, +))
        }
    }

    static func accounting(_ db: Database) throws -> [ReportSummary.FileAccounting] {
        var sheets: [Int64: [ReportSummary.SheetAccounting]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT file_id, sheet, status, reason, rows_read, accepted, skipped, rejected FROM source_sheets ORDER BY file_id, id
            """) {
            sheets[row[0], default: []].append(.init(sheet: row[1], status: row[2], reason: row[3], rowsRead: row[4],
                                                      accepted: row[5], skipped: row[6], rejected: row[7]))
        }
        // Rows rejected before any sheet was known (a file that failed part-way) are counted on the file.
        var fileOnlyRejected: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT file_id, COUNT(*) FROM row_issues WHERE sheet_id IS NULL AND row IS NOT NULL AND outcome = 'rejected' GROUP BY file_id
            """) {
            fileOnlyRejected[row[0]] = row[1]
        }
        return try Row.fetchAll(db, sql: "SELECT id, role, path, format, encoding, status, message FROM source_files ORDER BY id").map { row in
            let id: Int64 = row[0]
            let parts = sheets[id] ?? []
            let rejected = parts.reduce(0) { $0 + $1.rejected } + (fileOnlyRejected[id] ?? 0)
            return .init(role: row[1], path: row[2], format: row[3], encoding: row[4], status: row[5],
                         message: (row[6] as String?).map(PersonalDataMask.maskIDNumbers(in:)), sheets: parts,
                         rowsRead: parts.reduce(0) { $0 + $1.rowsRead }, accepted: parts.reduce(0) { $0 + $1.accepted },
                         skipped: parts.reduce(0) { $0 + $1.skipped }, rejected: rejected)
        }
    }

    static func qualityFlags(_ db: Database) throws -> [ReportSummary.QualityFlagCount] {
        try Row.fetchAll(db, sql: """
            SELECT f.path, s.sheet, n.flag, n.count FROM normalize_flags n
            JOIN source_sheets s ON s.id = n.sheet_id JOIN source_files f ON f.id = s.file_id
            ORDER BY f.id, s.id, n.count DESC, n.flag
            """).map { row in
            let code: String = row[2]
            return .init(file: row[0], sheet: row[1], flag: code, label: QualityFlag(code: code)?.chineseLabel ?? code, rows: row[3])
        }
    }

    static func stageTimings(_ db: Database) throws -> [ReportSummary.StageTiming] {
        try StageRun.fetchAll(db).sorted { (StageName(rawValue: $0.stage)?.index ?? 9) < (StageName(rawValue: $1.stage)?.index ?? 9) }.map {
            .init(stage: $0.stage, startedAt: $0.startedAt, finishedAt: $0.finishedAt, seconds: milliseconds($0.durationSeconds),
                  rowsIn: $0.rowsIn, rowsOut: $0.rowsOut, programVersion: $0.programVersion, staleReason: $0.staleReason)
        }
    }

    /// Seconds to the millisecond: what a reader of timings needs, without float noise in the JSON.
    static func milliseconds(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }

    static func examples(_ db: Database, perCategory: Int, masked: Bool) throws -> [ReportSummary.Example] {
        var out: [ReportSummary.Example] = []
        for category in FindingCategory.allCases {
            for row in try Row.fetchAll(db, sql: """
                SELECT f.name, f.id_number, f.county, f.detail, f.review,
                    (SELECT r.school_name FROM finding_sources s JOIN person_records r ON r.id = s.record_id
                     WHERE s.finding = f.seq AND r.school_name IS NOT NULL AND r.school_name <> '' ORDER BY s.position LIMIT 1)
                FROM findings f WHERE f.category = ? ORDER BY f.seq LIMIT ?
                """, arguments: [category.rawValue, perCategory]) {
                let name: String? = row[0], id: String? = row[1]
                // The summary is passed around: names are masked there whether or not the work lists are.
                out.append(.init(category: category.rawValue, name: name.map { PersonalDataMask.mask(name: PersonalDataMask.maskIDNumbers(in: $0)) },
                                 idNumber: id.map(PersonalDataMask.mask(idNumber:)), county: row[2], school: row[5],
                                 detail: PersonalDataMask.maskIDNumbers(in: row[3]), review: (row[4] as Int) != 0))
            }
        }
        return out
    }
}
