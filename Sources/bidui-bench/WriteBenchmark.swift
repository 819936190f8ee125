import ArgumentParser
import BiduiCore
import Foundation
import Writers

/// Times the writers alone: 14-column enrollment rows as CSV (UTF-8 with BOM and GB18030) and XLSX.
struct WriteBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write", abstract: "Time the CSV and XLSX writers on enrollment-shaped rows.")

    @Option(help: "Rows to write.")
    var rows = 1_000_000

    @OptionGroup var common: BenchOptions

    func run() throws {
        let folder = URL(fileURLWithPath: common.workDirectory).standardizedFileURL
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cells = ["4211260001", "蕲春县漕河镇中心小学", "三年级", "2班", "欧阳子涵", "女", "2016-09-01", "汉族",
                     "421126201609011234", "G421126201609011234", "在读", "欧阳建国", "421126198001011234", "蕲春县"]
        print("writing \(rows) rows of 14 cells, median of \(common.runs) runs")
        for (label, write) in [
            ("CSV, UTF-8 with BOM", { (url: URL) throws in
                let writer = try DelimitedTextWriter(url: url, encoding: .utf8WithBOM)
                for _ in 0..<rows { try writer.writeRow(cells) }
                try writer.finish()
            }),
            ("CSV, GB18030", { (url: URL) throws in
                let writer = try DelimitedTextWriter(url: url, encoding: .gb18030)
                for _ in 0..<rows { try writer.writeRow(cells) }
                try writer.finish()
            }),
            ("XLSX, inline strings", { (url: URL) throws in
                let writer = try XLSXWriter(url: url)
                try writer.beginSheet("学籍")
                let row = cells.map { SpreadsheetCell.text($0) }
                for _ in 0..<rows { try writer.writeRow(row) }
                try writer.finish()
            }),
        ] as [(String, (URL) throws -> Void)] {
            var seconds: [Double] = []
            let url = folder.appendingPathComponent("write-bench.out")
            for _ in 0..<common.runs {
                let start = Date()
                try write(url)
                seconds.append(Date().timeIntervalSince(start))
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            try? FileManager.default.removeItem(at: url)
            let median = Statistics.median(seconds)
            print(label.padding(toLength: 22, withPad: " ", startingAt: 0)
                  + String(format: " %7.2f s  %9.0f rows/s  %6.1f MiB", median, Double(rows) / median, Double(size) / 1_048_576))
        }
    }
}
