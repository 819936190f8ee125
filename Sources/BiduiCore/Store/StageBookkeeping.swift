import Foundation
import GRDB

/// What a successful stage run consumed and produced; written in the same transaction as its outputs.
public struct StageRun: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "stage_runs"
    public var stage: String
    public var stamp: String
    public var startedAt: String
    public var finishedAt: String
    public var durationSeconds: Double
    public var rowsIn: Int
    public var rowsOut: Int
    public var configDigest: String
    public var upstreamStamp: String?
    public var programVersion: String
    /// Set when an earlier stage re-ran after this one: its outputs no longer follow from its inputs.
    public var staleReason: String?
    public var summary: String?

    enum CodingKeys: String, CodingKey {
        case stage, stamp, startedAt = "started_at", finishedAt = "finished_at"
        case durationSeconds = "duration_seconds", rowsIn = "rows_in", rowsOut = "rows_out"
        case configDigest = "config_digest", upstreamStamp = "upstream_stamp"
        case programVersion = "program_version", staleReason = "stale_reason", summary
    }
}

/// One input a stage consumed: a file (with size and hash), a configuration section, an upstream stamp.
public struct StageInput: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "stage_inputs"
    public var stage: String
    public var kind: String
    public var name: String
    public var size: Int?
    public var sha256: String?

    public init(stage: StageName, kind: String, name: String, size: Int?, sha256: String?) {
        self.stage = stage.rawValue
        self.kind = kind
        self.name = name
        self.size = size
        self.sha256 = sha256
    }
}

extension RunStore {
    public func stageRun(_ stage: StageName) throws -> StageRun? {
        try database.read { try StageRun.fetchOne($0, key: stage.rawValue) }
    }

    /// Records a finished stage inside the transaction that replaced its outputs, and marks every later stage stale.
    public static func recordStage(
        _ run: StageRun, inputs: [StageInput], in db: Database
    ) throws {
        try db.execute(sql: "DELETE FROM stage_inputs WHERE stage = ?", arguments: [run.stage])
        try run.save(db)
        for input in inputs { try input.insert(db) }
        guard let stage = StageName(rawValue: run.stage) else { return }
        for later in stage.later {
            try db.execute(
                sql: "UPDATE stage_runs SET stale_reason = ? WHERE stage = ? AND stale_reason IS NULL",
                arguments: ["\(stage.rawValue) re-ran at \(run.finishedAt)", later.rawValue])
        }
    }

    /// Notes a failed or interrupted attempt; the previous good results stay as they were.
    public func recordFailedAttempt(_ stage: StageName, startedAt: Date, message: String) {
        try? database.write { db in
            try db.execute(
                sql: "INSERT INTO stage_attempts (stage, started_at, finished_at, outcome, message) VALUES (?, ?, ?, 'failed', ?)",
                arguments: [stage.rawValue, Timestamp.string(startedAt), Timestamp.string(Date()), message])
        }
    }

    /// Keeps the configuration text a stage ran with, once per distinct text.
    public static func rememberConfiguration(_ configuration: PipelineConfiguration, digest: String, in db: Database) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO configurations (digest, path, text, first_used_at) VALUES (?, ?, ?, ?)",
            arguments: [digest, configuration.fileURL.path, configuration.text, Timestamp.string(Date())])
    }

    /// The upstream stage's stamp, or an error telling the user which command to run first.
    public func requireFresh(_ upstream: StageName, for stage: StageName, pipeline: String) throws -> StageRun {
        let command = "bidui \(upstream.rawValue) \(pipeline) --run-dir \(directory.path)"
        guard let run = try stageRun(upstream) else {
            throw RunStoreError.upstreamMissing(stage: stage, needs: upstream, command: command)
        }
        if let reason = run.staleReason {
            throw RunStoreError.upstreamStale(stage: stage, needs: upstream, reason: reason, command: command)
        }
        return run
    }
}

/// Timestamps as stored and shown: UTC, ISO 8601, to the second.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
