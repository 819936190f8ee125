import Foundation
import GRDB
import Testing
import TestSupport
@testable import BiduiCore
@testable import Ingest
@testable import Match
@testable import Normalize
@testable import Synth

/// The stage on generated data, against the generator's truth, and with an officer's decisions.
@Suite(.serialized) struct MatchStageTests {
    /// A generated pipeline, ingested and normalized once; each test matches into its own run.
    final class Generated: @unchecked Sendable {
        let folder: TemporaryFolder
        let pipeline: String
        let base: URL

        init() throws {
            folder = try TemporaryFolder()
            let data = folder.url.appendingPathComponent("synthetic")
            let settings = ReconciliationSettings(schoolYearStart: 2025, term: .autumn, referenceDate: CalendarDate(year: 2025, month: 10, day: 31)!)
            _ = try SyntheticRun.write(households: 1_500, seed: 11, settings: settings, quirks: Quirks(), to: data)
            let yaml = data.appendingPathComponent("pipeline.yaml")
            try (String(contentsOf: yaml, encoding: .utf8) + "\nmatch:\n  person_id_key: ../person-id.key\n")
                .write(to: yaml, atomically: true, encoding: .utf8)
            pipeline = yaml.path
            base = folder.url.appendingPathComponent("base")
            _ = try IngestStage.run(try StageRunContext(stage: .ingest, pipeline: pipeline, runDirectory: base.path))
            _ = try NormalizeStage.run(try StageRunContext(stage: .normalize, pipeline: pipeline, runDirectory: base.path))
        }

