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
}
