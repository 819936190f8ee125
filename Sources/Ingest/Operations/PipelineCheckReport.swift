import BiduiCore
import Foundation

/// What `bidui check` found, per source and file, with the verdict and its exit code. Only headers,
/// file names, row numbers and reasons are shown, never a data row's cells (personal data).
package struct PipelineCheckReport: Sendable {
    package struct Source: Sendable {
        var number: Int
        var spec: SourceSpec
        var files: [FileSurvey]
        /// Paths and patterns of this source that match no file.
        var unmatched: [String]
    }

    let configuration: PipelineConfiguration
    let pipelineArgument: String
    package let sources: [Source]

    var allFiles: [FileSurvey] { sources.flatMap(\.files) }
    package var usableFiles: Int { allFiles.filter(\.isUsable).count }
    /// Each file the pipeline names (as ingest names it) and the role it is read as.
    package var fileRoles: [String: SourceRole] {
        Dictionary(allFiles.map { ($0.source.name, $0.source.spec.role) }) { first, _ in first }
    }

    /// Everything that would make a run finish partially: files that cannot be read, sheets that
    /// lack a required column, paths that match nothing.
    package var problems: [String] {
        var lines: [String] = []
        for source in sources {
            let role = source.spec.role.rawValue
            for pattern in source.unmatched {
                lines.append("\(role) · \(pattern): no file matches this path; check it in the pipeline (paths are relative to the pipeline's folder)")
            }
            for file in source.files {
                if let problem = file.problem {
                    lines.append("\(role) · \(file.source.name): \(problem)")
                } else if !file.isUsable {
                    lines.append("\(role) · \(file.source.name): no sheet can be read")
                }
                for sheet in file.sheetsLackingColumns where file.isUsable {
                    lines.append("\(role) · \(file.source.name), sheet \(sheet.name ?? "-"): \(sheet.skipReason ?? "")")
                }
            }
        }
        return lines
    }

    /// 0 every input usable; 3 some file, sheet or path is not (a run would finish partially); 1 nothing is usable.
    package var exitCode: BiduiExitCode {
        if usableFiles == 0 { return .failure }
        return problems.isEmpty ? .success : .partial
    }

    package var text: String {
        var out: [String] = []
        let r = configuration.reconciliation
        out.append("bidui check \(pipelineArgument)")
        out.append("pipeline \(configuration.name) · \(r.schoolYear) \(r.term.rawValue) · reference date \(r.referenceDate)")
        out.append("configuration: valid, \(sources.count) source(s). Nothing was written: no run directory, no run.sqlite, no lock.")
        for source in sources {
            out.append("")
            out.append("source \(source.number) · \(source.spec.role.rawValue) (\(source.spec.role.chineseName)) · paths: \(source.spec.paths.joined(separator: ", "))"
                + (source.spec.line.map { " (line \($0))" } ?? ""))
            for pattern in source.unmatched { out.append("  \(pattern): NO FILE MATCHES this path") }
            var previous: (header: SheetHeader, place: String)?
            for file in source.files { out += Self.describe(file, previous: &previous) }
        }
        out.append("")
        out += summary
        return out.joined(separator: "\n")
    }

    /// `previous`: the last header shown in full, so a repeat (every township's sheet) takes one line.
    private static func describe(_ file: FileSurvey, previous: inout (header: SheetHeader, place: String)?) -> [String] {
        let outcome = file.outcome
        var head = "  \(file.source.name) · \(outcome.format ?? "-")"
        if let encoding = outcome.encoding { head += " · \(encoding)" }
        if let size = outcome.size { head += " · \(ByteCountFormatter.string(fromByteCount: size, countStyle: .file))" }
        var lines = [head]
        if let problem = file.problem { lines.append("    NOT READ: \(problem)") }
        for sheet in file.sheets { lines += describe(sheet, in: file, previous: &previous) }
        for note in outcome.notes { lines.append("    note: \(note)") }
        return lines
    }

    private static func describe(_ sheet: FileSurvey.Sheet, in file: FileSurvey, previous: inout (header: SheetHeader, place: String)?) -> [String] {
        let role = file.source.spec.role
        let indent = sheet.name == nil ? "    " : "      "
        var lines: [String] = []
        if let name = sheet.name { lines.append("    sheet \(name):") }
        guard let header = sheet.header else {
            let reason = sheet.skipReason ?? "skipped"
            let missing = FileSurvey.isMissingColumnReason(reason)
            lines.append(indent + (missing ? "SKIPPED: " : "skipped: ") + reason
                + (missing ? "" : " (fine for a cover page or layout table; if it lists people, its header is not recognised)"))
            return lines
        }
        let rows = header.firstRow == header.lastRow ? "row \(header.firstRow)" : "rows \(header.firstRow)–\(header.lastRow) (two-level)"
        if let previous, previous.header.headers == header.headers, previous.header.columns == header.columns {
            lines.append(indent + "header \(rows): the same columns as \(previous.place)")
        } else {
            let mapped = header.columns.map { "\(header.headers[$0.index])→\($0.field.rawValue)" }
            lines += wrapped("header \(rows): ", mapped, indent: indent)
            let used = Set(header.columns.map(\.index)).union(header.ignoredDuplicates.map(\.index))
            let unmapped = header.headers.indices.filter { !used.contains($0) && !header.headers[$0].isEmpty }.map { header.headers[$0] }
            if !unmapped.isEmpty { lines += wrapped("not used: ", unmapped, indent: indent) }
            previous = (header, file.source.name + (sheet.name.map { ", sheet \($0)" } ?? ""))
        }
        for column in header.ignoredDuplicates {
            lines.append(indent + "note: column \(SpreadsheetColumn.letters(column.index)) (\(header.headers[column.index])) also maps to \(column.field.rawValue); the first such column is used")
        }
        let fields = Set(header.columns.map(\.field))
        let absent = PipelineCheck.columnsTheFindingsUse(role).filter { !fields.contains($0) }
        if !absent.isEmpty {
            lines.append(indent + "note: no column for \(absent.map(\.displayName).joined(separator: ", ")), which the findings use")
        }
        let c = sheet.counts
        var rowLine = indent + "rows: \(c.read) read = \(c.accepted) accepted + \(c.skipped) skipped + \(c.rejected) rejected"
        let skippedReasons = sheet.reasons.filter { !$0.key.isEmpty && $0.key != "duplicate_column" }
            .sorted { $0.key < $1.key }.map { "\($0.value) \(Self.words(for: $0.key))" }
        if !skippedReasons.isEmpty { rowLine += " (\(skippedReasons.joined(separator: ", ")))" }
        lines.append(rowLine)
        for issue in sheet.rejected {
            lines.append(indent + "rejected row \(issue.row)\(issue.column.map { ", column \($0)" } ?? ""): \(issue.message)")
        }
        if c.rejected > sheet.rejected.count { lines.append(indent + "… and \(c.rejected - sheet.rejected.count) more rejected row(s); `bidui ingest` lists them all") }
        return lines
    }

    private var summary: [String] {
        var rows = [["role", "files", "usable", "rows accepted", "rejected"]]
        for role in SourceRole.allCases {
            let files = sources.filter { $0.spec.role == role }.flatMap(\.files)
            guard !files.isEmpty || sources.contains(where: { $0.spec.role == role }) else { continue }
            let sheets = files.flatMap(\.sheets)
            rows.append(["\(role.rawValue) (\(role.chineseName))", "\(files.count)", "\(files.filter(\.isUsable).count)",
                         "\(sheets.map(\.counts.accepted).reduce(0, +))", "\(sheets.map(\.counts.rejected).reduce(0, +))"])
        }
        var out = [TextTable.render(rows, rightAligned: [1, 2, 3, 4])]
        let missingRoles = SourceRole.allCases.filter { role in !allFiles.contains { $0.source.spec.role == role && $0.isUsable } }
        if !missingRoles.isEmpty {
            out.append("note: no usable \(missingRoles.map { "\($0.rawValue) (\($0.chineseName))" }.joined(separator: ", ")) file: the findings that need it are skipped")
        }
        let problems = problems
        if !problems.isEmpty {
            out.append("")
            out.append("problems (a run would leave these out):")
            out += problems.map { "  \($0)" }
        }
        out.append("")
        let total = allFiles.count
        switch exitCode {
        case .success:
            out.append("verdict: ready — all \(total) file(s) can be read. Next: bidui ingest \(pipelineArgument)")
        case .partial:
            out.append("verdict: partial — \(usableFiles) of \(total) file(s) can be read, \(problems.count) problem(s) above; a run now would leave them out (exit 3)")
        default:
            out.append("verdict: nothing usable — no file can be read (exit 1); fix the problems above")
        }
        return out
    }

    /// Reason codes of skipped and rejected rows in a few words.
    private static func words(for reason: String) -> String {
        switch reason {
        case "title_row": "title"
        case "header_row": "header"
        case "blank_row": "blank"
        case "total_row": "total (合计)"
        case "no_person": "without name or ID"
        case "cell_count": "wrong cell count"
        case "unterminated_quote": "unclosed quote"
        case "invalid_encoding": "invalid bytes"
        case "row_too_long": "too long"
        default: reason
        }
    }

    /// `label` followed by `items`, wrapped at about 110 display columns.
    private static func wrapped(_ label: String, _ items: [String], indent: String) -> [String] {
        var lines: [String] = []
        var current = indent + label
        let continuation = indent + String(repeating: " ", count: label.count)
        for (i, item) in items.enumerated() {
            let piece = item + (i < items.count - 1 ? ", " : "")
            if TextTable.displayWidth(current + piece) > 110 && current != indent + label && current != continuation {
                while current.hasSuffix(" ") { current.removeLast() }
                lines.append(current)
                current = continuation
            }
            current += piece
        }
        lines.append(current)
        return lines
    }
}
