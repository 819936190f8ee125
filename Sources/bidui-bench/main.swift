import ArgumentParser
import BiduiCore
import Foundation

/// `bidui-bench`: speed and memory of the stages on generated data, as medians over several runs.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bidui-bench",
        abstract: "Benchmarks bidui's stages on generated data (median time and peak memory).",
        subcommands: [IngestCSVBenchmark.self, IngestXLSXBenchmark.self, IngestSynthBenchmark.self, NormalizeBenchmark.self, WriteBenchmark.self, ReportBenchmark.self, PipelineScaleBenchmark.self])
}

BenchCommand.main()
