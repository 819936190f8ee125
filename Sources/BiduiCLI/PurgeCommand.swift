import ArgumentParser
import BiduiCore
import Foundation

/// `bidui purge`: deletes the runs whose retention has passed (个人信息保留期限), for cron or an officer.
public struct PurgeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete run directories (their store, log, reports and drafts) once their retention has passed.",
        discussion: """
            Each PATH is a folder of run directories (e.g. runs) or one run directory. A run's age counts \
            from when its last stage finished (from run.sqlite; its file time if the store cannot be read). \
            It is kept for --older-than days if given, else for the retention: keep_days: of the \
            configuration it last ran with (its pipeline.yaml), else \(RetentionSettings.defaultKeepDays) days. \
            Only folders holding a bidui run.sqlite and nothing bidui does not write are deleted; \
            symbolic links are never followed; a run in use by a stage is skipped. \
            Exit codes: 0 every due run deleted (or listed with --dry-run), 1 a due run could not be \
            deleted, 64 a PATH is not a folder, 75 a due run was in use (try again later).
            """)

    @Argument(help: "Folders of run directories (e.g. runs), or run directories.")
    var paths: [String]

    @Option(name: .customLong("older-than"), help: "Delete runs whose last stage finished at least this many days ago, whatever their own retention says.")
    var olderThan: Int?

    @Flag(name: .customLong("dry-run"), help: "List what would be deleted, and delete nothing.")
    var dryRun = false

    public init() {}

    public func validate() throws {
        if paths.isEmpty { throw ValidationError("name the folder of run directories, e.g. bidui purge runs --dry-run") }
        if let olderThan, olderThan < 0 { throw ValidationError("--older-than must be 0 or more days, not \(olderThan)") }
    }

    public func run() throws {
        let result: RunPurge.Result
        do {
            result = try RunPurge.purge(paths.map { URL(fileURLWithPath: $0).standardizedFileURL },
                                        options: .init(olderThanDays: olderThan, dryRun: dryRun))
        } catch let error as RunPurge.UsageError {
            StageRunner.report("purge: \(error)")
            throw ExitCode(BiduiExitCode.usage.rawValue)
        }
        print(result.table)
        let code = result.exitCode
        if code != .success { throw ExitCode(code.rawValue) }
    }
}
