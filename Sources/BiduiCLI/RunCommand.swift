import ArgumentParser
import BiduiCore
import Foundation
import GRDB

/// `bidui run`: the five stages in order, skipping each whose inputs have not changed since it last
/// succeeded, under one lock for the whole run; what cron calls.
public struct RunCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every stage (ingest, normalize, match, reconcile, report), skipping those whose inputs are unchanged.",
        discussion: """
            A stage is skipped when it succeeded before and nothing it used has changed: its configuration sections, its \
            input files (size and SHA-256), the stage before it, the review and case-decision files, and the version of bidui. \
            --from STAGE runs that stage and every later one regardless.
            """)

    @OptionGroup var options: StageOptions

    @Option(name: .customLong("from"), help: "Run this stage and every later one even if unchanged: ingest, normalize, match, reconcile or report.")
    var from: StageName?

    @Option(name: .customLong("fail-on"),
            help: "Exit with code 5 when the finished run crosses a threshold, e.g. 'possible_dropout>0,duplicate_aid>10' (categories, or total).")
    var failOn: String?

    public init() {}

    public func validate() throws {
        if let failOn {
            do { _ = try FailOnRule.parse(failOn) } catch { throw ValidationError("\(error)") }
        }
    }

    public func run() throws {
        let rules = try failOn.map(FailOnRule.parse) ?? []
        try StageRunner.guarded(options, failure: "run failed") {
            let configURL = URL(fileURLWithPath: options.pipeline).standardizedFileURL
            let configuration = try PipelineConfiguration.load(from: configURL)
            let directory = StageRunContext.runDirectoryURL(options.runDirectory, pipeline: configURL)
            try RunDirectory.create(directory)
            let lock = try RunLock(directory: directory)
            var outcome = BiduiExitCode.success
            for stage in StageName.allCases {
                let store = try RunStore(directory: directory)
                let reason: String
                if let from, stage >= from {
                    reason = "--from \(from.rawValue)"
                } else {
                    switch try StageDispatch.verdict(stage, configuration: configuration, store: store) {
                    case .unchanged(let finishedAt):
                        print("\(stage.rawValue): unchanged since \(finishedAt); skipped")
                        continue
                    case .mustRun(let why):
                        reason = why
                    }
                }
                print("\(stage.rawValue): running, because \(reason)")
                let context = try StageRunContext(stage: stage, pipeline: options.pipeline, runDirectory: directory.path, lock: lock)
                let code = try StageDispatch.run(stage, context)
                if code == .partial { outcome = .partial }
            }
            if !rules.isEmpty {
                let counts = try Self.findingCounts(RunStore(directory: directory))
                let crossed = rules.filter { $0.isCrossed(by: counts) }
                if !crossed.isEmpty {
                    StageRunner.report("threshold crossed: \(crossed.map(\.description).joined(separator: ", ")) "
                                       + "(findings: \(FindingCategory.allCases.map { "\($0.rawValue)=\(counts[$0] ?? 0)" }.joined(separator: ", ")))")
                    return .thresholdCrossed
                }
            }
            return outcome
        }
    }

    static func findingCounts(_ store: RunStore) throws -> [FindingCategory: Int] {
        try store.database.read { db in
            var counts: [FindingCategory: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT category, COUNT(*) FROM findings GROUP BY category") {
                if let category = FindingCategory(rawValue: row[0]) { counts[category] = row[1] }
            }
            return counts
        }
    }
}

extension StageName: ExpressibleByArgument {}
