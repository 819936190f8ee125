import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program and measures it the way `time -v` does: wall time and the child's peak RSS.
enum ChildProcess {
    struct Measurement {
        var status: Int32
        var seconds: Double
        var peakKiB: Int
    }

    static func measure(_ path: String, _ arguments: [String]) throws -> Measurement {
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now()
        // The child's own report would drown the benchmark's table: send its standard output away.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw CocoaError(.executableNotLoadable, userInfo: [NSFilePathErrorKey: path])
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Measurement(status: exitStatus, seconds: seconds, peakKiB: usage.ru_maxrss)
    }
}
