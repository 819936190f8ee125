import Foundation

extension RunDirectory {
    /// Removes what a process killed while working in `directory` left behind: report drafts
    /// (`.report.writing-<pid>`, and `report/.writing-<pid>` of earlier versions), half-written
    /// files of `writeAtomically` (`.<name>.<pid>.tmp`) and ingest's `tmp/`. Called by whoever takes
    /// the run lock, so that a `bidui run` which skips every stage clears them too; never touches
    /// results, which the store's transactions and the report's exchange keep whole.
    static func clearInterruptedWork(_ directory: URL) {
        let fileManager = FileManager.default
        let report = directory.appendingPathComponent("report")
        var leftovers: [URL] = []
        for name in (try? fileManager.contentsOfDirectory(atPath: directory.path)) ?? [] {
            if (name.hasPrefix(".") && name.contains(".writing-")) || (name.hasPrefix(".") && name.hasSuffix(".tmp")) || name == "tmp" {
                leftovers.append(directory.appendingPathComponent(name))
            }
        }
        for name in (try? fileManager.contentsOfDirectory(atPath: report.path)) ?? [] where name.hasPrefix(".writing-") {
            leftovers.append(report.appendingPathComponent(name))
        }
        for url in leftovers { try? fileManager.removeItem(at: url) }
    }
}
