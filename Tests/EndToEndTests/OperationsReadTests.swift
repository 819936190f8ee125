import BiduiCore
import Foundation
import Testing
import TestSupport

/// The two read-only commands as an officer or a cron wrapper runs them: `bidui status` on a run
/// through all five stages and after a re-run of normalize, `bidui explain` on a person with a
/// finding, and a wrong run directory.
@Suite struct OperationsReadTests {
    @Test func statusShowsEveryStageAndExplainShowsAPersonsFinding() throws {
        let folder = try TemporaryFolder()
        let run = folder.url.appendingPathComponent("sample").path
        let pipeline = Fixtures.repositoryRoot.appendingPathComponent("pipelines/sample.yaml").path
        for stage in StageName.allCases {
            let result = try Executables.run("bidui", [stage.rawValue, pipeline, "--run-dir", run, "--quiet"])
            try #require(result.status == 0, "\(stage): \(result.standardError)")
        }

        let status = try Executables.run("bidui", ["status", run])
        #expect(status.status == 0, "\(status.standardError)")
        for stage in StageName.allCases {
            let line = status.standardOutput.split(separator: "\n").first { $0.hasPrefix(stage.rawValue + " ") }
            #expect(line?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first == "ok", "\(stage): \(line ?? "no line")")
        }
        #expect(status.standardOutput.contains("discrepancies.jsonl"), "the report's files are listed")
        #expect(status.standardOutput.contains("configuration sources+columns"))

        let json = try Executables.run("bidui", ["status", "--run-dir", run, "--json"])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        #expect((object?["stages"] as? [[String: Any]])?.compactMap { $0["state"] as? String } == Array(repeating: "ok", count: 5))

        // A person with a finding, from the machine contract.
        let line = try #require(try String(contentsOfFile: run + "/report/discrepancies.jsonl", encoding: .utf8)
            .split(separator: "\n").first { $0.contains("\"category\":\"identity_conflict\"") })
        let finding = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let personID = try #require(finding["person_id"] as? String)
        let logBefore = try Data(contentsOf: URL(fileURLWithPath: run + "/bidui.log"))
        let explain = try Executables.run("bidui", ["explain", "--run-dir", run, personID])
        #expect(explain.status == 0, "\(explain.standardError)")
        #expect(explain.standardOutput.contains(FindingCategory.identityConflict.chineseName))
        #expect(explain.standardOutput.contains(personID))
        let masked = try Executables.run("bidui", ["explain", "--run-dir", run, personID, "--mask"])
        #expect(masked.status == 0 && UnmaskedIDNumbers.find(in: masked.standardOutput).isEmpty)
        let nobody = try Executables.run("bidui", ["explain", "--run-dir", run, "P0000000000000000"])
        #expect(nobody.status == 1 && nobody.standardError.contains("no person"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: run + "/bidui.log")) == logBefore, "status and explain write nothing to the run's log")

        // Normalize again: what follows it is stale until re-run.
        let normalize = try Executables.run("bidui", ["normalize", pipeline, "--run-dir", run, "--quiet"])
        try #require(normalize.status == 0, "\(normalize.standardError)")
        let after = try Executables.run("bidui", ["status", run])
        #expect(after.status == 0)
        for stage in [StageName.match, .reconcile, .report] {
            let line = after.standardOutput.split(separator: "\n").first { $0.hasPrefix(stage.rawValue + " ") }
            #expect(line?.contains("stale: normalize re-ran at") == true, "\(stage): \(line ?? "no line")")
        }
        for stage in [StageName.ingest, .normalize] {
            let line = after.standardOutput.split(separator: "\n").first { $0.hasPrefix(stage.rawValue + " ") }
            #expect(line?.split(separator: " ").dropFirst().first == "ok", "\(stage): \(line ?? "no line")")
        }
    }

    @Test func statusOfAMissingRunDirectoryNamesThePathAndFails() throws {
        let missing = try Executables.run("bidui", ["status", "/nonexistent"])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("/nonexistent"))
        #expect(missing.standardError.contains("no such run directory"))

        let folder = try TemporaryFolder()
        let empty = try Executables.run("bidui", ["status", folder.url.path])
        #expect(empty.status == 1)
        #expect(empty.standardError.contains("no run.sqlite"))

        let none = try Executables.run("bidui", ["status"])
        #expect(none.status == 64, "a run directory is required")
    }
}
