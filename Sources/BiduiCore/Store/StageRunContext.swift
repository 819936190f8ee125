import Foundation
import Logging

/// Everything a stage needs to run: its configuration, its run directory (locked), its store and a logger.
public final class StageRunContext: @unchecked Sendable {
    public let stage: StageName
    public let configuration: PipelineConfiguration
    public let runDirectory: URL
    public let store: RunStore
    public let logger: Logger
    public let startedAt: Date
    /// The pipeline as the user named it, to tell them which command to run next.
    public let pipelineArgument: String
    private let lock: RunLock

    /// Loads the configuration, creates and locks the run directory (or uses `lock`, held by a
    /// caller that runs several stages in turn), and keeps a copy of the configuration in it.
    public init(stage: StageName, pipeline: String, runDirectory: String?, lock heldLock: RunLock? = nil) throws {
        self.stage = stage
        self.pipelineArgument = pipeline
        startedAt = Date()
        let configURL = URL(fileURLWithPath: pipeline).standardizedFileURL
        configuration = try PipelineConfiguration.load(from: configURL)
        let directory = Self.runDirectoryURL(runDirectory, pipeline: configURL)
        self.runDirectory = directory
        try RunDirectory.create(directory)
        lock = try heldLock ?? RunLock(directory: directory)
        LogSink.shared.attach(file: directory.appendingPathComponent("bidui.log"))
        store = try RunStore(directory: directory)
        var logger = Logger(label: "bidui.\(stage.rawValue)")
        logger[metadataKey: "run"] = "\(directory.lastPathComponent)"
        self.logger = logger
        try RunDirectory.writeAtomically(
            Data(configuration.text.utf8), to: directory.appendingPathComponent("pipeline.yaml"))
    }

    /// `runs/<configuration file's name>` under the current folder unless `--run-dir` says otherwise.
    public static func runDirectoryURL(_ explicit: String?, pipeline: URL) -> URL {
        if let explicit { return URL(fileURLWithPath: explicit).standardizedFileURL }
        let name = pipeline.deletingPathExtension().lastPathComponent
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("runs").appendingPathComponent(name)
    }

    /// Progress of one of this stage's steps: a bar on a terminal, periodic log lines otherwise.
    public func progress(_ step: String, unit: String = "rows", total: Int? = nil) -> ProgressReporter {
        ProgressReporter(label: "\(stage.rawValue): \(step)", unit: unit, total: total, logger: logger)
    }

    /// The digest of the configuration sections this stage depends on.
    public var configurationDigest: String {
        configuration.digest(ofSections: stage.configurationSections)
    }

    /// A finished-run record for this stage, to be saved with its outputs.
    public func stageRun(rowsIn: Int, rowsOut: Int, upstreamStamp: String?, summary: String?) -> StageRun {
        let finished = Date()
        return StageRun(
            stage: stage.rawValue, stamp: UUID().uuidString.lowercased(),
            startedAt: Timestamp.string(startedAt), finishedAt: Timestamp.string(finished),
            durationSeconds: finished.timeIntervalSince(startedAt), rowsIn: rowsIn, rowsOut: rowsOut,
            configDigest: configurationDigest, upstreamStamp: upstreamStamp,
            programVersion: BiduiVersion.current, staleReason: nil, summary: summary)
    }

    deinit {
        LogSink.shared.detach()
    }
}
