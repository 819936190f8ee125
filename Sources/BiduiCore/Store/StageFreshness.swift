import Crypto
import Foundation
import GRDB

/// Whether a stage's stored results still follow from its inputs, so `bidui run` can skip it: the
/// stage ran, is not stale, ran with this version of bidui, and every input it recorded is unchanged
/// — its configuration sections, its upstream stage's run, each file it read (size and SHA-256),
/// and its options. Adding or removing a review or case-decision file changes a configuration
/// section, so it is caught there; a changed file is caught by its hash.
public enum StageFreshness {
    public enum Verdict: Sendable, Equatable {
        /// Nothing changed since the run that finished at this time.
        case unchanged(finishedAt: String)
        /// The stage must run, for this reason (said to the user).
        case mustRun(String)
    }

    /// - Parameters:
    ///   - currentFiles: for ingest, the files the configuration names today (kind "file"), so a new
    ///     or vanished file is noticed.
    ///   - currentOptions: inputs of kind "option" as the stage would record them now.
    ///   - outputs: files the stage leaves in the run directory that must still exist.
    public static func verdict(
        for stage: StageName, configuration: PipelineConfiguration, store: RunStore,
        currentFiles: [StageInput]? = nil, currentOptions: [StageInput] = [], outputs: [URL] = []
    ) throws -> Verdict {
        let (run, inputs, upstreamStamps) = try store.database.read { db -> (StageRun?, [StageInput], [String: String]) in
            let run = try StageRun.fetchOne(db, key: stage.rawValue)
            let inputs = try StageInput.filter(Column("stage") == stage.rawValue).fetchAll(db)
            var stamps: [String: String] = [:]
            for other in try StageRun.fetchAll(db) { stamps[other.stage] = other.stamp }
            return (run, inputs, stamps)
        }
        guard let run else { return .mustRun("it has not run yet") }
        if let reason = run.staleReason { return .mustRun("its results are stale (\(reason))") }
        if run.programVersion != BiduiVersion.current {
            return .mustRun("it last ran with bidui \(run.programVersion), this is \(BiduiVersion.current)")
        }
        for output in outputs where !FileManager.default.fileExists(atPath: output.path) {
            return .mustRun("\(output.lastPathComponent) is missing")
        }
        let digest = configuration.digest(ofSections: stage.configurationSections)
        for input in inputs {
            switch input.kind {
            case "configuration":
                if input.sha256 != digest {
                    return .mustRun("its configuration (\(stage.configurationSections.joined(separator: ", "))) changed")
                }
            case "upstream":
                if upstreamStamps[input.name] != input.sha256 { return .mustRun("\(input.name) ran again since") }
            case "option":
                if !currentOptions.contains(where: { $0.name == input.name }) { return .mustRun("its options changed") }
            default:
                // A file it read: a department export, a review or case-decision file.
                let url = URL(fileURLWithPath: input.name, relativeTo: configuration.folder).standardizedFileURL
                guard let (size, sha) = fingerprint(url) else { return .mustRun("\(input.name) is gone") }
                if size != input.size || sha != input.sha256 { return .mustRun("\(input.name) changed") }
            }
        }
        if let currentFiles {
            let before = Set(inputs.filter { $0.kind == "file" }.map(\.name))
            let now = Set(currentFiles.map(\.name))
            if let added = now.subtracting(before).sorted().first { return .mustRun("\(added) is new") }
            if let removed = before.subtracting(now).sorted().first { return .mustRun("\(removed) is no longer named by the configuration") }
        }
        if !currentOptions.isEmpty && !inputs.contains(where: { $0.kind == "option" }) { return .mustRun("its options changed") }
        return .unchanged(finishedAt: run.finishedAt)
    }

    /// Size and SHA-256 of a file, read in 1 MiB chunks; nil if it cannot be read.
    public static func fingerprint(_ url: URL) -> (Int, String)? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size = 0
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += chunk.count
        }
        return (size, hasher.finalize().hexString)
    }
}
