import ArgumentParser
import BiduiCore
import Foundation
import Logging

/// Runs one stage the way cron and officers need it: owner-only files, masked logs, a lock, and
/// exit codes that say what happened (README.md, "Exit codes").
enum StageRunner {
    private static let bootstrapOnce: Void = {
        umask(0o077)
    }()
    nonisolated(unsafe) private static var loggingBootstrapped = false

    static func run(_ stage: StageName, _ options: StageOptions, body: (StageRunContext) throws -> BiduiExitCode) throws {
        try guarded(options, failure: "\(stage.rawValue) failed") {
            let context = try StageRunContext(stage: stage, pipeline: options.pipeline, runDirectory: options.runDirectory)
            return try body(context)
        }
    }

    /// Sets up logging and file permissions, runs `body`, and turns what went wrong into a message
    /// on standard error (ID numbers masked) and the documented exit code.
    static func guarded(_ options: StageOptions, failure: String, body: () throws -> BiduiExitCode) throws {
        _ = bootstrapOnce
        if !loggingBootstrapped {
            loggingBootstrapped = true
            MaskingLogHandler.bootstrap(level: options.effectiveLogLevel)
        }
        LogSink.shared.echoToStandardError = !options.quiet
        let code: BiduiExitCode
        do {
            code = try body()
        } catch {
            code = exitCode(for: error, failure: failure)
        }
        if code != .success { throw ExitCode(code.rawValue) }
    }

    /// Says what went wrong on standard error and gives the documented exit code for it.
    static func exitCode(for error: any Error, failure: String?) -> BiduiExitCode {
        switch error {
        case let error as ConfigurationError:
            report("configuration error: \(error)")
            return .configuration
        case let error as RunLock.Busy:
            report("\(error)")
            return .locked
        case let error as ReadOnlyRunStore.Busy:
            report("\(error)")
            return .locked
        case let error as RunStoreError:
            report("\(error)")
            switch error {
            case .upstreamMissing, .upstreamStale: return .upstreamNotReady
            default: return .failure
            }
        default:
            report(failure.map { "\($0): \(error)" } ?? "\(error)")
            return .failure
        }
    }

    static func report(_ message: String) {
        let text = PersonalDataMask.maskIDNumbers(in: "bidui: \(message)\n")
        FileHandle.standardError.write(Data(text.utf8))
    }
}
