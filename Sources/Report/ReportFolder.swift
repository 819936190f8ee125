import BiduiCore
import Foundation

/// Where a report is written: every file goes first into a hidden folder beside the report, and is
/// renamed into place only once all of them are complete. A reader of `report/` sees the previous
/// file or the new one, never half of one; a run killed while writing leaves the previous report
/// as it was (and its hidden folder is cleared by the next run).
struct ReportFolder {
    let folder: URL
    let staging: URL

    init(_ folder: URL) throws {
        self.folder = folder
        try RunDirectory.create(folder)
        // Folders left by a run that was killed while writing.
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in leftovers where name.hasPrefix(".writing-") {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        staging = folder.appendingPathComponent(".writing-\(getpid())")
        try RunDirectory.create(staging)
    }

    /// The path a file is written to before it is published.
    func draft(_ name: String) -> URL { staging.appendingPathComponent(name) }

    /// Moves the finished files into the report folder, in the order given (summary.json last, so
    /// that a reader who sees the new summary sees the new files too).
    func publish(_ names: [String]) throws {
        for name in names {
            let target = folder.appendingPathComponent(name)
            chmod(draft(name).path, 0o600)
            if rename(draft(name).path, target.path) != 0 {
                throw RunStoreError.io(path: target.path, message: "cannot put the report file in place: \(String(cString: strerror(errno)))")
            }
        }
        try? FileManager.default.removeItem(at: staging)
    }

    /// Removes the unfinished files after a failure.
    func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
