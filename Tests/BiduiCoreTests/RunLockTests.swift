import Foundation
import Testing
import TestSupport
@testable import BiduiCore

@Suite struct RunLockTests {
    @Test func aSecondLockOnTheSameRunIsRefusedAtOnce() throws {
        let folder = try TemporaryFolder()
        let first = try RunLock(directory: folder.url)
        do {
            _ = try RunLock(directory: folder.url)
            Issue.record("the second lock was granted")
        } catch let busy as RunLock.Busy {
            #expect(busy.holder == "\(getpid())")
            #expect(busy.description.contains("is in use by another bidui process (held by process \(getpid()))"))
        }
        _ = first
    }

    @Test func releasingTheLockLetsTheNextProcessIn() throws {
        let folder = try TemporaryFolder()
        do { _ = try RunLock(directory: folder.url) }
        _ = try RunLock(directory: folder.url)
    }

    /// A holder killed with SIGKILL cannot clean up; the kernel drops an flock with the process.
    @Test func aKilledHolderLeavesNoStaleLock() throws {
        let folder = try TemporaryFolder()
        let lockPath = folder.url.appendingPathComponent("run.lock").path
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        holder.arguments = ["-c", """
            import fcntl, os, sys, time
            f = open(sys.argv[1], "a+")
            fcntl.flock(f, fcntl.LOCK_EX)
            print("locked", flush=True)
            time.sleep(60)
            """, lockPath]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        _ = output.fileHandleForReading.availableData  // waits for "locked"
        #expect(throws: RunLock.Busy.self) { try RunLock(directory: folder.url) }
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        _ = try RunLock(directory: folder.url)
    }
}
