import ArgumentParser
import BiduiCore
import Ingest

/// `bidui ingest` and `bidui-ingest`: read the pipeline's department files into the run store.
public struct IngestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read the pipeline's department files (CSV, TSV) into the run directory, accounting for every row.")

    @OptionGroup var options: StageOptions

    public init() {}

    public func run() throws {
        try StageRunner.run(.ingest, options) { context in
            let report = try IngestStage.run(context)
            print(report.table)
            return report.exitCode
        }
    }
}
