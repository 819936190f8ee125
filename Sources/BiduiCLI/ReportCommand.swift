import ArgumentParser
import BiduiCore
import Foundation
import Report

/// `bidui report` and `bidui-report`: the work lists, the summary and the machine contract.
public struct ReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the run's reports into report/: discrepancies.xlsx and .csv (work lists), summary.html and .json, discrepancies.jsonl and links.csv (the machine contract).")

    @OptionGroup var options: StageOptions

    @Flag(name: .customLong("mask"), inversion: .prefixedNo,
          help: "Mask ID numbers (6 + 4 characters kept) and names in every file, for reports that will be shared (default: the pipeline's report.mask, else no).")
    var mask: Bool?

    @Option(name: .customLong("csv-encoding"), help: "discrepancies.csv in utf-8 (with a byte-order mark, for Excel) or gb18030 (default: the pipeline's report.csv_encoding, else utf-8).")
    var csvEncoding: String?

    @Option(name: .customLong("output"), help: "Write the report into this folder instead of the run's report/ (e.g. a masked copy to share); the run's own report stays as it is.")
    var output: String?

    public init() {}

    public func validate() throws {
        if let csvEncoding, encoding(csvEncoding) == nil {
            throw ValidationError("--csv-encoding must be utf-8 or gb18030, not \"\(csvEncoding)\"")
        }
    }

    private func encoding(_ text: String) -> ReportSettings.CSVEncoding? {
        switch text.lowercased() {
        case "utf-8", "utf8": .utf8
        case "gb18030", "gbk": .gb18030
        default: nil
        }
    }

    public func run() throws {
        try StageRunner.run(.report, options) { context in
            let report = try ReportStage.run(context, options: .init(
                mask: mask, csvEncoding: csvEncoding.flatMap(encoding),
                outputFolder: output.map { URL(fileURLWithPath: $0).standardizedFileURL }))
            print(report.table)
            return .success
        }
    }
}
