import BiduiCore
import Foundation

/// `bidui init FOLDER`: a first pipeline for a folder of department exports, for the officer to
/// review. Every data file's format, encoding and header are sniffed as ingest would read them;
/// its role comes from its headers, else its name. What cannot be decided is written commented out,
/// with the reason, never guessed.
package struct PipelineProposal {
    package let folder: URL
    var files: [FileProposal]
    /// Files that are not spreadsheets or text exports (README.md, scripts, Excel's ~$ lock files).
    var ignored: [String]
    /// Folders left out by name (runs, expected, truth), relative to the folder.
    var skippedFolders: [String]
    /// A `person-id.key` at the top of the folder: the secret behind person ids, named in `match:`.
    var personIDKey: String?
    /// Every file directly or deeply under the folder that a glob could match (data, ignored, key).
    var allPaths: [String]
    var term: TermProposal
    /// The day the proposal was made, for the file's first line.
    var today: CalendarDate

    /// Folders that hold bidui's own output or answer keys, never department exports.
    package static let skippedFolderNames: Set<String> = ["runs", "expected", "truth"]
    /// Extensions department exports come with (the format itself is sniffed from the bytes).
    static let dataExtensions: Set<String> = ["csv", "tsv", "txt", "xls", "xlsx", "xlsm", "xml", "htm", "html"]

    package var decidedFiles: Int { files.filter(\.isDecided).count }
    package var undecidedFiles: Int { files.count - decidedFiles }

    /// Looks at every file under `folder` (hidden ones and skipped folders left out), on every core.
    package static func make(folder: URL, today: CalendarDate) throws -> PipelineProposal {
        let folder = folder.standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PipelineProposalError("\(folder.path) is not a folder; give the folder that holds the department exports")
        }
        let listing = try list(folder)
        let temporaryFolder = FileManager.default.temporaryDirectory
            .appendingPathComponent("bidui-init-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: temporaryFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: temporaryFolder) }
        let data = listing.data
        let files = ConcurrentSlots<FileProposal>.map(data.count) { i in
            FileProposal.assess(path: data[i], url: folder.appendingPathComponent(data[i]), temporaryFolder: temporaryFolder)
        }
        let texts = files.flatMap { [($0.path as NSString).lastPathComponent] + $0.titles }
        return PipelineProposal(
            folder: folder, files: files, ignored: listing.ignored, skippedFolders: listing.skippedFolders,
            personIDKey: listing.personIDKey, allPaths: listing.data + listing.ignored + (listing.personIDKey.map { [$0] } ?? []),
            term: TermProposal.propose(from: texts, today: today), today: today)
    }

    /// Relative paths under `folder`, sorted: data files, ignored files, skipped folders and the key.
    private static func list(_ folder: URL) throws -> (data: [String], ignored: [String], skippedFolders: [String], personIDKey: String?) {
        guard let walker = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles]) else {
            throw PipelineProposalError("cannot list \(folder.path); check that you may read it")
        }
        let prefix = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
        var data: [String] = [], ignored: [String] = [], skipped: [String] = []
        var key: String?
        while let url = walker.nextObject() as? URL {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix) else { continue }
            let relative = String(path.dropFirst(prefix.count))
            let name = url.lastPathComponent
            if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                if skippedFolderNames.contains(name) {
                    skipped.append(relative)
                    walker.skipDescendants()
                }
                continue
            }
            if name.hasPrefix(".") { continue }
            if relative == "person-id.key" { key = relative; continue }
            if name.hasPrefix("~$") || !dataExtensions.contains(url.pathExtension.lowercased()) {
                ignored.append(relative)
            } else {
                data.append(relative)
            }
        }
        return (data.sorted(), ignored.sorted(), skipped.sorted(), key)
    }

    /// What was decided, one line a file, for the terminal (English, with the departments' Chinese names).
    package var summary: String {
        var lines = ["bidui init \(folder.path): \(files.count) data file(s)"
            + (skippedFolders.isEmpty ? "" : "; folders left out: \(skippedFolders.joined(separator: ", "))")]
        var rows: [[String]] = []
        for file in files {
            let kind = [file.format, file.encodingLabel].compactMap { $0 }.joined(separator: " · ")
            let decision: String
            if let blocker = file.blocker {
                decision = "NOT DECIDED (\(file.role.map { "\($0.rawValue)? " } ?? "")\(Self.english(blocker)))"
            } else if let role = file.role {
                decision = "\(role.rawValue) (\(role.chineseName)) — \(Self.english(file.guess.evidence))"
                    + (file.aliases.isEmpty ? "" : "; columns: " + Self.aliasText(file.aliases))
                    + (file.guessedEncoding.map { "; encoding \($0.rawValue) (guessed)" } ?? "")
                    + (file.skippedSheets.isEmpty ? "" : "; sheets skipped: " + file.skippedSheets.map(\.name).joined(separator: ", "))
            } else {
                decision = "NOT DECIDED"
            }
            rows.append([file.path, kind, "→ " + decision])
        }
        if !rows.isEmpty { lines += TextTable.render(rows).split(separator: "\n").map { "  " + $0 } }
        if !ignored.isEmpty { lines.append("not spreadsheets or CSV, left out: \(ignored.joined(separator: ", "))") }
        let basis = term.basis == .today ? "from today's date" : "from file names and title rows"
        lines.append("term: \(term.schoolYear) \(term.term.rawValue), reference date \(term.referenceDate) (\(basis)) — check them")
        if let personIDKey { lines.append("person ids: the key \(personIDKey) found in the folder is named under match: person_id_key") }
        let roles = Set(files.filter(\.isDecided).compactMap(\.role))
        lines.append("decided: \(decidedFiles) file(s) for \(roles.count) role(s); not decided: \(undecidedFiles)"
            + (undecidedFiles > 0 ? " (commented out in the pipeline file, each with the reason)" : ""))
        return lines.joined(separator: "\n")
    }

    static func english(_ evidence: SourceRoleGuess.Evidence) -> String {
        switch evidence {
        case .headers(let headers): "headers " + headers.joined(separator: ", ")
        case .headersAndName(let headers, let word): "headers \(headers.joined(separator: ", ")) and the name (\(word))"
        case .name(let word): "file name (\(word))"
        case .none: "nothing tells"
        }
    }

    static func english(_ blocker: FileProposal.Blocker) -> String {
        switch blocker {
        case .unreadable(let reason): "cannot be read: \(reason)"
        case .binaryExcel: "binary Excel 97-2003 .xls: save it as .xlsx in Excel or WPS"
        case .unclearRole: "the role is unclear: no header or name word belongs to one department"
        case .noHeader: "no header row in the first \(SheetHeaderDetector.searchDepth) rows"
        case .missing(let fields, _): "missing column " + fields.map(\.displayName).joined(separator: ", ")
        }
    }

    static func aliasText(_ aliases: [CanonicalField: [String]]) -> String {
        aliases.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) ← \($0.value.joined(separator: ", "))" }.joined(separator: "; ")
    }
}

/// Why `bidui init` could not look at the folder.
package struct PipelineProposalError: Error, Sendable, CustomStringConvertible {
    package let description: String
    init(_ description: String) { self.description = description }
}

extension CalendarDate {
    /// Today on this machine's calendar and time zone: what "this term" means to the officer.
    package static var today: CalendarDate? {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }
}
