import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// `bidui purge`: deletes run directories whose retention has passed, as cron would run it.
///
/// A run's age is the time since its last stage finished (successfully or not), read from its
/// store; a store that cannot be read falls back to `run.sqlite`'s modification time. Its retention
/// is `--older-than` when given, else the `retention: keep_days:` of the configuration the run last
/// ran with (its `pipeline.yaml`), else 1,095 days. Only directories holding a bidui `run.sqlite`
/// and nothing bidui does not write are deleted; symbolic links are never followed; a run in use
/// (its lock held) is skipped.
public enum RunPurge {
    public struct Options: Sendable {
        /// Overrides every run's own retention.
        public var olderThanDays: Int?
        public var dryRun: Bool
        public var now: Date

        public init(olderThanDays: Int? = nil, dryRun: Bool = false, now: Date = Date()) {
            self.olderThanDays = olderThanDays
            self.dryRun = dryRun
            self.now = now
        }
    }

    public enum Action: Sendable, Equatable {
        case deleted
        case wouldDelete
        /// Its retention has not passed.
        case kept
        /// Due, but a bidui process holds its lock: try again later.
        case inUse(holder: String?)
        /// Not a bidui run directory (or a symbolic link): left alone.
        case notARun(String)
        /// Due, but could not be deleted (completely).
        case failed(String)
    }

    public struct Entry: Sendable {
        public var path: String
        /// When its last stage finished, or run.sqlite's modification time.
        public var lastActive: Date?
        /// "store" or "mtime".
        public var ageSource: String?
        public var keepDays: Int?
        /// "--older-than", "pipeline.yaml" or "default".
        public var keepSource: String?
        public var action: Action
        /// Whole days from `lastActive` to the purge's time.
        public var ageDays: Int?
    }

    public struct Result: Sendable {
        public var entries: [Entry]
        public var dryRun: Bool

        /// 0 when every due run was deleted (or listed), 75 when one was in use, 1 when one could not be deleted.
        public var exitCode: BiduiExitCode {
            if entries.contains(where: { if case .failed = $0.action { true } else { false } }) { return .failure }
            if entries.contains(where: { if case .inUse = $0.action { true } else { false } }) { return .locked }
            return .success
        }

        public var table: String {
            var rows = [["run", "last finished", "age (days)", "keep (days)", "action"]]
            for entry in entries {
                let last = entry.lastActive.map { Timestamp.string($0) + (entry.ageSource == "mtime" ? " (file time)" : "") } ?? "-"
                let keep = entry.keepDays.map { "\($0) (\(entry.keepSource ?? ""))" } ?? "-"
                let action: String
                switch entry.action {
                case .deleted: action = "deleted"
                case .wouldDelete: action = "would delete (--dry-run)"
                case .kept: action = "kept"
                case .inUse(let holder): action = "in use by another bidui process\(holder.map { " (process \($0))" } ?? ""): skipped, try again later"
                case .notARun(let why): action = "left alone: \(why)"
                case .failed(let why): action = "NOT DELETED: \(why)"
                }
                rows.append([entry.path, last, entry.ageDays.map { String($0) } ?? "-", keep, action])
            }
            func count(_ match: (Action) -> Bool) -> Int { entries.filter { match($0.action) }.count }
            let deleted = count { $0 == .deleted || $0 == .wouldDelete }
            let kept = count { $0 == .kept }
            let inUse = count { if case .inUse = $0 { true } else { false } }
            let failed = count { if case .failed = $0 { true } else { false } }
            let summary = "purge: \(deleted) run(s) \(dryRun ? "would be deleted" : "deleted"), \(kept) kept, \(inUse) in use, \(failed) not deleted"
            return TextTable.render(rows) + "\n" + summary
        }
    }

    public struct UsageError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The names bidui writes at the top of a run directory; anything else there stops the deletion.
    static func isBiduiEntry(_ name: String) -> Bool {
        ["run.sqlite", "run.sqlite-journal", "run.sqlite-wal", "run.sqlite-shm", "pipeline.yaml", "bidui.log", "run.lock", "report", "tmp"]
            .contains(name)
            || name.hasPrefix(".report.writing-")  // report drafts
            || (name.hasPrefix(".") && name.hasSuffix(".tmp"))  // RunDirectory.writeAtomically's drafts
    }

