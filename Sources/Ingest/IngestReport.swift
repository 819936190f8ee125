import BiduiCore
import Foundation

/// The accounting of one ingest: per file and sheet, rows read = accepted + skipped + rejected.
public struct IngestReport: Sendable {
    public struct Line: Sendable {
        public var role: SourceRole
        public var file: String
        public var sheet: String?
        public var format: String
        public var encoding: String
        public var counts: (read: Int, accepted: Int, skipped: Int, rejected: Int)
        /// Why the file or sheet was not read; nil when it was.
        public var problem: String?
        public var notes: [String]
    }

    public private(set) var lines: [Line] = []
    public var failedFiles: Int { lines.filter { $0.problem != nil && $0.sheet == nil }.count }
    public var readFiles: Int { Set(lines.filter { $0.problem == nil }.map(\.file)).count }

    public var totals: SheetTotals {
        lines.reduce(into: SheetTotals()) { t, line in
            t.read += line.counts.read
            t.accepted += line.counts.accepted
            t.skipped += line.counts.skipped
            t.rejected += line.counts.rejected
        }
    }

    public struct SheetTotals: Sendable, Codable {
        public var read = 0, accepted = 0, skipped = 0, rejected = 0
    }

    /// What the ingest means for the process's exit status.
    public var exitCode: BiduiExitCode {
        if failedFiles == 0 { return .success }
        return readFiles > 0 ? .partial : .failure
    }

    init(files: [ResolvedSource], unmatched: [UnmatchedPath], outcomes: [Int: FileOutcome],
         sheetCounts: [Int: SheetCounts], sheetNames: [Int: String?],
         skippedSheets: [(file: Int, name: String?, reason: String)]) {
        for file in files {
            let outcome = outcomes[file.index] ?? FileOutcome(error: .unreadable("reading stopped before this file finished"))
            let base = Line(
                role: file.spec.role, file: file.name, sheet: nil, format: outcome.format ?? "-",
                encoding: outcome.encoding ?? "-", counts: (0, 0, 0, 0), problem: outcome.error?.description,
                notes: outcome.notes)
            if outcome.error != nil {
                lines.append(base)
                continue
            }
            let sheets = sheetCounts.keys.filter { SheetKey.file(of: $0) == file.index }.sorted()
            for key in sheets {
                let c = sheetCounts[key] ?? SheetCounts()
                var line = base
                line.sheet = sheetNames[key] ?? nil
                line.counts = (c.read, c.accepted, c.skipped, c.rejected)
                lines.append(line)
            }
            for skipped in skippedSheets where skipped.file == file.index {
                var line = base
                line.sheet = skipped.name
                line.problem = "sheet skipped: \(skipped.reason)"
                line.notes = []
                lines.append(line)
            }
            if sheets.isEmpty && !skippedSheets.contains(where: { $0.file == file.index }) { lines.append(base) }
        }
        for path in unmatched {
            lines.append(Line(
                role: path.role, file: path.pattern, sheet: nil, format: "-", encoding: "-", counts: (0, 0, 0, 0),
                problem: "no file matches this path; check it in the pipeline (paths are relative to the pipeline's folder)",
                notes: []))
        }
    }

    /// A plain-text table for the terminal and the log.
    public var table: String {
        var rows = [["role", "file", "sheet", "format", "encoding", "read", "accepted", "skipped", "rejected", "status"]]
        for line in lines {
            rows.append([
                line.role.rawValue, line.file, line.sheet ?? "-", line.format, line.encoding,
                "\(line.counts.read)", "\(line.counts.accepted)", "\(line.counts.skipped)", "\(line.counts.rejected)",
                line.problem == nil ? "ok" : line.sheet == nil ? "NOT READ" : "skipped",
            ])
        }
        let t = totals
        rows.append(["total", "", "", "", "", "\(t.read)", "\(t.accepted)", "\(t.skipped)", "\(t.rejected)",
                     failedFiles == 0 ? "ok" : "\(failedFiles) not read"])
        var text = TextTable.render(rows, rightAligned: [5, 6, 7, 8])
        for line in lines {
            if let problem = line.problem { text += "\n\(line.file)\(line.sheet.map { ", sheet \($0)" } ?? ""): \(problem)" }
            for note in line.notes { text += "\n\(line.file): note: \(note)" }
        }
        return text
    }

    /// The accounting as JSON, kept with the stage record.
    var summaryJSON: String {
        let files: [[String: Any]] = lines.map { line in
            var entry: [String: Any] = [
                "role": line.role.rawValue, "file": line.file, "format": line.format, "encoding": line.encoding,
                "read": line.counts.read, "accepted": line.counts.accepted,
                "skipped": line.counts.skipped, "rejected": line.counts.rejected,
            ]
            entry["sheet"] = line.sheet ?? NSNull()
            entry["problem"] = line.problem ?? NSNull()
            return entry
        }
        let t = totals
        let object: [String: Any] = [
            "files": files,
            "totals": ["read": t.read, "accepted": t.accepted, "skipped": t.skipped, "rejected": t.rejected],
            "files_not_read": failedFiles,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
