import ArgumentParser
import BiduiCore
import Logging

/// The arguments every stage takes: the pipeline and where its run lives.
public struct StageOptions: ParsableArguments {
    @Argument(help: "The pipeline configuration file (e.g. pipelines/sample.yaml).")
    var pipeline: String

    @Option(name: .customLong("run-dir"), help: "The run directory (default: runs/<pipeline file name> under the current folder).")
    var runDirectory: String?

    @Option(name: .customLong("log-level"), help: "Log detail: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @Flag(name: .long, help: "Do not echo log lines to standard error (they still go to the run's bidui.log).")
    var quiet = false

    @Flag(name: .long, help: "More detail in the log (the same as --log-level debug).")
    var verbose = false

    /// The level asked for: --verbose means debug unless --log-level says otherwise.
    var effectiveLogLevel: Logger.Level { verbose && logLevel == .info ? .debug : logLevel }

    public init() {}
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
