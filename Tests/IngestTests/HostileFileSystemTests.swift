import Foundation
import Testing
import TestSupport
@testable import BiduiCore
@testable import Ingest

/// Hostile situations around the files rather than inside them (issue 10): symbolic link loops in a
/// globbed folder, and a file that changes while ingest reads it. An unreadable file needs a user
/// other than root; it runs as a child process in HostileRunTests.
@Suite struct HostileFileSystemTests {
    @Test func aSymbolicLinkLoopInAGlobEndsAndIsReported() throws {
        let started = Date()
        let h = try IngestHarness.run("""
              - {role: civil, paths: ["../data/*", "../data/*/*.csv", "../data/*/*/*.csv", "../data/*/*/*/*/*/*.csv"]}
            """) { folder in
            try folder.write(HostileInputTests.good, to: "data/good.csv")
            try folder.write("姓名,身份证号\n李四,420102199001015678\n", to: "data/sub/other.csv")
            let data = folder.url.appendingPathComponent("data")
            try FileManager.default.createSymbolicLink(atPath: data.appendingPathComponent("loop").path, withDestinationPath: ".")
            try FileManager.default.createSymbolicLink(atPath: data.appendingPathComponent("sub/up").path, withDestinationPath: "..")
            try FileManager.default.createSymbolicLink(atPath: data.appendingPathComponent("self.csv").path, withDestinationPath: "self.csv")
        }
        #expect(Date().timeIntervalSince(started) < 30)
        // Every way through the loops reaches the same two files: each is read once.
        #expect(h.report.totals.accepted == 2)
        #expect(try h.rows().compactMap { $0.cells["name"] }.sorted() == ["张三", "李四"])
        let looped = h.report.lines.filter { $0.file.hasSuffix("self.csv") }
        #expect(looped.count == 1, "the looping link is reported once, under its first name")
        #expect(looped.first?.problem == "cannot be read: Too many levels of symbolic links; it is a symbolic link that leads back to itself (a loop); point the link at the real export or remove it")
        #expect(h.report.exitCode == .partial)
    }

    @Test func aPlainPathToALoopingLinkIsReportedNotMissing() throws {
        let h = try IngestHarness.run("""
              - {role: civil, paths: ["../data/good.csv", "../data/self.csv"]}
            """) { folder in
            try folder.write(HostileInputTests.good, to: "data/good.csv")
            try FileManager.default.createSymbolicLink(
                atPath: folder.url.appendingPathComponent("data/self.csv").path, withDestinationPath: "self.csv")
        }
        #expect(h.line("../data/self.csv")?.problem?.contains("symbolic link that leads back to itself") == true)
        try HostileInputTests.expectGoodFileArrived(h)
    }

    /// The hook runs after the first pass (hash, encoding) and before the rows are parsed, where a
    /// department's export still being written would append.
    @Test(arguments: ["append", "rewrite", "replace"])
    func aFileThatChangesWhileBeingReadIsRejectedWhole(_ change: String) throws {
        let h = try HostileInputTests.ingest { folder in
            let url = try folder.write("姓名,身份证号\n李四,420102199001015678\n王五,420102199001019999\n", to: "data/changing.csv")
            IngestTestHooks.afterFirstPass(of: url.standardizedFileURL.path) { url in
                switch change {
                case "append":
                    guard let handle = try? FileHandle(forWritingTo: url) else { return }
                    _ = try? handle.seekToEnd()
                    try? handle.write(contentsOf: Data("赵六,420102199001013333\n".utf8))
                    try? handle.close()
                case "rewrite":
                    // Same size, new content, new modification time.
                    Thread.sleep(forTimeInterval: 0.01)
                    try? Data("姓名,身份证号\n李四,420102199001015678\n王五,420102199001018888\n".utf8).write(to: url)
                default:
                    // The export program writes a new file and renames it over the old one.
                    let next = url.deletingLastPathComponent().appendingPathComponent(".changing.tmp")
                    try? Data("姓名,身份证号\n李四,420102199001015678\n".utf8).write(to: next)
                    _ = rename(next.path, url.path)
                }
            }
        }
        defer { IngestTestHooks.afterFirstPass(of: h.folder.url.appendingPathComponent("data/changing.csv").standardizedFileURL.path, nil) }
        let line = try #require(h.line("../data/changing.csv"))
        #expect(line.problem == "changed while being read (its size or modification time differs after reading); none of its rows are kept. Re-run ingest when the export or copy is complete")
        #expect(line.counts.accepted == 0)
        #expect(try h.rows().allSatisfy { $0.file == "../data/good.csv" }, "no half-read rows")
        #expect(try h.issues().allSatisfy { $0.file == "../data/good.csv" })
        try HostileInputTests.expectGoodFileArrived(h)
    }

    @Test func aFileLeftAloneIsNotTakenForChanged() throws {
        let h = try HostileInputTests.ingest { try $0.write("姓名,身份证号\n李四,420102199001015678\n", to: "data/still.csv") }
        #expect(h.line("../data/still.csv")?.problem == nil)
        try HostileInputTests.expectGoodFileArrived(h, partial: false)
    }
}
