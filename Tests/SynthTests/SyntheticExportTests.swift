import Foundation
import GRDB
import Testing
import TestSupport
@testable import BiduiCore
@testable import Ingest
@testable import Synth

@Suite struct SyntheticExportTests {
    static let settings = ReconciliationSettings(schoolYearStart: 2025, term: .autumn, referenceDate: CalendarDate(year: 2025, month: 10, day: 31)!)

    func files(in folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard !url.hasDirectoryPath else { continue }
            result[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return result
    }

    @Test func theSameSeedGivesByteIdenticalFiles() throws {
        let folder = try TemporaryFolder()
        let a = folder.url.appendingPathComponent("a"), b = folder.url.appendingPathComponent("b")
        _ = try SyntheticRun.write(households: 300, seed: 11, settings: Self.settings, quirks: Quirks(), to: a)
        _ = try SyntheticRun.write(households: 300, seed: 11, settings: Self.settings, quirks: Quirks(), to: b)
        let first = try files(in: a), second = try files(in: b)
        #expect(first.count >= 20)
        #expect(first == second)
    }

    @Test func ingestAccountsForEveryGeneratedRowAndTheTruthNamesEachOne() throws {
        let folder = try TemporaryFolder()
        let data = folder.url.appendingPathComponent("synthetic")
        let summary = try SyntheticRun.write(households: 600, seed: 5, settings: Self.settings, quirks: Quirks(), to: data)
        let context = try StageRunContext(stage: .ingest, pipeline: data.appendingPathComponent("pipeline.yaml").path,
                                          runDirectory: folder.url.appendingPathComponent("run").path)
        let report = try IngestStage.run(context)
        #expect(report.exitCode == .success)
        #expect(report.totals.rejected == 0)
        #expect(report.totals.read == report.totals.accepted + report.totals.skipped)
        #expect(report.totals.accepted == summary.rows.values.reduce(0, +), "one accepted row per record of the term")
        // Every (file, sheet, row) in the truth is a row the ingest accepted.
        let truth = try String(contentsOf: data.appendingPathComponent("truth/rows.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let accepted = try context.store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT f.path, s.sheet, r.row FROM raw_rows r JOIN source_sheets s ON s.id = r.sheet_id JOIN source_files f ON f.id = s.file_id")
                .map { "\($0["path"] as String),\(($0["sheet"] as String?) ?? ""),\($0["row"] as Int)" }
        }
        #expect(Set(truth.map { "\($0[0]),\($0[1]),\($0[2])" }) == Set(accepted))
    }

    @Test func quirkRatesStayNearWhatWasAskedFor() throws {
        let folder = try TemporaryFolder()
        var quirks = Quirks()
        quirks.idRate = 0.05
        quirks.nameRate = 0.02
        _ = try SyntheticRun.write(households: 3_000, seed: 8, settings: Self.settings, quirks: quirks, to: folder.url)
        let rows = try String(contentsOf: folder.url.appendingPathComponent("truth/rows.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let idShare = Double(rows.filter { !$0[5].isEmpty }.count) / Double(rows.count)
        #expect(idShare > 0.04 && idShare < 0.07, "ID quirks on \(idShare) of rows")
        let nameShare = Double(rows.filter { !$0[6].isEmpty }.count) / Double(rows.count)
        #expect(nameShare > 0.01 && nameShare < 0.04, "name quirks on \(nameShare) of rows")
        #expect(rows.contains { $0[5].contains("+") }, "some rows carry two quirks")
    }

    @Test func quirkFindingsFollowTheQuirks() throws {
        let folder = try TemporaryFolder()
        _ = try SyntheticRun.write(households: 4_000, seed: 21, settings: Self.settings, quirks: Quirks(), to: folder.url)
        let lines = try String(contentsOf: folder.url.appendingPathComponent("truth/findings.jsonl"), encoding: .utf8).split(separator: "\n")
        let findings = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        let categories = Set(findings.compactMap { $0["category"] as? String })
        #expect(categories == Set(TruthFinding.Category.allCases.map(\.rawValue)), "all seven categories occur")
        for finding in findings where finding["category"] as? String == "invalid_id_number" {
            #expect((finding["sources"] as? [Any])?.count == 1, "one finding per row")
        }
        for finding in findings {
            #expect(finding["schema"] as? Int == 1)
            #expect(["high", "medium", "low"].contains(finding["severity"] as? String ?? ""))
            #expect(!(finding["sources"] as? [Any] ?? []).isEmpty)
        }
    }
}

@Suite struct CommittedSamplesTests {
    /// `make samples` must give back exactly what is committed: same seed, same bytes.
    @Test func theCommittedSamplesAreWhatTheGeneratorWrites() throws {
        let folder = try TemporaryFolder()
        let settings = ReconciliationSettings(schoolYearStart: 2025, term: .autumn, referenceDate: CalendarDate(year: 2025, month: 10, day: 31)!)
        _ = try SyntheticRun.write(households: 100, seed: 1, settings: settings, quirks: Quirks(),
                                   rates: TermAssigner.Rates().scaled(by: 4), writesPipeline: false,
                                   truthPrefix: "../samples/", to: folder.url)
        let samples = Fixtures.repositoryRoot.appendingPathComponent("samples")
        let enumerator = FileManager.default.enumerator(at: folder.url, includingPropertiesForKeys: nil)
        var compared = 0
        while let url = enumerator?.nextObject() as? URL {
            guard !url.hasDirectoryPath else { continue }
            let relative = String(url.path.dropFirst(folder.url.path.count + 1))
            let committed = try? Data(contentsOf: samples.appendingPathComponent(relative))
            #expect(committed == (try Data(contentsOf: url)), "samples/\(relative) differs from what make samples writes")
            compared += 1
        }
        #expect(compared >= 15)
    }
}
