import ArgumentParser
import BiduiCore
import Foundation
import Reconcile

/// `bidui reconcile` and `bidui-reconcile`: DOMAIN.md's seven findings over the matched persons.
public struct ReconcileCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Apply the reconciliation rules to the matched persons and store the findings (应助未助, 重复资助, 疑似失学辍学 …).")

    @OptionGroup var options: StageOptions

    @Option(name: .customLong("write-findings"),
            help: "Also write the findings in the machine contract's form (one JSON object a line) to this file, e.g. to review an update of samples/expected/.")
    var findingsFile: String?

    public init() {}

    public func run() throws {
        try StageRunner.run(.reconcile, options) { context in
            let report = try ReconcileStage.run(context)
            print(report.table)
            if let findingsFile {
                let lines = try ReconcileStage.contractLines(context.store)
                try RunDirectory.writeAtomically(Data(lines.map { $0 + "\n" }.joined().utf8), to: URL(fileURLWithPath: findingsFile))
            }
            return .success
        }
    }
}
