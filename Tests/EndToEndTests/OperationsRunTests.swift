import BiduiCore
import Foundation
import Testing
import TestSupport

/// `bidui run`, `verify` and `diff` driven as cron, an officer and CI drive them: whole runs, skips
/// when nothing changed, re-runs from a stage, stale marking, the lock, exit codes, and two terms.
@Suite struct OperationsRunTests {
    let pipeline = Fixtures.repositoryRoot.appendingPathComponent("pipelines/sample.yaml").path

    func stageLines(_ output: String) -> [String: String] {
        var lines: [String: String] = [:]
        for line in output.split(separator: "\n") {
            for stage in StageName.allCases where line.hasPrefix("\(stage.rawValue): running") || line.hasPrefix("\(stage.rawValue): unchanged") {
                lines[stage.rawValue] = line.contains("skipped") ? "skipped" : "ran"
            }
        }
        return lines
    }

    @Test func aRunSkipsWhatIsUnchangedAndReRunsFromAStageOrAfterOneStageRanAlone() throws {
        let folder = try TemporaryFolder()
        let run = folder.url.appendingPathComponent("run").path
        let first = try Executables.run("bidui", ["run", pipeline, "--run-dir", run, "--quiet"])
        try #require(first.status == 0, "\(first.standardError)")
        #expect(stageLines(first.standardOutput) == ["ingest": "ran", "normalize": "ran", "match": "ran", "reconcile": "ran", "report": "ran"])
        #expect(FileManager.default.fileExists(atPath: run + "/report/summary.html"))

        let second = try Executables.run("bidui", ["run", pipeline, "--run-dir", run, "--quiet"])
        #expect(second.status == 0)
        #expect(stageLines(second.standardOutput).values.allSatisfy { $0 == "skipped" } && stageLines(second.standardOutput).count == 5,
                "nothing changed, nothing runs: \(second.standardOutput)")

        let from = try Executables.run("bidui", ["run", pipeline, "--run-dir", run, "--quiet", "--from", "match"])
        #expect(from.status == 0)
        #expect(stageLines(from.standardOutput) == ["ingest": "skipped", "normalize": "skipped", "match": "ran", "reconcile": "ran", "report": "ran"])