        /// A fresh copy of the normalized run.
        func run(_ name: String) throws -> String {
            let copy = folder.url.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: copy)
            try FileManager.default.copyItem(at: base, to: copy)
            try? FileManager.default.removeItem(at: copy.appendingPathComponent("run.lock"))
            return copy.path
        }
    }

    static let generated = Result { try Generated() }

    @Test func blockingFindsTheTruePairsAndPersonsCoverEveryRecord() throws {
        let generated = try Self.generated.get()
        let context = try StageRunContext(stage: .match, pipeline: generated.pipeline, runDirectory: try generated.run("recall"))
        let report = try MatchStage.run(context)
        #expect(report.records > 4_000)
        let evaluation = try MatchEvaluation.evaluate(
            store: context.store, truth: URL(fileURLWithPath: generated.pipeline).deletingLastPathComponent().appendingPathComponent("truth/rows.csv"),
            settings: context.configuration.match)
        #expect(evaluation.truePairs > 1_000)
        #expect(evaluation.blockingRecall >= 0.999, "\(evaluation.table)")
        #expect(evaluation.recall >= 0.98, "\(evaluation.table)")
        #expect(evaluation.precision >= 0.9, "\(evaluation.table)")
        try context.store.database.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM record_persons") == report.records)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM persons") == report.persons)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM record_persons r LEFT JOIN persons p ON p.id = r.person_id WHERE p.id IS NULL") == 0)
            let evidence = try String.fetchAll(db, sql: "SELECT evidence FROM match_links WHERE band = 'link' LIMIT 50")
            #expect(evidence.allSatisfy { $0.contains("+") }, "every link says what agreed and by how much")
            // A person with one record has no match score; one with several has one on each record.
            let unscored = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM record_persons r JOIN persons p ON p.id = r.person_id WHERE p.records > 1 AND r.match_score IS NULL
                """)
            #expect(unscored == 0)
        }
    }

    @Test func personIDsAreStableAndNotTheNumber() throws {
        let generated = try Self.generated.get()
        func persons(_ name: String) throws -> [String: String] {
            let context = try StageRunContext(stage: .match, pipeline: generated.pipeline, runDirectory: try generated.run(name))
            _ = try MatchStage.run(context)
            return try context.store.database.read { db in
                var map: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, id_number FROM persons WHERE id_number IS NOT NULL") { map[row["id_number"]] = row["id"] }
                return map
            }
        }
        let first = try persons("stable-1"), second = try persons("stable-2")
        #expect(first.count > 1_000)
        #expect(first == second, "the same numbers get the same person ids on another run")
        for (number, id) in first.prefix(200) {
            #expect(!id.contains(number.prefix(6)) && !id.contains(number.suffix(6)), "\(id) shows nothing of the number")
        }
        // Without the secret the ids are not those: another key gives other ids.
        let other = PersonIdentifier(secret: Data(repeating: 7, count: 32))
        let number = try #require(first.keys.first)
        #expect(other.id(forIDNumber: number) != first[number])
    }

    @Test func anOfficersDecisionsOverrideTheModel() throws {
        let generated = try Self.generated.get()
        let runDirectory = try generated.run("decisions")
        // A linked pair, and two records of different persons (the first run's context, and its
        // lock, end with this closure).
        let (linked, apart) = try { () throws -> ([Row], [Row]) in
            let context = try StageRunContext(stage: .match, pipeline: generated.pipeline, runDirectory: runDirectory)
            _ = try MatchStage.run(context)
            return try context.store.database.read { db -> ([Row], [Row]) in
            let locate = """
                SELECT f.path, coalesce(s.sheet, '') AS sheet, p.row, p.name, p.id_number, rp.person_id FROM person_records p
                JOIN source_sheets s ON s.id = p.sheet_id JOIN source_files f ON f.id = s.file_id JOIN record_persons rp ON rp.record_id = p.id
                """
            let link = try #require(try Row.fetchOne(db, sql: "SELECT a, b FROM match_links WHERE band = 'link' ORDER BY weight LIMIT 1"))
            let linked = try Row.fetchAll(db, sql: locate + " WHERE p.id IN (?, ?) ORDER BY p.id", arguments: [link["a"] as Int64, link["b"] as Int64])
            let apart = try Row.fetchAll(db, sql: locate + " WHERE rp.person_id IN (SELECT id FROM persons WHERE records = 1) ORDER BY p.id LIMIT 2")
            return (linked, apart)
            }
        }()
        try #require(linked.count == 2 && apart.count == 2)
        #expect(linked[0]["person_id"] as String == linked[1]["person_id"] as String)
        #expect(apart[0]["person_id"] as String != apart[1]["person_id"] as String)
        func line(_ n: Int, _ pair: [Row], _ answer: String) -> String {
            ([String(n)] + pair.flatMap { row in [row["path"] as String, row["sheet"] as String, String(row["row"] as Int), (row["name"] as String?) ?? "", (row["id_number"] as String?) ?? ""] }
                + ["", "", answer]).joined(separator: ",")
        }
        let decisions = ReviewDecisions.headers.joined(separator: ",") + "\n" + line(1, linked, "否") + "\n" + line(2, apart, "是") + "\n" + line(3, apart, "待定") + "\n"
        let folder = URL(fileURLWithPath: generated.pipeline).deletingLastPathComponent()
        try Data([0xEF, 0xBB, 0xBF] + Array(decisions.utf8)).write(to: folder.appendingPathComponent("decisions.csv"))
        let decided = folder.appendingPathComponent("pipeline-decided.yaml")
        try String(contentsOfFile: generated.pipeline, encoding: .utf8).replacingOccurrences(of: "match:\n", with: "match:\n  review_decisions: decisions.csv\n")
            .write(to: decided, atomically: true, encoding: .utf8)
        let context = try StageRunContext(stage: .match, pipeline: decided.path, runDirectory: runDirectory)
        let report = try MatchStage.run(context)
        #expect(report.decided == 1)
        #expect(report.decisionProblems.count == 1, "待定 is neither 是 nor 否: \(report.decisionProblems)")
        try context.store.database.read { db in
            func person(_ row: Row) throws -> String? {
                try String.fetchOne(db, sql: """
                    SELECT rp.person_id FROM person_records p JOIN source_sheets s ON s.id = p.sheet_id JOIN source_files f ON f.id = s.file_id
                    JOIN record_persons rp ON rp.record_id = p.id WHERE f.path = ? AND coalesce(s.sheet, '') = ? AND p.row = ?
                    """, arguments: [row["path"] as String, row["sheet"] as String, row["row"] as Int])
            }
            let (x, y) = (try person(linked[0]), try person(linked[1]))
            #expect(x != y, "否: kept apart")
            let (p, q) = (try person(apart[0]), try person(apart[1]))
            #expect(p == q, "是: one person")
            let decidedLinks = try Int.fetchOne(db, sql: "SELECT count(*) FROM match_links WHERE band = 'decided'")
            #expect(decidedLinks == 1)
        }
    }

    @Test func pinnedProbabilitiesAreKeptAndUnknownOnesRefused() throws {
        let generated = try Self.generated.get()
        let folder = URL(fileURLWithPath: generated.pipeline).deletingLastPathComponent()
        let text = try String(contentsOfFile: generated.pipeline, encoding: .utf8)
        let pinned = folder.appendingPathComponent("pipeline-pinned.yaml")
        try text.replacingOccurrences(of: "match:\n", with: "match:\n  model:\n    id_number: {one_substitution: [0.02, 0.000004]}\n")
            .write(to: pinned, atomically: true, encoding: .utf8)
        let runDirectory = try generated.run("pinned")
        try {
            let context = try StageRunContext(stage: .match, pipeline: pinned.path, runDirectory: runDirectory)
            _ = try MatchStage.run(context)
            let row = try context.store.database.read { db in
                try Row.fetchOne(db, sql: "SELECT m, u, weight, pinned FROM match_model WHERE comparison = 'id_number' AND level = 'one_substitution'")
            }
            #expect(row?["m"] as Double? == 0.02)
            #expect(row?["u"] as Double? == 0.000004)
            #expect(row?["pinned"] as Int? == 1)
            #expect(abs((row?["weight"] as Double? ?? 0) - log2(0.02 / 0.000004)) < 1e-9)
        }()
        let wrong = folder.appendingPathComponent("pipeline-wrong.yaml")
        try text.replacingOccurrences(of: "match:\n", with: "match:\n  model:\n    id_number: {one_typo: [0.02, 0.000004]}\n")
            .write(to: wrong, atomically: true, encoding: .utf8)
        let context = try StageRunContext(stage: .match, pipeline: wrong.path, runDirectory: runDirectory)
        #expect(throws: ConfigurationError.self) { try MatchStage.run(context) }
    }
}

