import ArgumentParser
import BiduiCore
import Normalize

/// `bidui normalize` and `bidui-normalize`: raw rows into canonical person records with quality flags.
public struct NormalizeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Turn the ingested rows into canonical person records (ID numbers, names, dates, sex, categories) with quality flags.")

    @OptionGroup var options: StageOptions

    public init() {}

    public func run() throws {
        try StageRunner.run(.normalize, options) { context in
            let report = try NormalizeStage.run(context)
            print(report.table)
            return .success
        }
    }
}
