import BiduiCore
import Foundation
import Testing
import TestSupport

/// Issue 10, full disk: a write that finds no space says so and what to do, exits with 1, and leaves
/// the previous good state (a sound store, the same stamps and rows, the same report, no draft);
/// freeing space and re-running completes. Always with an injected failure (SQLITE_FULL in the
/// store's transaction, ENOSPC for a report file, through `BIDUI_FAULT=enospc@…`); on a real small
/// tmpfs too where this machine lets the test mount one (root, or an unprivileged user namespace).
@Suite struct FullDiskTests {
    @Test(arguments: [
        ("ingest.rows#2", StageName.ingest, "run.sqlite"), ("normalize.rows", .normalize, "run.sqlite"),
        ("match.cleared", .match, "run.sqlite"), ("reconcile.saved", .reconcile, "run.sqlite"),
        ("report.findings#10", .report, "report"), ("report.draft", .report, "report"), ("report.publish", .report, "report"),
    ])
    func anInjectedFullDiskSaysWhatToDoAndKeepsThePreviousState(_ point: String, _ stage: StageName, _ written: String) throws {
        let good = try GoodSampleRun.shared.get()
        let folder = try TemporaryFolder()
        let run = try good.copy(into: folder)
        let before = try RunDirectoryChecks.snapshot(run)

        let full = try Executables.run(
            "bidui", ["run", GoodSampleRun.pipeline, "--run-dir", run.path, "--quiet", "--from", stage.rawValue],
            environment: ["BIDUI_FAULT": "enospc@\(point)"])
        #expect(full.status == 1 && !full.signaled, "\(point): \(full.status)")
        #expect(full.standardError.contains("no space left on device writing \(run.appendingPathComponent(written).path); free space"),
                "\(point): the message names what was being written and what to do: \(full.standardError)")
        #expect(!full.standardError.contains("SQLite error"), "\(point): \(full.standardError)")

