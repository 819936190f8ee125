import ArgumentParser
import BiduiCore
import Match

/// `bidui match` and `bidui-match`: person records of all sources linked into persons.
public struct MatchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Link the person records of every source into persons (blocking, a Fellegi–Sunter model, a chaining guard), with the evidence of each link.")

    @OptionGroup var options: StageOptions

    public init() {}

    public func run() throws {
        try StageRunner.run(.match, options) { context in
            let report = try MatchStage.run(context)
            print(report.table)
            return .success
        }
    }
}
