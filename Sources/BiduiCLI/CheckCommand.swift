import ArgumentParser
import BiduiCore
import Foundation
import Ingest

/// `bidui check`: the dry run before the real one. Checks the configuration and reads every input as
/// ingest would, writing nothing (no run directory, no run.sqlite, no lock).
public struct CheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a pipeline without running it: the configuration, and every file's format, encoding, header and rows (试运行, writes nothing).",
        discussion: "Exit 0: every input can be read; 3: some file, sheet or path cannot (a run would finish partially); 1: nothing can be read; 78: the configuration has an error (file, line and key named).")

    @Argument(help: "The pipeline configuration file (e.g. pipelines/sample.yaml).")
    var pipeline: String

    public init() {}

    public func run() throws {
        let code: BiduiExitCode
        do {
            let report = try PipelineCheck.run(pipeline: pipeline)
            print(report.text)
            code = report.exitCode
        } catch let error as ConfigurationError {
            StageRunner.report("configuration error: \(error)")
            code = .configuration
        } catch {
            StageRunner.report("check failed: \(error)")
            code = .failure
        }
        if code != .success { throw ExitCode(code.rawValue) }
    }
}
