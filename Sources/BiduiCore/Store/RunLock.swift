import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive OS lock (`flock`) on a run directory: the kernel drops it when the process dies,
/// even by SIGKILL, so a crash never leaves a stale lock behind.
public final class RunLock: @unchecked Sendable {
    public struct Busy: Error, CustomStringConvertible, Sendable {
        public let directory: String
        public let holder: String?
        public var description: String {
            let who = holder.map { " (held by process \($0))" } ?? ""
            return "run directory \(directory) is in use by another bidui process\(who); wait for it to finish, or use another --run-dir"
        }
    }

    private let descriptor: Int32
    public let path: String

    /// Takes the lock or throws `Busy` at once; never waits.
    public init(directory: URL) throws {
        path = directory.appendingPathComponent("run.lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw RunStoreError.io(path: path, message: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            throw Busy(directory: directory.path, holder: holder?.isEmpty == false ? holder : nil)
        }
        descriptor = fd
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        RunDirectory.clearInterruptedWork(directory)
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
