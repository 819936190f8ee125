import ArgumentParser
import BiduiCore
import Foundation
import Reconcile

/// `bidui verify DIR --expected FOLDER`: a run's findings (and optionally its links) against a
/// reviewed expected set, as CI checks the sample reconciliations.
public struct VerifyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Compare a run's findings with an expected set (discrepancies.jsonl, optionally links.csv); exit 1 on any difference.")

    @OptionGroup var runDirectory: RunDirectoryArguments

    @Option(name: .long, help: "A folder with the expected discrepancies.jsonl (and links.csv for --links), e.g. samples/expected.")
    var expected: String

    @Flag(name: .long, help: "Also compare which person each input row belongs to (expected links.csv; match scores are not compared).")
    var links = false

    public init() {}

    public func run() throws {
        let run = runDirectory.url
        let expectedFolder = URL(fileURLWithPath: expected).standardizedFileURL
        let report = run.appendingPathComponent("report")
        var different = false
        do {
            let actual = try FindingComparison.lines(of: report.appendingPathComponent("discrepancies.jsonl"))
            let wanted = try FindingComparison.lines(of: expectedFolder.appendingPathComponent("discrepancies.jsonl"))
            let comparison = FindingComparison(expected: wanted, actual: actual)
            // CI logs are passed around: the differing lines are shown with their ID numbers masked.
            print(PersonalDataMask.maskIDNumbers(in: "findings: " + comparison.report))
            different = !comparison.isEmpty
            if links {
                let comparison = LinkComparison(expected: try LinkComparison.rows(expectedFolder.appendingPathComponent("links.csv")),
                                                actual: try LinkComparison.rows(report.appendingPathComponent("links.csv")))
                print(PersonalDataMask.maskIDNumbers(in: "links: " + comparison.report))
                different = different || !comparison.isEmpty
            }
        } catch {
            StageRunner.report("verify could not compare: \(error) (has `bidui report` run for \(run.path)?)")
            throw ExitCode(BiduiExitCode.upstreamNotReady.rawValue)
        }
        if different {
            StageRunner.report("the run differs from \(expectedFolder.path); review the differences above (if they are right, update the expected set)")
            throw ExitCode(BiduiExitCode.failure.rawValue)
        }
    }
}
