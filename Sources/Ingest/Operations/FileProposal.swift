import BiduiCore
import Foundation

/// What `bidui init` makes of one data file: its role, and whether ingest could read it as that role
/// as it stands, with `columns:` aliases, or not at all (and why).
struct FileProposal {
    /// Why a file cannot go into the pipeline as proposed; it is then written commented out.
    enum Blocker: Equatable {
        case unreadable(String)
        case binaryExcel
        case unclearRole
        /// No sheet has a header row in its first rows.
        case noHeader
        /// Every sheet's header lacks a column the role needs; `headers` is the best header found.
        case missing([CanonicalField], headers: [String])
    }

    /// A sheet ingest would skip although the file is read: a cover page, or a sheet without a needed column.
    struct SkippedSheet: Equatable {
        var name: String
        /// Empty: the sheet has no recognisable header at all.
        var missing: [CanonicalField]
    }

    /// Path in the folder, `/`-separated.
    var path: String
    var format: String
    var encodingLabel: String?
    var guess: SourceRoleGuess
    var blocker: Blocker?
    /// Aliases that make the file readable, verified by header detection.
    var aliases: [CanonicalField: [String]] = [:]
    /// Headers that may carry a needed field but did not make the file readable: a commented-out line.
    var doubtfulAliases: [CanonicalField: [String]] = [:]
    /// Set when `encoding: auto` had to settle for an encoding with invalid bytes: written out, to be checked.
    var guessedEncoding: TextEncodingChoice?
    var invalidByteSequences = 0
    var skippedSheets: [SkippedSheet] = []
    /// Title rows above headers (never data rows): they often name the school year and term.
    var titles: [String] = []

    var role: SourceRole? { guess.role }
    var isDecided: Bool { blocker == nil && guess.role != nil }

    /// Samples the file's sheets and decides; `temporaryFolder` takes the UTF-8 copy of a GB18030 file.
    static func assess(path: String, url: URL, temporaryFolder: URL) -> FileProposal {
        let base = SheetHeaderDetector(role: .enrollment)
        let sample = HeaderSample.read(url, detector: base, temporaryFolder: temporaryFolder)
        var file = FileProposal(path: path, format: sample.formatLabel ?? "-", encodingLabel: sample.encodingLabel,
                                guess: SourceRoleGuess.guess(headers: [:], path: path))
        if let problem = sample.problem {
            if case .binaryExcel = problem { file.blocker = .binaryExcel } else { file.blocker = .unreadable(problem.description) }
            return file
        }
        if let decision = sample.textEncoding, decision.invalidSequences > 0 {
            file.guessedEncoding = decision.encoding == .gb18030 ? .gb18030 : .utf8
            file.invalidByteSequences = decision.invalidSequences
        }
        // Each sheet's header as ingest finds it, or else the row with the most known headers (two at least).
        let headers: [SheetHeader?] = sample.sheets.map { sheet in
            base.detect(sheet.rows)?.header ?? base.bestEffort(sheet.rows).flatMap { $0.score >= 2 ? $0.header : nil }
        }
        for (sheet, header) in zip(sample.sheets, headers) {
            guard let header else { continue }
            file.titles += sheet.rows.filter { $0.number < header.firstRow }.map { $0.cells.joined(separator: " ") }
        }
        file.guess = SourceRoleGuess.guess(headers: fieldsFound(headers.compactMap { $0 }), path: path)
        var result = assess(sample.sheets, headers, role: file.guess.role ?? .enrollment)
        if file.guess.role == nil {
            // Aliases may have found the columns that tell the role.
            let second = SourceRoleGuess.guess(headers: fieldsFound(result.readable), path: path)
            if let role = second.role {
                file.guess = second
                result = assess(sample.sheets, headers, role: role)
            }
        }
        file.aliases = result.aliases
        file.doubtfulAliases = result.doubtful
        if result.readable.isEmpty {
            file.blocker = result.firstMissing.map { .missing($0.fields, headers: $0.headers.filter { !$0.isEmpty }) } ?? .noHeader
        } else {
            file.skippedSheets = result.skipped
        }
        if file.blocker == nil && file.guess.role == nil { file.blocker = .unclearRole }
        return file
    }

    private struct Assessment {
        var readable: [SheetHeader] = []
        var aliases: [CanonicalField: [String]] = [:]
        var doubtful: [CanonicalField: [String]] = [:]
        var skipped: [SkippedSheet] = []
        var firstMissing: (fields: [CanonicalField], headers: [String])?
    }

    /// Which sheets ingest would read as `role`, adding an alias for a needed column where exactly
    /// one unknown header looks like it and header detection then accepts the sheet.
    private static func assess(_ sheets: [HeaderSample.Sheet], _ headers: [SheetHeader?], role: SourceRole) -> Assessment {
        let plain = SheetHeaderDetector(role: role)
        var result = Assessment()
        for (sheet, header) in zip(sheets, headers) {
            if let header, plain.detect(sheet.rows) != nil, plain.missingFields(header).isEmpty {
                result.readable.append(header)
                continue
            }
            // The header's unknown texts, or, without a header, each of the first rows in turn.
            let tries: [[String]] = header.map { h in
                [h.headers.indices.filter { i in !h.columns.contains { $0.index == i } }.map { h.headers[$0].split(separator: "/").last.map(String.init) ?? "" }]
            } ?? sheet.rows.map(\.cells)
            var accepted = false
            for texts in tries {
                let fields = Set(plain.candidate(group: nil, sub: (0, texts)).header.columns.map(\.field)).union(header?.columns.map(\.field) ?? [])
                var certain: [CanonicalField: [String]] = [:]
                var doubtful: [CanonicalField: [String]] = [:]
                for group in ColumnAliases.required(for: role) where !group.contains(where: fields.contains) {
                    for field in group {
                        let candidates = ColumnAliasGuess.candidates(for: field, among: texts.filter { plain.aliases[HeaderText.normalized($0)] == nil })
                        if candidates.count == 1 { certain[field] = candidates; break }
                        if candidates.count > 1 { doubtful[field] = candidates }
                    }
                }
                guard !certain.isEmpty else {
                    if header != nil { result.doubtful.merge(doubtful) { a, _ in a } }
                    continue
                }
                let widened = SheetHeaderDetector(role: role, extraAliases: certain)
                if let found = widened.detect(sheet.rows)?.header, widened.missingFields(found).isEmpty {
                    result.readable.append(found)
                    result.aliases.merge(certain) { a, b in Array(Set(a + b)).sorted() }
                    accepted = true
                    break
                }
                if header != nil { result.doubtful.merge(certain.merging(doubtful) { a, _ in a }) { a, _ in a } }
            }
            if !accepted {
                let missing = header.map(plain.missingFields) ?? []
                if result.firstMissing == nil, let header, !missing.isEmpty { result.firstMissing = (missing, header.headers) }
                result.skipped.append(SkippedSheet(name: sheet.name ?? "", missing: missing))
            }
        }
        return result
    }

    /// Field → the header text that carries it, over all sheets (the first sheet's text wins).
    private static func fieldsFound(_ headers: [SheetHeader]) -> [CanonicalField: String] {
        var found: [CanonicalField: String] = [:]
        for header in headers {
            for column in header.columns where found[column.field] == nil { found[column.field] = header.headers[column.index] }
        }
        return found
    }
}
