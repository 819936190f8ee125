import ArgumentParser
import Foundation

/// The whole pipeline at province scale: `bidui-synth` writes every department's exports for N
/// households, then the five stage executables run one after another in a fresh run directory,
/// each timed in a child process with its peak RSS (issue 10: 10,000 to 3,000,000 households).
struct PipelineScaleBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Time each stage and the whole pipeline on bidui-synth data at several numbers of households.")

    @Option(help: "Household counts, comma-separated (3,000,000 households give about 10 million rows).")
    var households: String = "10000,100000,1000000,3000000"

    @Option(help: "Runs at sizes of 1,000,000 households and more, where one run takes many minutes (the median is reported).")
    var largeRuns: Int = 1

    @OptionGroup var common: BenchOptions

    static let stages = ["ingest", "normalize", "match", "reconcile", "report"]

    func run() throws {
        let folder = try IngestMeasurement.prepare(common.workDirectory)
        let tools = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let files = FileManager.default
        print("households  rows        stage       median s   peak RSS MiB   runs")
        for count in households.split(separator: ",").compactMap({ Int($0) }) {
            let data = folder.appendingPathComponent("synth-\(count)")
            let pipeline = try Self.generate(count, into: data, tools: tools)
            let rows = try SynthData.rowCount(data)
            let runs = count >= 1_000_000 ? largeRuns : common.runs
            var seconds: [String: [Double]] = [:], peaks: [String: [Double]] = [:]
            for run in 0..<runs {
                let runDirectory = folder.appendingPathComponent("run-pipeline-\(count)-\(run)")
                try? files.removeItem(at: runDirectory)
                for stage in Self.stages {
                    let measured = try ChildProcess.measure(
                        tools.appendingPathComponent("bidui-\(stage)").path, [pipeline.path, "--run-dir", runDirectory.path, "--quiet"])
                    // 3 = partial: some file could not be read, which synth's exports never cause.
                    guard measured.status == 0 else {
                        throw ValidationError("bidui-\(stage) exited with status \(measured.status) on \(count) households; its log is \(runDirectory.path)/bidui.log")
                    }
                    seconds[stage, default: []].append(measured.seconds)
                    peaks[stage, default: []].append(Double(measured.peakKiB) / 1024)
                }
                let total = Self.stages.reduce(0.0) { $0 + (seconds[$1]?.last ?? 0) }
                seconds["end to end", default: []].append(total)
                peaks["end to end", default: []].append(Self.stages.compactMap { peaks[$0]?.last }.max() ?? 0)
                if run < runs - 1 { try? files.removeItem(at: runDirectory) }
            }
            for stage in Self.stages + ["end to end"] {
                print(Self.pad("\(count)", 12) + Self.pad("\(rows)", 12) + Self.pad(stage, 12)
                      + Self.pad(String(format: "%.1f", Statistics.median(seconds[stage] ?? [])), 11)
                      + Self.pad(String(format: "%.0f", Statistics.median(peaks[stage] ?? [])), 15) + "\(runs)")
            }
        }
    }

    /// The pipeline file of bidui-synth's exports, with a person-id key of its own.
    static func generate(_ count: Int, into data: URL, tools: URL) throws -> URL {
        try SynthData.generate(count, into: data, tools: tools)
        let pipeline = data.appendingPathComponent("pipeline.yaml")
        let text = try String(contentsOf: pipeline, encoding: .utf8)
        if !text.contains("person_id_key") {
            try (text + "match:\n  person_id_key: person-id.key\n").write(to: pipeline, atomically: true, encoding: .utf8)
        }
        return pipeline
    }

    static func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: n, withPad: " ", startingAt: 0) }
}
