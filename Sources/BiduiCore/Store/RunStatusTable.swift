import Foundation

extension RunStatus {
    /// The status as `bidui status` prints it: one line per stage in data-flow order, failures'
    /// messages below the table (they can be long), then the report folder's files.
    package var table: String {
        // The consumed inputs last: the widest column, and the one a line may wrap on.
        var rows = [["stage", "state", "finished", "duration", "rows in → out", "version", "consumed"]]
        for stage in stages {
            rows.append([
                stage.stage.rawValue, stage.stateText, stage.finishedAt ?? "-",
                stage.durationSeconds.map(Self.duration) ?? "-",
                stage.rowsIn.flatMap { rowsIn in stage.rowsOut.map { "\(rowsIn) → \($0)" } } ?? "-",
                stage.programVersion ?? "-", stage.consumed.isEmpty ? "-" : stage.consumed,
            ])
        }
        var lines = ["run directory: \(directory)"]
        if let runningProcess {
            lines.append("in use: process \(runningProcess) holds run.lock (a stage is working; what follows is the last committed state)")
        }
        lines.append(TextTable.render(rows))
        for stage in stages {
            guard let failure = stage.lastFailure else { continue }
            let message = failure.message?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "(no message)"
            lines.append("")
            lines.append("\(stage.stage.rawValue): the attempt of \(failure.startedAt) \(failure.outcome): \(message)")
            if stage.finishedAt != nil {
                lines.append("  the results of \(stage.finishedAt ?? "") are still in place" + (stage.staleReason.map { ", but stale (\($0))" } ?? ""))
            }
        }
        lines.append("")
        switch reportFiles {
        case nil: lines.append("report/: not written yet (bidui report)")
        case let files? where files.isEmpty: lines.append("report/: empty")
        case let files?:
            lines.append("report/:")
            lines.append(TextTable.render(files.map { ["  " + $0.name, ByteCount.text($0.size), $0.modifiedAt ?? ""] }, rightAligned: [1]))
        }
        return lines.joined(separator: "\n")
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 {
            let tenths = Int((seconds * 10).rounded())
            return "\(tenths / 10).\(tenths % 10) s"
        }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole / 60 % 60) min"
    }
}

extension RunStatus.Stage {
    /// ok, stale: <reason>, failed: <first line of the message>, not run.
    package var stateText: String {
        switch state {
        case .ok: return "ok"
        case .notRun: return "not run"
        case .stale: return "stale: " + (staleReason ?? "")
        case .failed:
            let first = lastFailure?.message?.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            let short = first.count > 60 ? String(first.prefix(57)) + "…" : first
            return "failed last attempt" + (short.isEmpty ? "" : ": " + short)
        }
    }
}
