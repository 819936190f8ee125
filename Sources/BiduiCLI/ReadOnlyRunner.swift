import ArgumentParser
import BiduiCore
import Foundation

/// Runs a command that only looks at a run (`status`, `explain`): no lock, no log, nothing written;
/// errors go to standard error with ID numbers masked, and exit codes as README.md's "Exit codes".
enum ReadOnlyRunner {
    static func run(_ body: () throws -> BiduiExitCode) throws {
        let code: BiduiExitCode
        do {
            code = try body()
        } catch {
            code = StageRunner.exitCode(for: error, failure: nil)
        }
        if code != .success { throw ExitCode(code.rawValue) }
    }

    static func report(_ message: String) { StageRunner.report(message) }
}
