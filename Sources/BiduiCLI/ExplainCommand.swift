import ArgumentParser
import BiduiCore
import Foundation
import Report

/// `bidui explain`: one case as an officer investigates it, read without the run lock. The query is
/// personal data, so nothing is logged; numbers are shown in full (officers on this machine) unless --mask.
public struct ExplainCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show everything about one person: source rows, quality flags, match links, rows kept apart and findings.",
        discussion: """
            Exit codes: 0 the person is shown (or several persons match and are listed to pick from), \
            1 no person matches or the run cannot be read, 4 the match stage has not run in this run directory.
            """)

    @Option(name: .customLong("run-dir"), help: "The run directory (e.g. runs/sample).")
    var runDirectory: String

    @Argument(help: "A person id (P1b3dcde2b98d53b2), an ID number (spaces, full-width digits and a lower-case x are fine) or a name.")
    var query: String

    @Flag(name: .long, help: "Mask ID numbers (6 + 4 characters kept) and names, for output that will be passed around.")
    var mask = false

    @Flag(name: .long, help: "Print the explanation as JSON, for scripts.")
    var json = false

    public init() {}

    public func run() throws {
        try ReadOnlyRunner.run {
            let explanation: PersonExplanation
            do {
                explanation = try PersonExplanation.load(
                    directory: URL(fileURLWithPath: runDirectory).standardizedFileURL, query: query, mask: mask)
            } catch let error as PersonExplanation.NotMatched {
                ReadOnlyRunner.report("\(error)")
                return .upstreamNotReady
            }
            if json {
                print(try explanation.json())
            } else if explanation.outcome == .noPerson {
                ReadOnlyRunner.report(explanation.message)
            } else {
                print(explanation.text)
            }
            return explanation.outcome == .noPerson ? .failure : .success
        }
    }
}
