import ArgumentParser
import BiduiCore

/// `bidui`: the stages as subcommands, like git.
public struct BiduiCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bidui",
        abstract: "Reconcile education-aid rosters with civil-affairs and rural-revitalization exports (教育资助数据比对).",
        version: BiduiVersion.current,
        subcommands: [IngestCommand.self, NormalizeCommand.self, MatchCommand.self, ReconcileCommand.self, ReportCommand.self, RunCommand.self, VerifyCommand.self, DiffCommand.self, StatusCommand.self, ExplainCommand.self, CheckCommand.self, InitCommand.self, PurgeCommand.self])

    public init() {}
}