        #expect(try RunDirectoryChecks.integrity(run) == "ok", "\(point)")
        let after = try RunDirectoryChecks.snapshot(run)
        #expect(after.stages == before.stages, "\(point): every stage's stamp is the previous one")
        #expect(after.tableRows == before.tableRows, "\(point): no table holds part of a new result")
        #expect(after.report == before.report, "\(point): report/ is byte for byte the previous report")
        #expect(RunDirectoryChecks.drafts(run).isEmpty, "\(point): the failed report removed its draft")
        try RunDirectoryChecks.expectReRunCompletes(run, from: stage >= .reconcile ? stage : nil, good: good, point)
    }

    /// A real full disk: the sample run on a tmpfs of a few megabytes, filled up to a few kilobytes
    /// before a stage runs again (full before the configuration's copy, before the store's journal,
    /// before the report's files); the run is copied out after each step for the checks.
    static let fullDiskSteps = [("ingest", 0, "pipeline.yaml"), ("ingest", 32, "run.sqlite"), ("normalize", 32, "run.sqlite"),
                                ("report", 48, "report")]

    @Test(.enabled("needs a tmpfs mount: root, or unprivileged user namespaces for unshare -r -m") { SmallTmpfs.problem == nil })
    func aRealFullTmpfsSaysWhatToDoAndKeepsThePreviousState() throws {
        let good = try GoodSampleRun.shared.get()
        let folder = try TemporaryFolder()
        let out = folder.url
        var script = """
            cp -a "$GOOD" "$MOUNT/run"
            cp -a "$MOUNT/run" "$OUT/good"

            """
        for (step, (from, free, _)) in Self.fullDiskSteps.enumerated() {
            script += """
                avail=$(df -k --output=avail "$MOUNT" | tail -n 1)
                dd if=/dev/zero of="$MOUNT/filler" bs=1024 count=$((avail - \(free))) 2> /dev/null
                "$BIDUI" run "$PIPELINE" --run-dir "$MOUNT/run" --quiet --from \(from) > /dev/null 2> "$OUT/full\(step).err"
                echo $? > "$OUT/full\(step).status"
                rm "$MOUNT/filler"
                cp -a "$MOUNT/run" "$OUT/full\(step)"

                """
        }
        script += """
            "$BIDUI" run "$PIPELINE" --run-dir "$MOUNT/run" --quiet --from report > /dev/null 2> "$OUT/again.err"
            echo $? > "$OUT/again.status"
            cp -a "$MOUNT/run" "$OUT/again"
            """
        let result = try SmallTmpfs.run(script: script, out: out, good: good.run)
        try #require(result.status == 0, "the script on the tmpfs: \(result.status) \(result.standardError)")
        let before = try RunDirectoryChecks.snapshot(out.appendingPathComponent("good"))
        for (step, (from, free, written)) in Self.fullDiskSteps.enumerated() {
            let context = "--from \(from) with \(free) KiB free"
            let status = try String(contentsOf: out.appendingPathComponent("full\(step).status"), encoding: .utf8)
            let message = try String(contentsOf: out.appendingPathComponent("full\(step).err"), encoding: .utf8)
            #expect(status == "1\n", "\(context): \(status) \(message)")
            #expect(message.contains("no space left on device writing ") && message.contains("/run/\(written); free space"),
                    "\(context): the message says what was being written and what to do: \(message)")
            let run = out.appendingPathComponent("full\(step)")
            #expect(try RunDirectoryChecks.integrity(run) == "ok", "\(context)")
            let after = try RunDirectoryChecks.snapshot(run)
            #expect(after.stages == before.stages, "\(context): every stage's stamp is the previous one")
            #expect(after.tableRows == before.tableRows, "\(context): no table holds part of a new result")
            #expect(after.report == before.report, "\(context): report/ is byte for byte the previous report")
            #expect(RunDirectoryChecks.drafts(run).isEmpty, "\(context): no draft left: \(RunDirectoryChecks.drafts(run))")
            let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: run.path)) ?? []).filter { $0.hasPrefix(".") || $0 == "tmp" }
            #expect(leftovers.isEmpty, "\(context): nothing left to take space: \(leftovers)")
        }
        let again = try String(contentsOf: out.appendingPathComponent("again.status"), encoding: .utf8)
        #expect(again == "0\n", "with space freed the run completes: \((try? String(contentsOf: out.appendingPathComponent("again.err"), encoding: .utf8)) ?? "")")
        let againRun = out.appendingPathComponent("again")
        RunDirectoryChecks.expectCompleteReport(try RunDirectoryChecks.reportFiles(againRun), good: good, "after freeing space")
        #expect(try RunDirectoryChecks.integrity(againRun) == "ok")
    }
}

/// A tmpfs of a few megabytes, mounted in a mount namespace of its own (`unshare`), so that nothing
/// stays mounted whatever happens to the test.
enum SmallTmpfs {
    static let megabytes = 16

    /// Why no tmpfs can be mounted here, or nil when one can.
    static let problem: String? = {
        guard let folder = try? TemporaryFolder() else { return "no temporary folder" }
        guard let probe = try? run(script: "true", out: folder.url) else { return "unshare(1) could not be started" }
        return probe.status == 0 ? nil
            : "cannot mount a tmpfs here (needs root or unprivileged user namespaces): \(probe.standardError.trimmingCharacters(in: .whitespacesAndNewlines))"
    }()

    /// Runs `script` (sh) with a fresh tmpfs at $MOUNT, $OUT = `out`, $GOOD = `good`, $BIDUI and $PIPELINE.
    static func run(script: String, out: URL, good: URL? = nil) throws -> CommandResult {
        let mount = out.appendingPathComponent("mnt")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        let body = "set -u; mount -t tmpfs -o size=\(megabytes)m bidui-full-disk-test \"$MOUNT\" || exit 90\n" + script
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // -r maps this user to root inside the namespace; as root it changes nothing.
        process.arguments = ["unshare", "-r", "-m", "sh", "-c", body]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "MOUNT": mount.path, "OUT": out.path, "PIPELINE": GoodSampleRun.pipeline,
            "BIDUI": Executables.folder.appendingPathComponent("bidui").path, "GOOD": good?.path ?? "",
        ]) { $1 }
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, standardOutput: "", standardError: String(decoding: errData, as: UTF8.self))
    }
}
