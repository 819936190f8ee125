import Foundation
import Testing
import TestSupport

@Suite struct IngestCommandTests {
    @Test func theSamplePipelineIngestsEveryFileAndAccountsForEveryRow() throws {
        let folder = try TemporaryFolder()
        let runDirectory = folder.url.appendingPathComponent("sample").path
        let pipeline = Fixtures.repositoryRoot.appendingPathComponent("pipelines/sample.yaml").path
        let result = try Executables.run("bidui", ["ingest", pipeline, "--run-dir", runDirectory])
        #expect(result.status == 0, "\(result.standardError)")
        for role in ["enrollment", "aid", "rural", "civil"] {
            #expect(result.standardOutput.contains("\n\(role) "), "the accounting lists the \(role) files")
        }
        let totalLine = try #require(result.standardOutput.split(separator: "\n").first { $0.hasPrefix("total") })
        let numbers = totalLine.split(separator: " ").compactMap { Int($0) }
        #expect(numbers.count == 4)
        #expect(numbers[0] == numbers[1] + numbers[2] + numbers[3], "read = accepted + skipped + rejected")
        #expect(numbers[1] > 300)
        let log = try String(contentsOfFile: runDirectory + "/bidui.log", encoding: .utf8)
        #expect(UnmaskedIDNumbers.find(in: log + result.standardError).isEmpty)
    }

    @Test func aConfigurationErrorExits78WithFileLineAndKey() throws {
        let folder = try TemporaryFolder()
        let pipeline = try folder.write("""
            reconciliation:
              school_year: "2025-2026"
              term: 秋季学期
              reference_date: 2025-10-31
            sources:
              - role: civl
                paths: [a.csv]
            """, to: "bad.yaml")
        let result = try Executables.run("bidui-ingest", [pipeline.path, "--run-dir", folder.url.appendingPathComponent("run").path])
        #expect(result.status == 78)
        #expect(result.standardError.contains("bad.yaml:6: sources[0].role: unknown role \"civl\""))
    }

    @Test func aSecondProcessOnTheSameRunIsRefusedWith75() throws {
        let folder = try TemporaryFolder()
        try folder.write("姓名,身份证号\n张三,420102199001011234\n", to: "c.csv")
        let pipeline = try folder.write(Fixtures.pipeline("  - {role: civil, paths: [c.csv]}"), to: "p.yaml")
        let runDirectory = folder.url.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        holder.arguments = ["-c", "import fcntl,sys,time\nf=open(sys.argv[1],'a+')\nfcntl.flock(f,fcntl.LOCK_EX)\nprint('ok',flush=True)\ntime.sleep(60)",
                            runDirectory.appendingPathComponent("run.lock").path]
        let ready = Pipe()
        holder.standardOutput = ready
        try holder.run()
        defer { holder.terminate(); holder.waitUntilExit() }
        _ = ready.fileHandleForReading.availableData
        let refused = try Executables.run("bidui", ["ingest", pipeline.path, "--run-dir", runDirectory.path])
        #expect(refused.status == 75)
        #expect(refused.standardError.contains("is in use by another bidui process"))
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        let after = try Executables.run("bidui", ["ingest", pipeline.path, "--run-dir", runDirectory.path])
        #expect(after.status == 0, "the lock of a killed process does not linger")
    }

    @Test func aFileThatCannotBeReadGivesExit3AndTheOthersAreStored() throws {
        let folder = try TemporaryFolder()
        try folder.write("姓名,身份证号\n张三,420102199001011234\n", to: "data/good.csv")
        try folder.copyFixture("csv/civil_biff.xls", to: "data/old.xls")
        let pipeline = try folder.write(Fixtures.pipeline("  - {role: civil, paths: [\"data/*\"]}"), to: "p.yaml")
        let result = try Executables.run("bidui", ["ingest", pipeline.path, "--run-dir", folder.url.appendingPathComponent("run").path, "--quiet"])
        #expect(result.status == 3)
        #expect(result.standardOutput.contains("data/old.xls: is a binary Excel 97-2003 workbook (BIFF)"))
        #expect(result.standardError.isEmpty, "--quiet keeps standard error clean for cron mail")
        #expect(UnmaskedIDNumbers.find(in: result.standardOutput).isEmpty)
    }

    @Test func theDefaultRunDirectoryIsRunsSlashPipelineName() throws {
        let folder = try TemporaryFolder()
        try folder.write("姓名,身份证号\n张三,420102199001011234\n", to: "c.csv")
        try folder.write(Fixtures.pipeline("  - {role: civil, paths: [c.csv]}"), to: "county.yaml")
        let result = try Executables.run("bidui", ["ingest", "county.yaml"], in: folder.url)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("runs/county/run.sqlite").path))
    }
}