    /// Each path is a run directory, or a folder whose immediate subfolders are run directories.
    public static func purge(_ paths: [URL], options: Options) throws -> Result {
        var entries: [Entry] = []
        for path in paths {
            var info = stat()
            guard lstat(path.path, &info) == 0 else {
                throw UsageError(description: "\(path.path): no such folder; give a folder of run directories (e.g. runs) or one run directory")
            }
            let isLink = (info.st_mode & S_IFMT) == S_IFLNK
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw UsageError(description: "\(path.path) is not a folder; give a folder of run directories (e.g. runs) or one run directory")
            }
            if isRegularFile(path.appendingPathComponent("run.sqlite").path) {
                // One run directory, named itself.
                if isLink {
                    entries.append(Entry(path: path.path, action: .notARun("a symbolic link; give the run directory itself")))
                    continue
                }
                entries.append(consider(parent: path.deletingLastPathComponent(), name: path.lastPathComponent, display: path.path, options: options))
                continue
            }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path.path)) ?? []).sorted()
            for name in names where !name.hasPrefix(".") {
                let child = path.appendingPathComponent(name)
                var childInfo = stat()
                guard lstat(child.path, &childInfo) == 0 else { continue }
                switch childInfo.st_mode & S_IFMT {
                case S_IFLNK:
                    entries.append(Entry(path: child.path, action: .notARun("a symbolic link, not followed")))
                case S_IFDIR:
                    if isRegularFile(child.appendingPathComponent("run.sqlite").path) {
                        entries.append(consider(parent: path, name: name, display: child.path, options: options))
                    } else {
                        entries.append(Entry(path: child.path, action: .notARun("no run.sqlite, not a bidui run directory")))
                    }
                default:
                    continue  // files beside the runs are none of purge's business
                }
            }
        }
        return Result(entries: entries, dryRun: options.dryRun)
    }

    private static func consider(parent: URL, name: String, display: String, options: Options) -> Entry {
        let directory = parent.appendingPathComponent(name)
        var entry = Entry(path: display, action: .kept)
        // Is it bidui's store, and when did a stage last finish?
        switch lastActivity(directory) {
        case .notBidui(let why):
            entry.action = .notARun(why)
            return entry
        case .finished(let date):
            entry.lastActive = date
            entry.ageSource = "store"
        case .fileTime(let date):
            entry.lastActive = date
            entry.ageSource = "mtime"
        }
        entry.ageDays = entry.lastActive.map { Int(max(0, options.now.timeIntervalSince($0)) / 86_400) }
        if let days = options.olderThanDays {
            entry.keepDays = days
            entry.keepSource = "--older-than"
        } else if let text = try? String(contentsOf: directory.appendingPathComponent("pipeline.yaml"), encoding: .utf8),
                  let stored = RetentionSettings.stored(inConfigurationText: text, file: directory.appendingPathComponent("pipeline.yaml").path) {
            entry.keepDays = stored.keepDays
            entry.keepSource = "pipeline.yaml"
        } else {
            entry.keepDays = RetentionSettings.defaultKeepDays
            entry.keepSource = "default"
        }
        guard let last = entry.lastActive, let keep = entry.keepDays,
              options.now.timeIntervalSince(last) >= Double(keep) * 86_400 else {
            return entry
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let foreign = names.filter { !isBiduiEntry($0) }.sorted()
        if !foreign.isEmpty {
            entry.action = .failed("holds files bidui does not write (\(foreign.prefix(5).joined(separator: ", ")))"
                                   + "; move them out, or delete the directory by hand")
            return entry
        }
        if options.dryRun {
            if let holder = lockHolder(directory) { entry.action = .inUse(holder: holder) } else { entry.action = .wouldDelete }
            return entry
        }
        let lock: RunLock
        do {
            lock = try RunLock(directory: directory)
        } catch let busy as RunLock.Busy {
            entry.action = .inUse(holder: busy.holder)
            return entry
        } catch {
            entry.action = .failed("\(error)")
            return entry
        }
        do {
            try withExtendedLifetime(lock) {
                try removeTree(parent: parent, name: name)
            }
            entry.action = .deleted
        } catch {
            entry.action = .failed("\(error)")
        }
        return entry
    }

    enum Activity {
        case finished(Date)
        case fileTime(Date)
        case notBidui(String)
    }

    /// The last time a stage finished, from the store; the store file's time when the store has none or cannot be read.
    static func lastActivity(_ directory: URL) -> Activity {
        let path = directory.appendingPathComponent("run.sqlite").path
        guard let handle = FileHandle(forReadingAtPath: path) else { return .notBidui("run.sqlite cannot be read") }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        // An empty store is what a stage that died while creating it leaves: still bidui's.
        if !header.isEmpty && header != Data("SQLite format 3\0".utf8) {
            return .notBidui("run.sqlite is not an SQLite database, not a bidui run directory")
        }
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
        guard !header.isEmpty else { return .fileTime(modified) }
        do {
            let store = try ReadOnlyRunStore(directory: directory, busyTimeout: 2)
            let (tables, last) = try store.read { db -> (Set<String>, String?) in
                let tables = try ReadOnlyRunStore.tables(db)
                guard tables.contains("stage_runs") else { return (tables, nil) }
                let attempts = tables.contains("stage_attempts") ? " UNION ALL SELECT finished_at FROM stage_attempts" : ""
                return (tables, try String.fetchOne(db, sql: "SELECT MAX(finished_at) FROM (SELECT finished_at FROM stage_runs\(attempts))"))
            }
            guard tables.contains("stage_runs") else { return .notBidui("run.sqlite has no stage_runs table, not a bidui run store") }
            if let last, let date = try? Date(last, strategy: .iso8601) { return .finished(date) }
            return .fileTime(modified)
        } catch {
            return .fileTime(modified)
        }
    }

    /// The holder's process id when another process holds the run's lock; nil when it is free (never creates the lock file).
    static func lockHolder(_ directory: URL) -> String? {
        let path = directory.appendingPathComponent("run.lock").path
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        return holder?.isEmpty == false ? holder : "unknown"
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    struct DeletionError: Error, CustomStringConvertible {
        let description: String
    }

    /// Deletes `parent/name` and everything under it through directory descriptors opened with
    /// O_NOFOLLOW, so a symbolic link inside is removed as a link and never leads outside; then
    /// checks that nothing is left.
    static func removeTree(parent: URL, name: String) throws {
        let parentFD = open(parent.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard parentFD >= 0 else { throw DeletionError(description: "cannot open \(parent.path): \(String(cString: strerror(errno)))") }
        defer { close(parentFD) }
        try removeEntry(parentFD, name, shown: parent.appendingPathComponent(name).path)
        var info = stat()
        if fstatat(parentFD, name, &info, AT_SYMLINK_NOFOLLOW) == 0 {
            throw DeletionError(description: "\(parent.appendingPathComponent(name).path) is still there after deleting")
        }
    }

    private static func removeEntry(_ parentFD: Int32, _ name: String, shown: String) throws {
        var info = stat()
        guard fstatat(parentFD, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return }
            throw DeletionError(description: "cannot examine \(shown): \(String(cString: strerror(errno)))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            let fd = openat(parentFD, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw DeletionError(description: "cannot open \(shown): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            // The lock goes last: a stage starting meanwhile finds it held and leaves the run alone.
            for child in try entries(of: fd, shown: shown).sorted(by: { ($0 == "run.lock" ? 1 : 0) < ($1 == "run.lock" ? 1 : 0) }) {
                try removeEntry(fd, child, shown: shown + "/" + child)
            }
            if unlinkat(parentFD, name, AT_REMOVEDIR) != 0 && errno != ENOENT {
                throw DeletionError(description: "cannot remove \(shown): \(String(cString: strerror(errno)))")
            }
        } else if unlinkat(parentFD, name, 0) != 0 && errno != ENOENT {
            throw DeletionError(description: "cannot remove \(shown): \(String(cString: strerror(errno)))")
        }
    }

    private static func entries(of fd: Int32, shown: String) throws -> [String] {
        let copy = dup(fd)
        guard copy >= 0, let stream = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            throw DeletionError(description: "cannot list \(shown): \(String(cString: strerror(errno)))")
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
