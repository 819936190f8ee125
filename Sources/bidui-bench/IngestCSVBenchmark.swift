import ArgumentParser
import Foundation

/// Generates enrollment-shaped CSV files and times `bidui-ingest` on them in a child process,
/// reporting the median wall time, rows per second and the child's peak resident memory.
struct IngestCSVBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest-csv", abstract: "Time CSV ingest (parse + store) at several sizes.")

    @Option(help: "Row counts to measure, comma-separated.")
    var rows: String = "100000,1000000"

    @OptionGroup var common: BenchOptions

    func run() throws {
        let folder = try IngestMeasurement.prepare(common.workDirectory)
        let measurement = IngestMeasurement(folder: folder, runs: common.runs)
        for size in rows.split(separator: ",").compactMap({ Int($0) }) {
            let csv = folder.appendingPathComponent("enrollment-\(size).csv")
            if !FileManager.default.fileExists(atPath: csv.path) {
                try EnrollmentCSVGenerator.write(rows: size, to: csv)
            }
            try measurement.measure(csv, rows: size)
        }
    }
}

enum TextTableLine {
    static let header = "rows        file MiB   median s   rows/s      peak RSS MiB   runs"
    static func row(rows: Int, megabytes: Double, median: Double, rowsPerSecond: Double, peakMiB: Double, runs: Int) -> String {
        func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: n, withPad: " ", startingAt: 0) }
        return pad("\(rows)", 12) + pad(String(format: "%.1f", megabytes), 11) + pad(String(format: "%.3f", median), 11)
            + pad(String(format: "%.0f", rowsPerSecond), 12) + pad(String(format: "%.1f", peakMiB), 15) + "\(runs)"
    }
}

enum Statistics {
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
