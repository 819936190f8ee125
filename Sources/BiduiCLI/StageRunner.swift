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
        _ = bootstrapOnce
        if !loggingBootstrapped {
            loggingBootstrapped = true
            MaskingLogHandler.bootstrap(level: options.logLevel)
        }
        LogSink.shared.echoToStandardError = !options.quiet
        let code: BiduiExitCode
        do {
            let context = try StageRunContext(stage: stage, pipeline: options.pipeline, runDirectory: options.runDirectory)
            code = try body(context)
        } catch let error as ConfigurationError {
            report("configuration error: \(error)")
            code = .configuration
        } catch let error as RunLock.Busy {
            report("\(error)")
            code = .locked
        } catch let error as RunStoreError {
            report("\(error)")
            switch error {
            case .upstreamMissing, .upstreamStale: code = .upstreamNotReady
            default: code = .failure
            }
        } catch {
            report("\(stage.rawValue) failed: \(error)")
            code = .failure
        }
        if code != .success { throw ExitCode(code.rawValue) }
    }

    private static func report(_ message: String) {
        let text = PersonalDataMask.maskIDNumbers(in: "bidui: \(message)\n")
        FileHandle.standardError.write(Data(text.utf8))
    }
}
