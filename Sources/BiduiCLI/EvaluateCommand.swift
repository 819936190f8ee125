import ArgumentParser
import BiduiCore
import Foundation
import Match
import Reconcile

/// `bidui-eval`: accuracy of a run on bidui-synth data against the generator's truth.
public struct EvaluateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bidui-eval",
        abstract: "Measure a run on bidui-synth data against the generator's truth (blocking recall, link precision and recall, and the findings' precision and recall per category).")

    @Argument(help: "The pipeline the run used (bidui-synth writes pipeline.yaml beside its data).")
    var pipeline: String

    @Option(name: .customLong("run-dir"), help: "The run directory (default: runs/<pipeline name>).")
    var runDirectory: String?

    @Option(help: "The truth's rows file (default: truth/rows.csv beside the pipeline).")
    var truth: String?

    @Option(help: "Examples of missed and unexpected findings to print per category.")
    var examples = 3

    @Option(help: "Fail when any category's precision or recall of findings is below this (e.g. 0.98).")
    var minimum: Double?

    public init() {}

    public func run() throws {
        let pipelineURL = URL(fileURLWithPath: pipeline).standardizedFileURL
        let configuration = try PipelineConfiguration.load(from: pipelineURL)
        let directory = StageRunContext.runDirectoryURL(runDirectory, pipeline: pipelineURL)
        let store = try RunStore(directory: directory)
        let truthURL = truth.map { URL(fileURLWithPath: $0) } ?? configuration.folder.appendingPathComponent("truth/rows.csv")
        let evaluation = try MatchEvaluation.evaluate(store: store, truth: truthURL, settings: configuration.match)
        print(evaluation.table)
        if try store.stageRun(.reconcile) != nil {
            let findings = try FindingsEvaluation.evaluate(
                found: try ReconcileStage.contractLines(store), truthFindings: truthURL.deletingLastPathComponent().appendingPathComponent("findings.jsonl"),
                truthRows: truthURL, examples: examples)
            print(findings.table)
            if let minimum, findings.worst < minimum {
                FileHandle.standardError.write(Data(String(
                    format: "bidui-eval: a category's precision or recall is %.4f, below --minimum %.4f\n", findings.worst, minimum).utf8))
                throw ExitCode(1)
            }
        }
    }
}
