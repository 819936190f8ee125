import BiduiCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a report is written: every file goes first into a hidden folder beside the report
/// (`.report.writing-<pid>`), and the complete folder then takes the report's place in one step
/// (the two folders are exchanged atomically, and the old one is removed). A reader of `report/`
/// sees the previous report or the new one, never a mixture; a run killed at any point leaves the
/// previous report as it was, and the next run clears what the killed one left.
struct ReportFolder {
    let folder: URL
    let staging: URL

    init(_ folder: URL) throws {
        self.folder = folder
        let parent = folder.deletingLastPathComponent()
        // The folder a copy goes into (`--output`) is the officer's: its mode is left as it is.
        if !FileManager.default.fileExists(atPath: parent.path) { try RunDirectory.create(parent) }
        // Folders left by a run that was killed while writing, or after the exchange before it removed the old report.
        let prefix = ".\(folder.lastPathComponent).writing-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
        // Those of earlier versions, which drafted inside the report folder.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix(".writing-") {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        staging = parent.appendingPathComponent("\(prefix)\(getpid())")
        try RunDirectory.create(staging)
    }

    /// The path a file is written to before it is published.
    func draft(_ name: String) -> URL { staging.appendingPathComponent(name) }

    /// Puts the finished files in place: the draft folder becomes the report folder in one step when
    /// the report folder holds nothing but report files; otherwise (a shared folder with other files
    /// in it, a file system that cannot exchange folders) the files are renamed in one by one, in the
    /// order given (summary.json last, so that a reader who sees the new summary sees the new files too).
    func publish(_ names: [String]) throws {
        for name in names { chmod(draft(name).path, 0o600) }
        try FaultInjection.checkpoint("report.publish")
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: folder.path) {
            if rename(staging.path, folder.path) == 0 { return }
            try RunDirectory.create(folder)
        } else if onlyReportFiles(names), Self.exchange(staging.path, folder.path) {
            try FaultInjection.checkpoint("report.published")
            try? fileManager.removeItem(at: staging)
            return
        }
        for name in names {
            let target = folder.appendingPathComponent(name)
            if rename(draft(name).path, target.path) != 0 {
                throw RunStoreError.io(path: target.path, message: "cannot put the report file in place: \(String(cString: strerror(errno)))")
            }
            try FaultInjection.checkpoint("report.publish")
        }
        try? fileManager.removeItem(at: staging)
    }

    /// Removes the unfinished files after a failure.
    func discard() {
        try? FileManager.default.removeItem(at: staging)
    }

    /// Whether the report folder is a real folder holding nothing but report files (or hidden ones):
    /// only then may it be exchanged whole without losing what someone else put there.
    private func onlyReportFiles(_ names: [String]) -> Bool {
        // A report/ that is a link to a shared folder stays a link: its files are replaced instead.
        guard (try? FileManager.default.destinationOfSymbolicLink(atPath: folder.path)) == nil,
              let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return false }
        let known = Set(names)
        return entries.allSatisfy { known.contains($0) || $0.hasPrefix(".") }
    }

    /// Exchanges two folders atomically (Linux `renameat2(RENAME_EXCHANGE)`, looked up at run time
    /// since Glibc's module map leaves it out); false where the system or file system cannot.
    private static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = renameAt2Symbol else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 1 << 1
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
        #elseif canImport(Darwin)
        return renamex_np(a, b, UInt32(RENAME_SWAP)) == 0
        #else
        return false
        #endif
    }

    #if os(Linux)
    private nonisolated(unsafe) static let renameAt2Symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2")
    #endif
}
