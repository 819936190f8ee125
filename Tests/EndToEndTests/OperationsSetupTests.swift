import BiduiCore
import Foundation
import Ingest
import Testing
import TestSupport

/// `bidui init` and `bidui check` as an officer meets them: init on a copy of samples/ gives a
/// configuration that checks and runs, and gives the same findings as the hand-written sample pipeline.
@Suite struct OperationsSetupTests {
    /// A copy of the repository's samples/ in a temporary folder.
    func samplesCopy() throws -> (TemporaryFolder, URL) {
        let folder = try TemporaryFolder()
        let copy = folder.url.appendingPathComponent("samples")
        try FileManager.default.copyItem(at: Fixtures.repositoryRoot.appendingPathComponent("samples"), to: copy)
        return (folder, copy)
    }

    /// The role each sample file must get: its folder's, and for the hand-made files their README row's.
    static func expectedRoles(_ samples: URL) throws -> [String: SourceRole] {
        var roles: [String: SourceRole] = [:]
        for (folder, role) in [("学籍", SourceRole.enrollment), ("资助", .aid), ("乡村振兴", .rural), ("民政", .civil)] {
            for name in try FileManager.default.contentsOfDirectory(atPath: samples.appendingPathComponent(folder).path) where !name.hasPrefix(".") {
                roles["\(folder)/\(name)"] = role
            }
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: samples.appendingPathComponent("handmade").path) {
            if name.contains("学籍") { roles["handmade/\(name)"] = .enrollment }
            if name.contains("资助") { roles["handmade/\(name)"] = .aid }
            if name.contains("低保") { roles["handmade/\(name)"] = .civil }
        }
        return roles
    }

    /// A finding as category and source rows, with file names made relative to samples/.
    static func findings(_ url: URL, dropping prefix: String) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let sources = (object["sources"] as? [[String: Any]] ?? []).map { source in
                let file = (source["file"] as? String ?? "").replacingOccurrences(of: prefix, with: "")
                return "\(source["role"] ?? "")|\(file)|\(source["sheet"] ?? "-")|\(source["row"] ?? 0)"
            }.sorted()
            return "\(object["category"] ?? "") " + sources.joined(separator: ", ")
        }.sorted()
    }

    @Test func initOnTheSamplesGivesAConfigurationThatChecksAndRuns() throws {
        let (folder, samples) = try samplesCopy()
        let initResult = try Executables.run("bidui", ["init", samples.path])
        try #require(initResult.status == 0, "\(initResult.standardError)")
        #expect(initResult.standardOutput.contains("decided: 22 file(s) for 4 role(s); not decided: 0\n"), "\(initResult.standardOutput)")
        let pipeline = samples.appendingPathComponent("pipeline.yaml")
        let text = try String(contentsOf: pipeline, encoding: .utf8)
        #expect(!text.contains("truth/") && !text.contains("expected/"), "truth/ and expected/ are left out:\n\(text)")

        // Every sample file is read, each as its role; nothing else is.
        let check = try PipelineCheck.run(try PipelineConfiguration.load(from: pipeline), pipelineArgument: pipeline.path)
        #expect(check.fileRoles == (try Self.expectedRoles(samples)), "\(text)")

        let checked = try Executables.run("bidui", ["check", pipeline.path], in: folder.url)
        #expect(checked.status == 0 || (checked.status == 3 && checked.standardOutput.contains("problems")), "\(checked.standardOutput)\(checked.standardError)")
        #expect(checked.standardOutput.contains("verdict:"))
        #expect(UnmaskedIDNumbers.find(in: checked.standardOutput).isEmpty, "check shows headers, never ID numbers")

        let run = folder.url.appendingPathComponent("run").path
        let written = folder.url.appendingPathComponent("findings.jsonl")
        for stage in ["ingest", "normalize", "match", "reconcile"] {
            let extra = stage == "reconcile" ? ["--write-findings", written.path] : []
            let result = try Executables.run("bidui", [stage, pipeline.path, "--run-dir", run, "--quiet"] + extra)
            try #require(result.status == 0 || result.status == 3, "\(stage): \(result.standardError)")
        }
        let expected = try Self.findings(Fixtures.repositoryRoot.appendingPathComponent("samples/expected/discrepancies.jsonl"), dropping: "../samples/")
        #expect(try Self.findings(written, dropping: "") == expected, "the proposed pipeline finds what pipelines/sample.yaml finds")
    }

    @Test func initRefusesToOverwriteWithoutForceAndWritesElsewhereWithRelativePaths() throws {
        let (folder, samples) = try samplesCopy()
        let pipeline = samples.appendingPathComponent("pipeline.yaml")
        try "# the officer's own\n".write(to: pipeline, atomically: true, encoding: .utf8)
        let refused = try Executables.run("bidui", ["init", samples.path])
        #expect(refused.status == 64)
        #expect(refused.standardError.contains("exists") && refused.standardError.contains("--force"), "\(refused.standardError)")
        #expect(try String(contentsOf: pipeline, encoding: .utf8) == "# the officer's own\n", "the file is left unchanged")

        let elsewhere = folder.url.appendingPathComponent("pipelines/county.yaml")
        try FileManager.default.createDirectory(at: elsewhere.deletingLastPathComponent(), withIntermediateDirectories: true)
        let written = try Executables.run("bidui", ["init", samples.path, "-o", elsewhere.path])
        try #require(written.status == 0, "\(written.standardError)")
        let text = try String(contentsOf: elsewhere, encoding: .utf8)
        #expect(text.contains("\"../samples/学籍/*.csv\""), "\(text)")
        #expect(try Executables.run("bidui", ["check", elsewhere.path]).status == 0)

        let forced = try Executables.run("bidui", ["init", samples.path, "--force"])
        #expect(forced.status == 0)
        #expect(try String(contentsOf: pipeline, encoding: .utf8).contains("- role: enrollment"))
    }

    @Test func checkWritesNothingAndNamesTheLineOfATypo() throws {
        let folder = try TemporaryFolder()
        let workingDirectory = folder.url.appendingPathComponent("cwd")
        try FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
        let sample = Fixtures.repositoryRoot.appendingPathComponent("pipelines/sample.yaml").path
        let checked = try Executables.run("bidui", ["check", sample], in: workingDirectory)
        #expect(checked.status == 0, "\(checked.standardOutput)\(checked.standardError)")
        #expect(checked.standardOutput.contains("verdict: ready"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: workingDirectory.path).isEmpty, "no runs/ folder, no lock, no log")

        let typo = try folder.write("""
            reconciliation:
              school_year: "2025-2026"
              term: 秋季学期
              reference_date: 2025-10-31
            sources:
              - role: civil
                pahts: ["a.csv"]
            """, to: "typo.yaml")
        let refused = try Executables.run("bidui", ["check", typo.path], in: workingDirectory)
        #expect(refused.status == 78)
        #expect(refused.standardError.contains("typo.yaml:7: sources[0].pahts: unknown key \"pahts\""), "\(refused.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: workingDirectory.path).isEmpty)
    }
}
