import ArgumentParser
import BiduiCore
import Foundation
import Report

/// `bidui diff OLD_RUN NEW_RUN`: dynamic monitoring (动态监测) between two terms' runs.
public struct DiffCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two runs' findings (e.g. last term's and this term's): new, persisting and resolved, by person and category.")

    @Argument(help: "The earlier run directory (e.g. runs/2025-spring).")
    var old: String

    @Argument(help: "The later run directory (e.g. runs/2025-autumn).")
    var new: String

    @Flag(name: .long, help: "Mask names in the listing (person ids stay).")
    var mask = false

    public init() {}

    public func run() throws {
        do {
            let oldURL = URL(fileURLWithPath: old).standardizedFileURL, newURL = URL(fileURLWithPath: new).standardizedFileURL
            let comparison = TermComparison(previousRun: oldURL.path, old: try TermComparison.entries(ofRun: oldURL),
                                            current: try TermComparison.entries(ofRun: newURL))
            print(comparison.text(masked: mask))
        } catch {
            StageRunner.report("diff failed: \(error)")
            throw ExitCode(BiduiExitCode.failure.rawValue)
        }
    }
}
