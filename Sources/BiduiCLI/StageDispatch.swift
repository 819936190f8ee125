import BiduiCore
import Ingest
import Match
import Normalize
import Reconcile
import Report

/// Each stage with its default options, as `bidui run` calls them one after another (each stage's
/// own command calls the same function with its own options).
enum StageDispatch {
    /// Runs `stage`, prints what it did, and says how it ended.
    static func run(_ stage: StageName, _ context: StageRunContext) throws -> BiduiExitCode {
        switch stage {
        case .ingest:
            let report = try IngestStage.run(context)
            print(report.table)
            return report.exitCode
        case .normalize:
            print(try NormalizeStage.run(context).table)
        case .match:
            print(try MatchStage.run(context).table)
        case .reconcile:
            print(try ReconcileStage.run(context).table)
        case .report:
            print(try ReportStage.run(context).table)
        }
        return .success
    }

    /// What a stage's inputs look like now, for `StageFreshness`: the files ingest would read, the
    /// report's options, and the report's files.
    static func verdict(_ stage: StageName, configuration: PipelineConfiguration, store: RunStore) throws -> StageFreshness.Verdict {
        switch stage {
        case .ingest:
            return try StageFreshness.verdict(for: stage, configuration: configuration, store: store,
                                              currentFiles: IngestStage.namedFiles(configuration))
        case .report:
            let folder = store.directory.appendingPathComponent("report")
            return try StageFreshness.verdict(for: stage, configuration: configuration, store: store,
                                              currentOptions: ReportStage.optionInputs(configuration),
                                              outputs: ReportStage.fileNames.map { folder.appendingPathComponent($0) })
        default:
            return try StageFreshness.verdict(for: stage, configuration: configuration, store: store)
        }
    }
}
