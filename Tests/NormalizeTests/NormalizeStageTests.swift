import Foundation
import GRDB
import Testing
import TestSupport
@testable import BiduiCore
@testable import Ingest
@testable import Normalize
@testable import Synth

@Suite struct NormalizeStageTests {
    /// On generated data: every number whose damage is cosmetic comes back as the true number, and
    /// every number whose digits were damaged is flagged (or missing, for a blank).
    @Test func recoverableNumbersAreRecoveredAndTheOthersFlagged() throws {
        let folder = try TemporaryFolder()
        let data = folder.url.appendingPathComponent("synthetic")
        var quirks = Quirks()
        quirks.idRate = 0.2
        quirks.departmentIDRate = 0.2
        let settings = ReconciliationSettings(schoolYearStart: 2025, term: .autumn, referenceDate: CalendarDate(year: 2025, month: 10, day: 31)!)
        _ = try SyntheticRun.write(households: 1_500, seed: 4, settings: settings, quirks: quirks, to: data)
        let pipeline = data.appendingPathComponent("pipeline.yaml").path
        let runDirectory = folder.url.appendingPathComponent("run").path
        _ = try IngestStage.run(try StageRunContext(stage: .ingest, pipeline: pipeline, runDirectory: runDirectory))
        let context = try StageRunContext(stage: .normalize, pipeline: pipeline, runDirectory: runDirectory)
        let report = try NormalizeStage.run(context)
        #expect(report.records > 4_000)

        var truth: [String: (id: String, quirks: [String])] = [:]
        for line in try String(contentsOf: data.appendingPathComponent("truth/rows.csv"), encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            truth["\(f[0])|\(f[1])|\(f[2])"] = (f[4], f[5].split(separator: "+").map(String.init))
        }
        let records = try context.store.database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.path, s.sheet, p.row, p.id_valid, p.id_number, p.id_problem, p.flags FROM person_records p
                JOIN source_sheets s ON s.id = p.sheet_id JOIN source_files f ON f.id = s.file_id
                """)
        }
        var checked = (recovered: 0, flagged: 0)
        for record in records {
            let key = "\(record["path"] as String)|\((record["sheet"] as String?) ?? "")|\(record["row"] as Int)"
            let expected = try #require(truth[key], "\(key) is in the truth")
            let damaged = expected.quirks.first.flatMap(Quirks.IDQuirk.init(rawValue:))
            let valid: String? = (record["id_valid"] as Int?) == 1 ? record["id_number"] : nil
            let flags = (record["flags"] as String?) ?? ""
            if damaged == nil || damaged?.changesNumber == false && damaged != .blank {
                #expect(valid == expected.id, "\(key): \(expected.quirks)")
                checked.recovered += 1
            } else if damaged == .blank {
                #expect(flags.contains("missing:id_number") || valid == expected.id)
            } else if valid == nil {
                #expect(record["id_problem"] as String? != nil, "\(key): an invalid number says why")
                checked.flagged += 1
            } else {
                // Lost digits whose check character happens to fit: valid, but flagged as suspicious.
                #expect(damaged == .lostDigits && flags.contains("trailing_zeros"), "\(key)")
            }
        }
        #expect(checked.recovered > 3_000)
        #expect(checked.flagged > 300)
    }

    /// The stage on a small civil roster: the pipeline's synonyms are used, unknown values and bad
    /// numbers are flagged on their rows and counted per sheet, and the table has the columns the
    /// writer fills.
    @Test func flagsAreCountedPerSheetAndPipelineSynonymsApply() throws {
        let folder = try TemporaryFolder()
        _ = try folder.write("""
            区县,户主姓名,户主身份证号,姓名,身份证号,与户主关系,保障类型,保障状态,起始年月,终止年月
            蕲春县,赵大,42010219900101113X,赵敏,42010220150301113X,之女,农村低保,暂停,202107,
            蕲春县,赵大,42010219900101113X,赵大,42010219900101113X,户主,农村低保,在保,202107,
            蕲春县,钱二,,钱小,4.20102E+17,之子,低保边缘,在保,2021年7月,
            """, to: "民政.csv")
        let pipeline = try folder.write("""
            reconciliation: {school_year: "2025-2026", term: 秋季学期, reference_date: 2025-10-31}
            sources:
              - {role: civil, path: 民政.csv}
            categories:
              assistance_status:
                停保: [暂停]
            """, to: "pipeline.yaml").path
        let runDirectory = folder.url.appendingPathComponent("run").path
        _ = try IngestStage.run(try StageRunContext(stage: .ingest, pipeline: pipeline, runDirectory: runDirectory))
        let context = try StageRunContext(stage: .normalize, pipeline: pipeline, runDirectory: runDirectory)
        let report = try NormalizeStage.run(context)
        #expect(report.records == 3)
        #expect(report.flagsBySource["民政.csv"]?["unknown:assistance_type"] == 1)

        try context.store.database.read { db in
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(person_records)").map { $0["name"] as String }
            #expect(columns == PersonColumn.integerColumns + PersonColumn.allCases.map(\.columnName))
            let rows = try Row.fetchAll(db, sql: "SELECT row, assistance_status, assistance_type, start_month, head_id, flags FROM person_records ORDER BY row")
            #expect(rows.map { $0["row"] as Int } == [2, 3, 4], "CSV rows as a spreadsheet shows them")
            #expect(rows[0]["assistance_status"] as String? == "停保", "the pipeline's synonym 暂停")
            #expect(rows[2]["assistance_type"] as String? == nil)
            #expect(rows[2]["start_month"] as String? == "2021-07")
            #expect(rows[1]["flags"] as String? == nil, "a clean row has no flags")
            let flags = (rows[2]["flags"] as String?) ?? ""
            #expect(flags.contains("unknown:assistance_type") && flags.contains("id:scientific_notation"), "\(flags)")
            let counts = try Row.fetchAll(db, sql: "SELECT flag, count FROM normalize_flags ORDER BY flag")
            #expect(counts.map { "\($0["flag"] as String)=\($0["count"] as Int)" }
                    == ["id:scientific_notation=1", "unknown:assistance_type=1"])
        }
    }
}

