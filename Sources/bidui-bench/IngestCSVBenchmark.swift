import ArgumentParser
import BiduiCore
import Foundation

/// Generates enrollment-shaped CSV files and times `bidui-ingest` on them in a child process,
/// reporting the median wall time, rows per second and the child's peak resident memory.
struct IngestCSVBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest-csv", abstract: "Time CSV ingest (parse + store) at several sizes.")

    @Option(help: "Row counts to measure, comma-separated.")
    var rows: String = "100000,1000000"

    @Option(help: "Runs per size; the median is reported.")
    var runs: Int = 5

    @Option(help: "Folder for generated data and run directories.")
    var workDirectory: String = "bench-data"

    func run() throws {
        let folder = URL(fileURLWithPath: workDirectory).standardizedFileURL
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let ingest = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("bidui-ingest").path
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB")
        print(TextTableLine.header)
        for size in rows.split(separator: ",").compactMap({ Int($0) }) {
            let csv = folder.appendingPathComponent("enrollment-\(size).csv")
            if !FileManager.default.fileExists(atPath: csv.path) {
                try EnrollmentCSVGenerator.write(rows: size, to: csv)
            }
            let pipeline = folder.appendingPathComponent("bench-\(size).yaml")
            try """
                reconciliation: {school_year: "2025-2026", term: 秋季学期, reference_date: 2025-10-31}
                sources:
                  - role: enrollment
                    paths: ["enrollment-\(size).csv"]
                """.write(to: pipeline, atomically: true, encoding: .utf8)
            var seconds: [Double] = []
            var peaks: [Int] = []
            for run in 0..<runs {
                let runDirectory = folder.appendingPathComponent("run-\(size)-\(run)")
                try? FileManager.default.removeItem(at: runDirectory)
                let measured = try ChildProcess.measure(ingest, [pipeline.path, "--run-dir", runDirectory.path, "--quiet"])
                guard measured.status == 0 else { throw ValidationError("bidui-ingest exited with \(measured.status)") }
                seconds.append(measured.seconds)
                peaks.append(measured.peakKiB)
                try? FileManager.default.removeItem(at: runDirectory)
            }
            let fileSize = (try? FileManager.default.attributesOfItem(atPath: csv.path)[.size] as? Int) ?? 0
            let median = Statistics.median(seconds)
            print(TextTableLine.row(
                rows: size, megabytes: Double(fileSize) / 1_048_576, median: median,
                rowsPerSecond: Double(size) / median, peakMiB: Double(Statistics.median(peaks.map(Double.init))) / 1024,
                runs: runs))
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
