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
        } catch let error as ReadOnlyRunStore.Busy {
            report("\(error)")
            code = .locked
        } catch let error as RunStoreError {
            report("\(error)")
            switch error {
            case .upstreamMissing, .upstreamStale: code = .upstreamNotReady
            default: code = .failure
            }
        } catch {
            report("\(error)")
            code = .failure
        }
        if code != .success { throw ExitCode(code.rawValue) }
    }

    static func report(_ message: String) {
        let text = PersonalDataMask.maskIDNumbers(in: "bidui: \(message)\n")
        FileHandle.standardError.write(Data(text.utf8))
    }
}
