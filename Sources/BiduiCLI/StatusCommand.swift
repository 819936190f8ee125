import ArgumentParser
import BiduiCore
import Foundation

/// `bidui status`: where a run stands, read without the run lock so it answers while a stage works.
public struct StatusCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each stage's state (ok, stale, failed, not run), timing, rows and inputs, and the report's files.")

    @OptionGroup var runDirectory: RunDirectoryArguments

    @Flag(name: .long, help: "Print the status as JSON, for scripts.")
    var json = false

    public init() {}

    public func run() throws {
        try ReadOnlyRunner.run {
            let status = try RunStatus.load(directory: runDirectory.url)
            print(json ? try status.json() : status.table)
            return .success
        }
    }
}
