import ArgumentParser
import BiduiCore
import Foundation

/// `bidui status`: where a run stands, read without the run lock so it answers while a stage works.
public struct StatusCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each stage's state (ok, stale, failed, not run), timing, rows and inputs, and the report's files.")

    @Argument(help: "The run directory (e.g. runs/sample).")
    var directory: String?

    @Option(name: .customLong("run-dir"), help: "The run directory, as the stages take it.")
    var runDirectory: String?

    @Flag(name: .long, help: "Print the status as JSON, for scripts.")
    var json = false

    public init() {}

    public func validate() throws {
        switch (directory, runDirectory) {
        case (nil, nil): throw ValidationError("name the run directory: bidui status runs/sample (or --run-dir runs/sample)")
        case let (a?, b?) where a != b: throw ValidationError("two run directories given (\(a) and --run-dir \(b)); give one")
        default: break
        }
    }

    public func run() throws {
        try ReadOnlyRunner.run {
            let path = directory ?? runDirectory ?? ""
            let status = try RunStatus.load(directory: URL(fileURLWithPath: path).standardizedFileURL)
            print(json ? try status.json() : status.table)
            return .success
        }
    }
}
