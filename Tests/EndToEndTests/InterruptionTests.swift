import BiduiCore
import Foundation
import Testing
import TestSupport

/// Issue 10, interruption: each stage is killed with SIGKILL at the points where a crash would do
/// the most harm (`BIDUI_FAULT`, see FaultInjection) and at random moments; afterwards the store is
/// sound and holds the previous good state (or, killed after its commit, the stage's complete new
/// one), report/ is the previous report or a complete new one, never a mixture nor a draft, the lock
/// is free, and re-running ends with exactly the findings and links of an uninterrupted run.
@Suite struct InterruptionTests {
    struct KillPoint: Sendable, CustomTestStringConvertible {
        /// `stage.point[#n]`, as BIDUI_FAULT names it.
        var point: String
        var stage: StageName
        /// Killed after its transaction committed: the stage's new results stand, later stages are stale.
        var afterCommit = false
        /// Killed after the new report took report/'s place.
        var afterPublish = false
        var testDescription: String { point }
    }

    static let killPoints: [KillPoint] = [
        .init(point: "ingest.rows#3", stage: .ingest),          // the old rows deleted, some new ones inserted
        .init(point: "ingest.commit", stage: .ingest),          // everything written and recorded, not committed
        .init(point: "ingest.committed", stage: .ingest, afterCommit: true),
        .init(point: "normalize.rows", stage: .normalize),
        .init(point: "normalize.commit", stage: .normalize),
        .init(point: "match.cleared", stage: .match),
        .init(point: "match.commit", stage: .match),
        .init(point: "reconcile.saved", stage: .reconcile),
        .init(point: "reconcile.commit", stage: .reconcile),
        .init(point: "report.findings#40", stage: .report),     // half of the workbook, CSV and JSONL drafted
        .init(point: "report.draft", stage: .report),           // every file but summary.json drafted
        .init(point: "report.publish", stage: .report),         // all drafted, about to take report/'s place
        .init(point: "report.published", stage: .report, afterPublish: true), // in place, the old report not yet removed
        .init(point: "report.record", stage: .report, afterPublish: true),    // in place, the stage not yet recorded
    ]

    @Test(arguments: killPoints)
    func aStageKilledAtAPointLeavesThePreviousGoodStateAndReRunsToTheSameResults(_ kill: KillPoint) throws {
        let good = try GoodSampleRun.shared.get()
        let folder = try TemporaryFolder()
        let run = try good.copy(into: folder)
        let before = try RunDirectoryChecks.snapshot(run)

        let killed = try Executables.run(
            "bidui", ["run", GoodSampleRun.pipeline, "--run-dir", run.path, "--quiet", "--from", kill.stage.rawValue],
            environment: ["BIDUI_FAULT": "kill@\(kill.point)"])
        try #require(killed.signaled && killed.status == SIGKILL, "the fault point was reached: \(killed.status) \(killed.standardError)")

        // Looking is possible at once, without the lock and before anything rolls the journal back.
        let status = try Executables.run("bidui", ["status", run.path, "--json"])
        #expect(status.status == 0 || status.standardError.contains("interrupted"), "\(kill.point): \(status.standardError)")

        #expect(try RunDirectoryChecks.integrity(run) == "ok", "\(kill.point)")
        let after = try RunDirectoryChecks.snapshot(run)
        if kill.afterCommit {
            #expect(after.stages[kill.stage.rawValue] != before.stages[kill.stage.rawValue], "\(kill.point): the committed stage stands")
            for later in kill.stage.later {
                #expect(after.stages[later.rawValue]?.hasSuffix(" fresh") == false, "\(kill.point): \(later.rawValue) is stale")
            }
            #expect(after.report == before.report, "\(kill.point): report/ is the previous report")
        } else if kill.afterPublish {
            #expect(after.stages == before.stages && after.tableRows == before.tableRows, "\(kill.point): the store is as it was")
            RunDirectoryChecks.expectCompleteReport(after.report, good: good, kill.point)
        } else {
            #expect(after.stages == before.stages, "\(kill.point): every stage's stamp is the previous one")
            #expect(after.tableRows == before.tableRows, "\(kill.point): no table holds part of a new result")
            #expect(after.report == before.report, "\(kill.point): report/ is byte for byte the previous report")
        }
        // What cron does next: `bidui run`, which skips what is unchanged (and clears the drafts under the
        // lock); the last two stages, quick ones, are made to run again as well.
        try RunDirectoryChecks.expectReRunCompletes(run, from: kill.stage >= .reconcile ? kill.stage : nil, good: good, kill.point)
    }

    /// The first run of a new run directory, killed: nothing half-made is taken for a result, and `bidui run` completes it.
    @Test(arguments: ["ingest.rows#2", "report.publish"])
    func aKilledFirstRunIsCompletedByTheNextRun(_ point: String) throws {
        let good = try GoodSampleRun.shared.get()
        let folder = try TemporaryFolder()
        let run = folder.url.appendingPathComponent("run")
        let killed = try Executables.run("bidui", ["run", GoodSampleRun.pipeline, "--run-dir", run.path, "--quiet"],
                                         environment: ["BIDUI_FAULT": "kill@\(point)"])
        try #require(killed.signaled && killed.status == SIGKILL, "\(point): \(killed.status) \(killed.standardError)")
        #expect(try RunDirectoryChecks.integrity(run) == "ok", "\(point)")
        #expect(try RunDirectoryChecks.reportFiles(run) == nil, "\(point): no report folder before a report is complete")
        let killedStage = String(point.prefix { $0 != "." })
        #expect(try RunDirectoryChecks.snapshot(run).stages[killedStage] == nil, "\(point): the killed stage has no results")
        try RunDirectoryChecks.expectReRunCompletes(run, from: nil, good: good, point)
    }

    /// The complement of the named points: SIGKILL from outside at random moments of a whole run.
    @Test func aRunKilledAtRandomMomentsReRunsToTheSameResults() throws {
        let good = try GoodSampleRun.shared.get()
        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<3 {
            let folder = try TemporaryFolder()
            let run = try good.copy(into: folder)
            let before = try RunDirectoryChecks.snapshot(run)
            let delay = good.seconds * Double.random(in: 0.05...0.95, using: &generator)
            let process = Process()
            process.executableURL = Executables.folder.appendingPathComponent("bidui")
            process.arguments = ["run", GoodSampleRun.pipeline, "--run-dir", run.path, "--quiet", "--from", "ingest"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let context = "attempt \(attempt), killed after \(String(format: "%.2f", delay)) s"

            #expect(try RunDirectoryChecks.integrity(run) == "ok", "\(context)")
            let after = try RunDirectoryChecks.snapshot(run)
            #expect(after.report.map { $0.keys.filter { $0.hasPrefix(".") } } == [], "\(context): no draft in report/")
            // The previous report or a complete new one: its summary page and numbers come from the same run.
            let report = after.report ?? [:]
            #expect((report["summary.json"] == before.report?["summary.json"]) == (report["summary.html"] == before.report?["summary.html"]),
                    "\(context): report/ mixes two runs")
            RunDirectoryChecks.expectCompleteReport(after.report, good: good, context)
            try RunDirectoryChecks.expectReRunCompletes(run, from: nil, good: good, context)
        }
    }
}
