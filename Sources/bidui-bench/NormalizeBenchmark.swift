import ArgumentParser
import Foundation
import GRDB

/// Times `bidui-normalize` on whole pipelines from `bidui-synth`: each size is generated and ingested
/// once, and every run normalizes a fresh copy of that ingested run directory.
struct NormalizeBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize", abstract: "Time the normalize stage on ingested bidui-synth pipelines at several sizes.")

    @Option(help: "Household counts, comma-separated (300,000 households give about 1,000,000 rows).")
    var households: String = "30000,300000"

    @OptionGroup var common: BenchOptions

    func run() throws {
        let folder = try IngestMeasurement.prepare(common.workDirectory)
        let tools = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let normalize = tools.appendingPathComponent("bidui-normalize").path
        let files = FileManager.default
        for count in households.split(separator: ",").compactMap({ Int($0) }) {
            let data = folder.appendingPathComponent("synth-\(count)")
            let pipeline = data.appendingPathComponent("pipeline.yaml")
            try SynthData.generate(count, into: data, tools: tools)
            // The ingested run every measurement starts from.
            let base = folder.appendingPathComponent("normalize-base-\(count)")
            if !files.fileExists(atPath: base.appendingPathComponent("run.sqlite").path) {
                try? files.removeItem(at: base)
                let ingested = try ChildProcess.measure(IngestMeasurement.ingest, [pipeline.path, "--run-dir", base.path, "--quiet"])
                guard ingested.status == 0 else { throw ValidationError("bidui-ingest exited with \(ingested.status)") }
            }
            let rows = try Self.acceptedRows(base)
            var seconds: [Double] = [], peaks: [Double] = []
            for run in 0..<common.runs {
                let runDirectory = folder.appendingPathComponent("run-normalize-\(count)-\(run)")
                try? files.removeItem(at: runDirectory)
                try files.copyItem(at: base, to: runDirectory)
                let measured = try ChildProcess.measure(normalize, [pipeline.path, "--run-dir", runDirectory.path, "--quiet"])
                guard measured.status == 0 else { throw ValidationError("bidui-normalize exited with \(measured.status)") }
                seconds.append(measured.seconds)
                peaks.append(Double(measured.peakKiB) / 1024)
                try? files.removeItem(at: runDirectory)
            }
            let size = (try? files.attributesOfItem(atPath: base.appendingPathComponent("run.sqlite").path)[.size] as? Int) ?? 0
            let median = Statistics.median(seconds)
            print(TextTableLine.row(rows: rows, megabytes: Double(size) / 1_048_576, median: median, rowsPerSecond: Double(rows) / median,
                                    peakMiB: Statistics.median(peaks), runs: common.runs)
                  + "   normalize (\(count) households; size is the ingested run.sqlite)")
        }
    }

    /// Rows the ingest accepted: what normalize turns into person records.
    static func acceptedRows(_ run: URL) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let database = try DatabaseQueue(path: run.appendingPathComponent("run.sqlite").path, configuration: configuration)
        return try database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM raw_rows") ?? 0 }
    }
}
