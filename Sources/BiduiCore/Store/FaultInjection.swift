import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// Faults on purpose, for the interruption and full-disk tests (Tests/EndToEndTests): the stages
/// pass named checkpoints where a crash or a full disk would do the most harm, and
/// `BIDUI_FAULT=kill@report.publish` kills the process there with SIGKILL (as a power cut or the
/// OOM killer would), `kill@ingest.rows#3` the third time it passes, and `enospc@ingest.rows`
/// fails there as a full disk does (SQLITE_FULL inside a transaction, ENOSPC for a file).
/// Read once; unset, a checkpoint costs one comparison.
public enum FaultInjection {
    public enum Action: String, Sendable { case kill, enospc }

    public struct Plan: Sendable, Equatable {
        public var action: Action
        public var checkpoint: String
        /// The pass at which the fault strikes (1 = the first); a full disk stays full after it.
        public var occurrence: Int
    }

    /// The plan named by `BIDUI_FAULT`, if any.
    public static let plan: Plan? = parse(ProcessInfo.processInfo.environment["BIDUI_FAULT"])

    private final class Passes: @unchecked Sendable {
        let lock = NSLock()
        var count = 0
        func next() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
    }
    private static let passes = Passes()

    /// `action@checkpoint[#n]`; anything else is no plan (a typo must not fail a real run).
    public static func parse(_ text: String?) -> Plan? {
        guard let text, let at = text.firstIndex(of: "@"), let action = Action(rawValue: String(text[..<at])) else { return nil }
        var point = String(text[text.index(after: at)...])
        var occurrence = 1
        if let hash = point.firstIndex(of: "#") {
            guard let n = Int(point[point.index(after: hash)...]), n > 0 else { return nil }
            occurrence = n
            point = String(point[..<hash])
        }
        return point.isEmpty ? nil : Plan(action: action, checkpoint: point, occurrence: occurrence)
    }

    /// A point in a stage's writing (`stage.point`). `file` names the file being written when the
    /// point is a file write; without it the point is inside the store's transaction.
    @inline(__always)
    public static func checkpoint(_ name: StaticString, writing file: URL? = nil) throws {
        guard let plan else { return }
        try strike(plan, name: "\(name)", file: file)
    }

    private static func strike(_ plan: Plan, name: String, file: URL?) throws {
        guard plan.checkpoint == name else { return }
        let pass = passes.next()
        switch plan.action {
        case .kill:
            guard pass == plan.occurrence else { return }
            kill(getpid(), SIGKILL)
        case .enospc:
            guard pass >= plan.occurrence else { return }
            if let file {
                throw CocoaError(.fileWriteOutOfSpace, userInfo: [
                    NSFilePathErrorKey: file.path, NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))])
            }
            throw DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full")
        }
    }
}

/// A write that failed because the disk (or the user's quota) is full, said so the user knows what to do.
public struct DiskFullError: Error, CustomStringConvertible, Sendable {
    /// What was being written: the run store, a report folder, a file.
    public let path: String

    public var description: String {
        "no space left on device writing \(path); free space (df -h \((path as NSString).deletingLastPathComponent)) and re-run: the previous results are kept"
    }

    /// `error` as a `DiskFullError` when a full disk caused it (SQLITE_FULL, ENOSPC, EDQUOT), else `error` itself.
    public static func recognizing(_ error: any Error, writing path: String) -> any Error {
        isDiskFull(error) ? DiskFullError(path: path) : error
    }

    static func isDiskFull(_ error: any Error) -> Bool {
        switch error {
        case is DiskFullError: return true
        case let error as DatabaseError: return error.resultCode == .SQLITE_FULL
        case let error as POSIXError: return error.code == .ENOSPC || error.code == .EDQUOT
        default: break
        }
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain && (error.code == Int(ENOSPC) || error.code == Int(EDQUOT)) { return true }
        if error.domain == NSCocoaErrorDomain && error.code == CocoaError.fileWriteOutOfSpace.rawValue { return true }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error { return isDiskFull(underlying) }
        // Errors that kept only the text (a writer's message, a RunStoreError.io).
        let text = "\(error)"
        return text.contains(String(cString: strerror(ENOSPC))) || text.contains(String(cString: strerror(EDQUOT)))
    }
}
