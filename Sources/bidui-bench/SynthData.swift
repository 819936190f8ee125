import ArgumentParser
import Foundation

/// bidui-synth's exports for a number of households, generated once into the work directory and
/// kept between runs (every benchmark on synthetic pipelines shares them).
enum SynthData {
    /// Writes `households` households into `data` unless its truth is already there.
    static func generate(_ households: Int, into data: URL, tools: URL) throws {
        guard !FileManager.default.fileExists(atPath: data.appendingPathComponent("truth/rows.csv").path) else { return }
        let generated = try ChildProcess.measure(tools.appendingPathComponent("bidui-synth").path,
                                                 ["--households", "\(households)", "--seed", "1", "--out", data.path])
        guard generated.status == 0 else { throw ValidationError("bidui-synth exited with \(generated.status)") }
        print(String(format: "bidui-synth %d households: %.1f s, peak %.0f MiB", households, generated.seconds, Double(generated.peakKiB) / 1024))
    }

    /// Rows in every export, from the truth file (one line a row, after its header).
    static func rowCount(_ data: URL) throws -> Int {
        let handle = try FileHandle(forReadingFrom: data.appendingPathComponent("truth/rows.csv"))
        defer { try? handle.close() }
        var lines = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            lines += chunk.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        }
        return lines - 1
    }
}
