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
        let synth = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("bidui-synth").path
        for count in households.split(separator: ",").compactMap({ Int($0) }) {
            let out = folder.appendingPathComponent("synth-\(count)")
            let truth = out.appendingPathComponent("truth/rows.csv")
            if !FileManager.default.fileExists(atPath: truth.path) {
                let generated = try ChildProcess.measure(synth, ["--households", "\(count)", "--seed", "1", "--out", out.path])
                guard generated.status == 0 else { throw ValidationError("bidui-synth exited with \(generated.status)") }
                print(String(format: "bidui-synth %d households: %.1f s, peak %.0f MiB", count, generated.seconds, Double(generated.peakKiB) / 1024))
            }
            let rows = try String(contentsOf: truth, encoding: .utf8).utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } - 1
            try IngestMeasurement(folder: folder, runs: common.runs)
                .measurePipeline(out.appendingPathComponent("pipeline.yaml"), name: "synth-\(count)", rows: rows,
                                 note: "   (\(count) households, all roles)")
        }
    }
}