        // An officer re-runs one stage after fixing a mapping: the later ones are stale and run next time.
        #expect(try Executables.run("bidui", ["normalize", pipeline, "--run-dir", run, "--quiet"]).status == 0)
        let early = try Executables.run("bidui", ["reconcile", pipeline, "--run-dir", run, "--quiet"])
        #expect(early.status == 4 && early.standardError.contains("bidui match"), "a stale input names the command to run first: \(early.standardError)")
        let after = try Executables.run("bidui", ["run", pipeline, "--run-dir", run, "--quiet"])
        #expect(stageLines(after.standardOutput) == ["ingest": "skipped", "normalize": "skipped", "match": "ran", "reconcile": "ran", "report": "ran"])
        #expect(after.standardOutput.contains("match: running, because its results are stale"))
    }

    @Test func aChangedInputFileOrConfigurationIsNoticed() throws {
        let folder = try TemporaryFolder()
        let samples = folder.url.appendingPathComponent("samples")
        try FileManager.default.copyItem(at: Fixtures.repositoryRoot.appendingPathComponent("samples"), to: samples)
        let text = try String(contentsOfFile: pipeline, encoding: .utf8).replacingOccurrences(of: "../samples/", with: samples.path + "/")
        let copy = try folder.write(text, to: "county.yaml")
        let run = folder.url.appendingPathComponent("run").path
        #expect(try Executables.run("bidui", ["run", copy.path, "--run-dir", run, "--quiet"]).status == 0)
        // A department sends a corrected file.
        let csv = samples.appendingPathComponent("学籍/黄梅县_学籍.csv")
        var data = try Data(contentsOf: csv)
        data.append(contentsOf: Array("\r\n".utf8))
        try data.write(to: csv)
        let changed = try Executables.run("bidui", ["run", copy.path, "--run-dir", run, "--quiet"])
        #expect(changed.status == 0)
        #expect(changed.standardOutput.contains("黄梅县_学籍.csv changed"), "\(changed.standardOutput)")
        // A configuration change of the report section re-runs the report only.
        try folder.write(text.replacingOccurrences(of: "csv_encoding: utf-8", with: "csv_encoding: gb18030"), to: "county.yaml")
        let configured = try Executables.run("bidui", ["run", copy.path, "--run-dir", run, "--quiet"])
        #expect(stageLines(configured.standardOutput) == ["ingest": "skipped", "normalize": "skipped", "match": "skipped", "reconcile": "skipped", "report": "ran"])
    }

    @Test func verifyPassesOnTheSamplesAndFailsOnADifference() throws {
        let folder = try TemporaryFolder()
        let run = folder.url.appendingPathComponent("run").path
        try #require(try Executables.run("bidui", ["run", pipeline, "--run-dir", run, "--quiet"]).status == 0)
        let expected = Fixtures.repositoryRoot.appendingPathComponent("samples/expected").path
        let pass = try Executables.run("bidui", ["verify", run, "--expected", expected, "--links"])
        #expect(pass.status == 0, "\(pass.standardOutput)\(pass.standardError)")
        #expect(pass.standardOutput.contains("missing 0, unexpected 0, changed 0"))

        let tampered = folder.url.appendingPathComponent("expected")
        try FileManager.default.createDirectory(at: tampered, withIntermediateDirectories: true)
        let lines = try String(contentsOfFile: expected + "/discrepancies.jsonl", encoding: .utf8).split(separator: "\n")
        try folder.write(lines.dropFirst().joined(separator: "\n") + "\n", to: "expected/discrepancies.jsonl")
        let fail = try Executables.run("bidui", ["verify", "--run-dir", run, "--expected", tampered.path])
        #expect(fail.status == 1)
        #expect(fail.standardOutput.contains("unexpected 1"), "\(fail.standardOutput)")
        #expect(try Executables.run("bidui", ["verify", folder.url.path, "--expected", expected]).status == 4, "no report there")
    }

    @Test func failOnThresholdsTheLockAndUsageErrorsHaveTheirExitCodes() throws {
        let folder = try TemporaryFolder()
        let run = folder.url.appendingPathComponent("run")
        let crossed = try Executables.run("bidui", ["run", pipeline, "--run-dir", run.path, "--quiet", "--fail-on", "possible_dropout>0,duplicate_aid>10"])
        #expect(crossed.status == 5, "\(crossed.standardError)")
        #expect(crossed.standardError.contains("possible_dropout>0") && !crossed.standardError.contains("duplicate_aid>10,"))
        #expect(try Executables.run("bidui", ["run", pipeline, "--run-dir", run.path, "--quiet", "--fail-on", "total>100000"]).status == 0)
        #expect(try Executables.run("bidui", ["run", pipeline, "--run-dir", run.path, "--fail-on", "dropouts>1"]).status == 64)

        let lock = try RunLock(directory: run)
        let refused = try Executables.run("bidui", ["run", pipeline, "--run-dir", run.path, "--quiet"])
        #expect(refused.status == 75 && refused.standardError.contains("in use by another bidui process"))
        withExtendedLifetime(lock) {}
    }

    @Test func twoTermsAreComparedByDiffAndInTheReports() throws {
        let folder = try TemporaryFolder()
        let data = folder.url.appendingPathComponent("synth")
        let synth = try Executables.run("bidui-synth", ["--households", "300", "--seed", "3", "--out", data.path, "--previous-term"])
        try #require(synth.status == 0, "\(synth.standardError)")
        let key = folder.url.appendingPathComponent("person-id.key").path
        let previousRun = folder.url.appendingPathComponent("runs/previous").path
        let currentRun = folder.url.appendingPathComponent("runs/current").path
        for (file, extra) in [("previous/pipeline.yaml", ""), ("pipeline.yaml", "previous_run: \(previousRun)\n")] {
            let url = data.appendingPathComponent(file)
            try (String(contentsOf: url, encoding: .utf8) + "match:\n  person_id_key: \(key)\n" + extra).write(to: url, atomically: true, encoding: .utf8)
        }
        try #require(try Executables.run("bidui", ["run", data.path + "/previous/pipeline.yaml", "--run-dir", previousRun, "--quiet"]).status == 0)
        let current = try Executables.run("bidui", ["run", data.path + "/pipeline.yaml", "--run-dir", currentRun, "--quiet"])
        try #require(current.status == 0, "\(current.standardError)")

        let diff = try Executables.run("bidui", ["diff", previousRun, currentRun])
        #expect(diff.status == 0, "\(diff.standardError)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: currentRun + "/report/summary.json"))) as? [String: Any]
        let term = try #require(summary?["term_comparison"] as? [String: Any])
        let counts = try #require(term["categories"] as? [[String: Any]])
        let new = counts.reduce(0) { $0 + ($1["new"] as? Int ?? 0) }
        let persisting = counts.reduce(0) { $0 + ($1["persisting"] as? Int ?? 0) }
        let resolved = counts.reduce(0) { $0 + ($1["resolved"] as? Int ?? 0) }
        #expect(diff.standardOutput.contains("\(new) new, \(persisting) persisting, \(resolved) resolved"), "\(diff.standardOutput)")
        #expect(persisting > 0, "the same people keep some findings from one term to the next (e.g. an invalid ID number)")
        #expect(new + persisting == (summary?["totals"] as? [String: Any])?["findings"] as? Int)
        let html = try String(contentsOfFile: currentRun + "/report/summary.html", encoding: .utf8)
        #expect(html.contains("动态监测"))
    }
}
