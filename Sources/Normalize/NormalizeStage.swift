import BiduiCore
import Foundation
import GRDB

/// The normalize stage: every accepted raw row becomes a canonical person record with its quality
/// flags, in one transaction that replaces the previous normalize.
public enum NormalizeStage {
    public struct Report: Sendable {
        public var records = 0
        /// Flag → count, per source file.
        public var flagsByFile: [String: [String: Int]] = [:]

        public var table: String {
            var lines = ["normalize: \(records) person records"]
            for (file, flags) in flagsByFile.sorted(by: { $0.key < $1.key }) where !flags.isEmpty {
                lines.append("  \(file): " + flags.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            return lines.joined(separator: "\n")
        }
    }

    public static func run(_ context: StageRunContext) throws -> Report {
        let store = context.store
        let upstream = try store.requireFresh(.ingest, for: .normalize, pipeline: context.pipelineArgument)
        let builder = PersonRecordBuilder(today: context.configuration.reconciliation.referenceDate)
        var report = Report()
        do {
            try store.database.write { db in
                try db.execute(sql: "DELETE FROM person_records")
                var sheets: [Int: (role: SourceRole, file: String, fields: [String])] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT s.id, s.fields, f.role, f.path FROM source_sheets s JOIN source_files f ON f.id = s.file_id WHERE s.status = 'read'") {
                    let fields = (try? JSONDecoder().decode([String].self, from: Data((row["fields"] as String? ?? "[]").utf8))) ?? []
                    sheets[row["id"]] = (SourceRole(rawValue: row["role"]) ?? .enrollment, row["path"], fields)
                }
                let insert = try db.makeStatement(sql: """
                    INSERT INTO person_records (raw_row_id, sheet_id, row, role, name_display, name_comparison, name_pinyin,
                        id_raw, id_cleaned, id_valid, id_problem, birth_date, sex, county, school_code, school_name,
                        household_id, township, village, relation, guardian_id, head_id, categories, flags)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let rows = try Row.fetchCursor(db, sql: "SELECT id, sheet_id, row, cells, numeric_mask FROM raw_rows ORDER BY id")
                while let row = try rows.next() {
                    let sheetID: Int = row["sheet_id"]
                    guard let sheet = sheets[sheetID] else { continue }
                    let values = (row["cells"] as String).split(separator: "\u{1F}", omittingEmptySubsequences: false)
                    var cells: [String: String] = [:]
                    var numeric = Set<String>()
                    let mask: Int64 = row["numeric_mask"]
                    for (k, field) in sheet.fields.enumerated() where k < values.count {
                        cells[field] = String(values[k])
                        if k < 63 && mask & (1 << Int64(k)) != 0 { numeric.insert(field) }
                    }
                    let record = builder.build(role: sheet.role, cells: cells, numeric: numeric)
                    try insert.execute(arguments: arguments(row["id"], sheetID, row["row"], record))
                    report.records += 1
                    for flag in record.flags { report.flagsByFile[sheet.file, default: [:]][flag, default: 0] += 1 }
                }
                let run = context.stageRun(rowsIn: report.records, rowsOut: report.records, upstreamStamp: upstream.stamp, summary: nil)
                try RunStore.recordStage(run, inputs: [
                    StageInput(stage: .normalize, kind: "upstream", name: "ingest", size: nil, sha256: upstream.stamp),
                    StageInput(stage: .normalize, kind: "configuration", name: "sources+columns+reconciliation", size: nil, sha256: context.configurationDigest),
                ], in: db)
            }
        } catch {
            store.recordFailedAttempt(.normalize, startedAt: context.startedAt, message: "\(error)")
            throw error
        }
        context.logger.info("normalize: \(report.records) person records")
        return report
    }

    private static func arguments(_ rawID: Int64, _ sheetID: Int, _ row: Int, _ r: PersonRecord) -> StatementArguments {
        let categories = JSONText.object(r.categories)
        let flags = JSONText.array(r.flags)
        let values: [(any DatabaseValueConvertible)?] = [
            rawID, sheetID, row, r.role.rawValue, r.name?.display, r.name?.comparison, r.name?.pinyin,
            r.idNumber?.raw, r.idNumber?.cleaned, r.idNumber?.valid, r.idNumber?.problem?.rawValue,
            r.birthDate?.description, r.sex?.rawValue, r.county, r.schoolCode, r.schoolName, r.householdID,
            r.township, r.village, r.relation, r.guardianID, r.headID, categories, flags,
        ]
        return StatementArguments(values)
    }
}
