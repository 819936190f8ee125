import ArgumentParser
import Foundation

/// What every benchmark takes: how many runs make a median, and where generated data goes.
struct BenchOptions: ParsableArguments {
    @Option(help: "Runs per measurement; the median is reported.")
    var runs: Int = 5

    @Option(help: "Folder for generated data and run directories (kept between runs).")
    var workDirectory: String = "bench-data"
}

/// Runs `bidui-ingest` on one input file several times, each in a fresh run directory, and prints
/// one table line with the medians.
struct IngestMeasurement {
    let folder: URL
    let runs: Int

    /// The `bidui-ingest` built beside this benchmark.
    static let ingest = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("bidui-ingest").path

    static func prepare(_ workDirectory: String) throws -> URL {
        let folder = URL(fileURLWithPath: workDirectory).standardizedFileURL
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB")
        print(TextTableLine.header)
        return folder
    }

    /// Measures ingest of `file` (in `folder`) as an enrollment source; returns the median seconds.
    @discardableResult
    func measure(_ file: URL, rows: Int, note: String = "") throws -> Double {
        let name = file.deletingPathExtension().lastPathComponent
        let pipeline = folder.appendingPathComponent("bench-\(name).yaml")
        try """
            reconciliation: {school_year: "2025-2026", term: 秋季学期, reference_date: 2025-10-31}
            sources:
              - role: enrollment
                paths: ["\(file.lastPathComponent)"]
            """.write(to: pipeline, atomically: true, encoding: .utf8)
        return try measurePipeline(pipeline, name: name, rows: rows, note: note, size: file)
    }

    /// Measures ingest of a whole pipeline; `size` names the file whose size the table shows (none: the folder's total).
    @discardableResult
    func measurePipeline(_ pipeline: URL, name: String, rows: Int, note: String = "", size sizeOf: URL? = nil) throws -> Double {
        var seconds: [Double] = [], peaks: [Double] = []
        for run in 0..<runs {
            let runDirectory = folder.appendingPathComponent("run-\(name)-\(run)")
            try? FileManager.default.removeItem(at: runDirectory)
            let measured = try ChildProcess.measure(Self.ingest, [pipeline.path, "--run-dir", runDirectory.path, "--quiet"])
            guard measured.status == 0 else { throw ValidationError("bidui-ingest exited with \(measured.status) on \(name)") }
            seconds.append(measured.seconds)
            peaks.append(Double(measured.peakKiB) / 1024)
            try? FileManager.default.removeItem(at: runDirectory)
        }
        let size = sizeOf.map { (try? FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int) ?? 0 }
            ?? Self.folderSize(pipeline.deletingLastPathComponent())
        let median = Statistics.median(seconds)
        print(TextTableLine.row(rows: rows, megabytes: Double(size) / 1_048_576, median: median,
                                rowsPerSecond: Double(rows) / median, peakMiB: Statistics.median(peaks), runs: runs) + note)
        return median
    }

    static func folderSize(_ folder: URL) -> Int {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey])
        var total = 0
        while let url = enumerator?.nextObject() as? URL {
            guard !url.path.contains("/truth/") else { continue }
            total += (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        }
        return total
    }
}
