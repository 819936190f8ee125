import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A file's identity and state as `stat` sees it; taken before a file is read and again after, a
/// difference means the file changed while it was read (a department still exporting, a copy still
/// running), so rows read from it may be half old and half new.
struct FileStamp: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int
    var changedSeconds: Int
    var changedNanoseconds: Int

    /// The stamp of the file at `url` (following symbolic links); nil when it cannot be stat'ed.
    static func of(_ url: URL) -> FileStamp? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return FileStamp(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modifiedSeconds: info.st_mtim.tv_sec, modifiedNanoseconds: info.st_mtim.tv_nsec,
            changedSeconds: info.st_ctim.tv_sec, changedNanoseconds: info.st_ctim.tv_nsec)
    }
}

/// Points where tests can act on a file while ingest reads it (empty outside tests), by the file's path
/// so tests running side by side do not touch each other's files.
enum IngestTestHooks {
    private static let actions = Mutex<[String: @Sendable (URL) -> Void]>([:])

    /// Runs `action` after the first pass over the file at `path` (size, hash, encoding), before it is parsed.
    static func afterFirstPass(of path: String, _ action: (@Sendable (URL) -> Void)?) {
        actions.withLock { $0[path] = action }
    }

    static func runAfterFirstPass(_ url: URL) {
        let action = actions.withLock { $0.isEmpty ? nil : $0[url.path] }
        action?(url)
    }
}

extension FileIngestion {
    /// Why a file could not be opened, with what the officer can do about it.
    static func advice(forPOSIXError code: Int32) -> String? {
        switch code {
        case EACCES, EPERM:
            "check the file's permissions: the user running bidui must be able to read it (for example `chmod a+r`, or ask the administrator)"
        case ELOOP:
            "it is a symbolic link that leads back to itself (a loop); point the link at the real export or remove it"
        case ENOENT:
            "it does not exist (a symbolic link to a missing file, or moved after the folder was listed); check the folder and run ingest again"
        case EISDIR:
            "it is a folder, not a file; name the files inside it in the pipeline"
        default:
            nil
        }
    }
}
