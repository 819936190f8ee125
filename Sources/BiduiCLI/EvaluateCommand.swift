import ArgumentParser
import BiduiCore
import Foundation
import Match

/// `bidui-eval`: accuracy of a run on bidui-synth data against the generator's truth.
public struct EvaluateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bidui-eval",
        abstract: "Measure a run on bidui-synth data against the generator's truth (blocking recall, link precision and recall).")

    @Argument(help: "The pipeline the run used (bidui-synth writes pipeline.yaml beside its data).")
    var pipeline: String

    @Option(name: .customLong("run-dir"), help: "The run directory (default: runs/<pipeline name>).")
    var runDirectory: String?

    @Option(help: "The truth's rows file (default: truth/rows.csv beside the pipeline).")
    var truth: String?

    public init() {}

    public func run() throws {
        let pipelineURL = URL(fileURLWithPath: pipeline).standardizedFileURL
        let configuration = try PipelineConfiguration.load(from: pipelineURL)
        let directory = StageRunContext.runDirectoryURL(runDirectory, pipeline: pipelineURL)
        let store = try RunStore(directory: directory)
        let truthURL = truth.map { URL(fileURLWithPath: $0) } ?? configuration.folder.appendingPathComponent("truth/rows.csv")
        let evaluation = try MatchEvaluation.evaluate(store: store, truth: truthURL, settings: configuration.match)
        print(evaluation.table)
    }
}
