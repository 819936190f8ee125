import Foundation
import GRDB

/// Where a run stands: each stage's state, when it ran, what it read and produced, and the report's
/// files, read without the run lock so that it can be asked while a stage works (`bidui status`).
package struct RunStatus: Sendable, Encodable {
    package enum State: String, Sendable, Encodable {
        case ok, stale, failed
        case notRun = "not_run"
    }

    package struct Input: Sendable, Encodable, Equatable {
        package var kind: String
        package var name: String
        package var size: Int?
        package var sha256: String?
    }

    package struct Attempt: Sendable, Encodable {
        package var startedAt: String
        package var finishedAt: String
        package var outcome: String
        /// ID numbers masked: the message may quote a cell, and status output goes to cron logs.
        package var message: String?
    }

    package struct Stage: Sendable, Encodable {
        package var stage: StageName
        package var state: State
        package var staleReason: String?
        package var startedAt: String?
        package var finishedAt: String?
        package var durationSeconds: Double?
        package var rowsIn: Int?
        package var rowsOut: Int?
        package var stamp: String?
        package var upstreamStamp: String?
        package var programVersion: String?
        package var inputs: [Input] = []
        /// The inputs in one line: "22 files (103.5 KiB), configuration sources+columns".
        package var consumed: String = ""
        /// The latest failed attempt when it came after the last success (or there was none).
        package var lastFailure: Attempt?
    }

    package struct ReportFile: Sendable, Encodable {
        package var name: String
        package var size: Int
        package var modifiedAt: String?
    }

    package var directory: String
    package var stages: [Stage]
    /// The files in report/ (hidden work folders left out); nil when there is no report folder.
    package var reportFiles: [ReportFile]?
    /// The process run.lock names while it is alive: a stage is probably working right now.
    package var runningProcess: Int32?

    /// Reads the status of the run in `directory`; throws when it is not a run directory.
    package static func load(directory: URL, busyTimeout: TimeInterval = 5) throws -> RunStatus {
        let store = try ReadOnlyRunStore(directory: directory, busyTimeout: busyTimeout)
        let stages = try store.read { db in try Self.stages(db) }
        return RunStatus(directory: directory.path, stages: stages,
                         reportFiles: Self.reportFiles(in: directory.appendingPathComponent("report")),
                         runningProcess: Self.lockHolder(directory))
    }

    private static func stages(_ db: Database) throws -> [Stage] {
        let tables = try ReadOnlyRunStore.tables(db)
        let runs = tables.contains("stage_runs") ? try StageRun.fetchAll(db) : []
        var inputs: [String: [Input]] = [:]
        if tables.contains("stage_inputs") {
            for row in try Row.fetchAll(db, sql: "SELECT stage, kind, name, size, sha256 FROM stage_inputs ORDER BY rowid") {
                inputs[row[0], default: []].append(Input(kind: row[1], name: row[2], size: row[3], sha256: row[4]))
            }
        }
        var attempts: [String: Attempt] = [:]
        if tables.contains("stage_attempts") {
            for row in try Row.fetchAll(db, sql: """
                SELECT stage, started_at, finished_at, outcome, message FROM stage_attempts a
                WHERE id = (SELECT MAX(id) FROM stage_attempts b WHERE b.stage = a.stage)
                """) {
                attempts[row[0]] = Attempt(startedAt: row[1], finishedAt: row[2], outcome: row[3],
                                           message: (row[4] as String?).map(PersonalDataMask.maskIDNumbers(in:)))
            }
        }
        let byStage = Dictionary(runs.map { ($0.stage, $0) }, uniquingKeysWith: { a, _ in a })
        return StageName.allCases.map { name in
            var stage = Stage(stage: name, state: .notRun)
            let attempt = attempts[name.rawValue]
            guard let run = byStage[name.rawValue] else {
                if let attempt {
                    stage.state = .failed
                    stage.lastFailure = attempt
                }
                return stage
            }
            stage.staleReason = run.staleReason
            stage.startedAt = run.startedAt
            stage.finishedAt = run.finishedAt
            stage.durationSeconds = (run.durationSeconds * 1000).rounded() / 1000
            stage.rowsIn = run.rowsIn
            stage.rowsOut = run.rowsOut
            stage.stamp = run.stamp
            stage.upstreamStamp = run.upstreamStamp
            stage.programVersion = run.programVersion
            stage.inputs = inputs[name.rawValue] ?? []
            stage.consumed = consumed(stage.inputs, runs: byStage)
            // Stored to the second: an attempt that started in the second the success finished came
            // after it (the other order would need both whole runs inside that one second).
            if let attempt, attempt.startedAt >= run.finishedAt {
                stage.state = .failed
                stage.lastFailure = attempt
            } else {
                stage.state = run.staleReason == nil ? .ok : .stale
            }
            return stage
        }
    }

    /// One line naming what a stage read; an upstream stamp that is no longer the upstream's current one says so.
    private static func consumed(_ inputs: [Input], runs: [String: StageRun]) -> String {
        var parts: [String] = []
        let files = inputs.filter { $0.kind == "file" }
        if !files.isEmpty {
            let bytes = files.compactMap(\.size).reduce(0, +)
            parts.append("\(files.count) file\(files.count == 1 ? "" : "s") (\(ByteCount.text(bytes)))")
        }
        for input in inputs where input.kind != "file" {
            switch input.kind {
            case "configuration": parts.append("configuration \(input.name)")
            case "upstream":
                let stamp = input.sha256 ?? ""
                let replaced = runs[input.name].map { $0.stamp != stamp } ?? false
                parts.append("upstream \(input.name) \(stamp.prefix(8))" + (replaced ? " (since replaced)" : ""))
            case "review_decisions": parts.append("review decisions \(input.name)")
            case "option": parts.append("options \(input.name)")
            default: parts.append("\(input.kind.replacingOccurrences(of: "_", with: " ")) \(input.name)")
            }
        }
        return parts.joined(separator: ", ")
    }

    private static func reportFiles(in folder: URL) -> [ReportFile]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path),
                  attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
            return ReportFile(name: name, size: (attributes[.size] as? Int) ?? 0,
                              modifiedAt: (attributes[.modificationDate] as? Date).map(Timestamp.string))
        }
    }

    /// A stage writes its process id into run.lock while it holds the lock and empties it when done;
    /// the pid is only believed while that process is alive (a killed stage leaves its pid behind).
    private static func lockHolder(_ directory: URL) -> Int32? {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("run.lock"), encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 else { return nil }
        return kill(pid, 0) == 0 || errno == EPERM ? pid : nil
    }

    /// The status as JSON for scripts: snake_case keys, stable order.
    package func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// File sizes as people read them: 950 B, 12.3 KiB, 4.1 MiB.
package enum ByteCount {
    package static func text(_ bytes: Int) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard bytes >= 1024 else { return "\(bytes) B" }
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
