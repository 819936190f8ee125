import ArgumentParser
import Foundation

/// Generates whole pipelines with `bidui-synth` (all four roles, every format) at several sizes and
/// times generation and the ingest of all their files.
struct IngestSynthBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest-synth", abstract: "Time bidui-synth and the ingest of its exports at several numbers of households.")

    @Option(help: "Household counts, comma-separated.")
    var households: String = "10000,100000,1000000"

    @OptionGroup var common: BenchOptions

    func run() throws {
        let folder = try IngestMeasurement.prepare(common.workDirectory)
        let tools = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for count in households.split(separator: ",").compactMap({ Int($0) }) {
            let out = folder.appendingPathComponent("synth-\(count)")
            try SynthData.generate(count, into: out, tools: tools)
            let rows = try SynthData.rowCount(out)
            try IngestMeasurement(folder: folder, runs: common.runs)
                .measurePipeline(out.appendingPathComponent("pipeline.yaml"), name: "synth-\(count)", rows: rows,
                                 note: "   (\(count) households, all roles)")
        }
    }
}
