import BiduiCore
import Foundation

extension PipelineProposal {
    /// Files of one role that share what their `sources:` entry says beyond the paths.
    struct SourceGroup {
        var role: SourceRole
        var encoding: TextEncodingChoice?
        var aliases: [CanonicalField: [String]]
        var files: [FileProposal]
    }

    /// Decided files grouped into `sources:` entries, in role order, plain entries before special ones.
    var groups: [SourceGroup] {
        var groups: [SourceGroup] = []
        for file in files where file.isDecided {
            guard let role = file.role else { continue }
            if let i = groups.firstIndex(where: { $0.role == role && $0.encoding == file.guessedEncoding && $0.aliases == file.aliases }) {
                groups[i].files.append(file)
            } else {
                groups.append(SourceGroup(role: role, encoding: file.guessedEncoding, aliases: file.aliases, files: [file]))
            }
        }
        return groups.enumerated().sorted { a, b in
            (a.element.role, a.element.encoding != nil || !a.element.aliases.isEmpty ? 1 : 0, a.offset)
                < (b.element.role, b.element.encoding != nil || !b.element.aliases.isEmpty ? 1 : 0, b.offset)
        }.map(\.element)
    }

    /// The pipeline file for `output`, its paths relative to `output`'s folder, checked by loading it
    /// back and resolving its paths to exactly the decided files. Throws when nothing was decided.
    package func pipelineText(for output: URL) throws -> String {
        guard decidedFiles > 0 else {
            throw PipelineProposalError("no file in \(folder.path) could be given a role and read; nothing to write (the reasons are listed above)")
        }
        let base = PathText.relative(from: output.deletingLastPathComponent(), to: folder)
        let text = render(base: base, outputName: output.lastPathComponent)
        let configuration = try PipelineConfiguration.parse(text: text, fileURL: output.standardizedFileURL)
        let resolved = Set(SourceResolver.resolve(configuration).files.map { $0.url.resolvingSymlinksInPath().path })
        let wanted = Set(files.filter(\.isDecided).map { folder.appendingPathComponent($0.path).resolvingSymlinksInPath().path })
        guard resolved == wanted else {
            throw PipelineProposalError("the proposed paths would read \(resolved.subtracting(wanted).sorted()) and miss \(wanted.subtracting(resolved).sorted()); please report this")
        }
        return text
    }

    private func render(base: String, outputName: String) -> String {
        var out = [
            "# bidui pipeline proposed by `bidui init` on \(today) from the files in \(folder.lastPathComponent)/.",
            "# 请逐项核对 (review every line): each file's role, the school year, term and reference date.",
            "# Paths and globs are relative to this file's folder. Then run: bidui check \(outputName)",
            "pipeline: \(PathText.quoted(folder.lastPathComponent))",
            "reconciliation:",
        ]
        let basis = switch term.basis {
        case .named(let votes): "由文件名和标题行推定 (\(votes) 处提到)"
        case .today: "由今天的日期推定, 文件名中没有学年学期"
        }
        out.append("  school_year: \"\(term.schoolYear)\"   # 请核对: \(basis)")
        out.append("  term: \(term.term.rawValue)   # 请核对: 秋季学期 or 春季学期")
        out.append("  reference_date: \(term.referenceDate)   # 请核对: the day 在保 and 风险未消除 are judged on (判断日期)")
        out.append("sources:")
        for group in groups { out += render(group, base: base) }
        let undecided = files.filter { !$0.isDecided }
        if !undecided.isEmpty {
            out.append("  # ── 未能确定的文件 (could not decide): 按说明改好后取消注释 ──")
            for file in undecided { out += renderUndecided(file, base: base) }
        }
        if let personIDKey {
            out.append("match:")
            out.append("  person_id_key: \(PathText.quoted(PathText.joined(base, personIDKey)))   # found in the folder; a real deployment keeps the key outside the data (default ~/.config/bidui/person-id.key)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func render(_ group: SourceGroup, base: String) -> [String] {
        let role = group.role
        // The evidence most of the group's files share.
        let evidence = group.files.map(\.guess.evidence).max { a, b in
            group.files.filter { $0.guess.evidence == a }.count < group.files.filter { $0.guess.evidence == b }.count
        } ?? .none
        var out = ["  # \(role.chineseName) (\(role.rawValue)): \(group.files.count) 个文件; 依据: \(Self.chinese(evidence))",
                   "  - role: \(role.rawValue)"]
        let entries = pathEntries(group.files, base: base)
        if entries.count == 1 {
            out.append("    paths: [\(entries[0].pattern)]" + (entries[0].comment.map { "   # \($0)" } ?? ""))
        } else {
            out.append("    paths:")
            out += entries.map { "      - \($0.pattern)" + ($0.comment.map { "   # \($0)" } ?? "") }
        }
        if let encoding = group.encoding {
            let bad = group.files.map(\.invalidByteSequences).reduce(0, +)
            out.append("    encoding: \(encoding.rawValue)   # 请核对: 自动识别时有 \(bad) 处字节在两种编码下都无效, 按 \(encoding.rawValue) 读取; 含这些字节的行会被拒绝")
        }
        if !group.aliases.isEmpty {
            out.append("    columns:   # 请核对: 这些表头不在内置别名中, 按其名称当作所需字段")
            out += Self.aliasLines(group.aliases, indent: "      ", commented: false)
        }
        for file in group.files {
            if !file.doubtfulAliases.isEmpty {
                out.append("    # \(file.path): 下列表头可能是所需字段, 核对后保留一个并取消注释 (columns:)")
                out += Self.aliasLines(file.doubtfulAliases, indent: "    #   ", commented: true)
            }
            for sheet in file.skippedSheets {
                out.append("    # 注: \(file.path) 的 \(sheet.name) "
                    + (sheet.missing.isEmpty ? "前\(SheetHeaderDetector.searchDepth)行中没有可识别的表头, 导入时跳过 (封面、说明页或版式表格可不理会)"
                                             : "缺少 \(sheet.missing.map(\.displayName).joined(separator: ", ")) 列, 导入时跳过"))
            }
        }
        return out
    }

    private func renderUndecided(_ file: FileProposal, base: String) -> [String] {
        let reason: String
        switch file.blocker {
        case .unreadable(let why)?: reason = "无法读取: \(why)"
        case .binaryExcel?: reason = "二进制 .xls (Excel 97-2003), bidui 不能读取: 请用 Excel 或 WPS 另存为 .xlsx, 再运行 bidui init"
        case .noHeader?: reason = "前\(SheetHeaderDetector.searchDepth)行中没有可识别的表头 (应有 姓名、身份证号 等列): 请用 columns: 写明表头对应的字段"
        case .missing(let fields, let headers)?:
            reason = "缺少必需列 \(fields.map(\.displayName).joined(separator: ", ")); 表头为: \(headers.map(PathText.oneLine).joined(separator: ", ")). 若某列即是, 请用 columns: 加别名"
        case .unclearRole?, nil:
            reason = "未能判断来源: 表头中没有能区分来源的列 (如 学籍状态、资助项目、户类型、保障类型), 文件名中也没有 学籍/资助/乡村振兴/民政 等字样; 请填 enrollment, aid, rural 或 civil"
        }
        var out = ["  # - role: \(file.role?.rawValue ?? "?")   # \(reason)",
                   "  #   paths: [\(PathText.quoted(PathText.escapedGlob(PathText.joined(base, file.path))))]"]
        if !file.doubtfulAliases.isEmpty {
            out.append("  #   columns:   # 下列表头可能是所需字段, 请核对")
            out += Self.aliasLines(file.doubtfulAliases, indent: "  #     ", commented: true)
        }
        return out
    }

    /// The patterns naming `files`: "folder/*.csv" when those files are the only ones of that
    /// extension in their folder (two at least), "folder/*" when they are all its files, else each file.
    private func pathEntries(_ files: [FileProposal], base: String) -> [(pattern: String, comment: String?)] {
        var entries: [(pattern: String, comment: String?)] = []
        var globs = 0  // globs come first, then single files
        var byFolder: [(folder: String, files: [FileProposal])] = []
        for file in files {
            let folder = (file.path as NSString).deletingLastPathComponent
            if let i = byFolder.firstIndex(where: { $0.folder == folder }) { byFolder[i].files.append(file) } else { byFolder.append((folder, [file])) }
        }
        for (folder, members) in byFolder {
            let others = allPaths.filter { ($0 as NSString).deletingLastPathComponent == folder && !members.map(\.path).contains($0) }
            let extensions = Set(members.map { ($0.path as NSString).pathExtension })
            let prefix = PathText.escapedGlob(PathText.joined(base, folder))
            var glob: String?
            if members.count >= 2, extensions.count == 1, let ext = extensions.first, !ext.isEmpty,
               !others.contains(where: { ($0 as NSString).pathExtension == ext }) {
                glob = PathText.joined(prefix, "*." + PathText.escapedGlob(ext))
            } else if members.count >= 2, others.isEmpty {
                glob = PathText.joined(prefix, "*")
            }
            if let glob {
                globs += 1
                let nameOnly = members.filter { if case .name = $0.guess.evidence { true } else { false } }.count
                entries.insert((PathText.quoted(glob), "\(members.count) 个文件" + (nameOnly > 0 ? "; 其中 \(nameOnly) 个仅凭文件名判断, 请核对" : "")), at: globs - 1)
            } else {
                for file in members {
                    let comment: String? = if case .name(let word) = file.guess.evidence { "仅凭文件名 (\(word)) 判断, 请核对" } else { nil }
                    entries.append((PathText.quoted(PathText.escapedGlob(PathText.joined(base, file.path))), comment))
                }
            }
        }
        return entries
    }

    static func aliasLines(_ aliases: [CanonicalField: [String]], indent: String, commented: Bool) -> [String] {
        aliases.sorted { $0.key.rawValue < $1.key.rawValue }.map { field, headers in
            "\(indent)\(field.rawValue): [\(headers.map { PathText.quoted(PathText.oneLine($0)) }.joined(separator: ", "))]"
                + (commented ? "   # \(field.chineseName)" : "")
        }
    }

    static func chinese(_ evidence: SourceRoleGuess.Evidence) -> String {
        switch evidence {
        case .headers(let headers): "表头 " + headers.map(PathText.oneLine).joined(separator: ", ")
        case .headersAndName(let headers, let word): "表头 \(headers.map(PathText.oneLine).joined(separator: ", ")) 与文件名 (\(word))"
        case .name(let word): "文件名 (\(word)); 表头中没有能区分来源的列, 请核对"
        case .none: "无"
        }
    }
}

/// Paths and strings as a pipeline file writes them.
enum PathText {
    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A header cell's text on one line (headers may hold line breaks).
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// A literal path made safe for `glob(3)`, which `SourceResolver` uses whenever a path holds `*`, `?` or `[`.
    static func escapedGlob(_ path: String) -> String {
        guard path.contains(where: { "*?[".contains($0) }) else { return path }
        var out = ""
        for c in path {
            if "*?[]\\".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    static func joined(_ a: String, _ b: String) -> String {
        a.isEmpty ? b : b.isEmpty ? a : a + "/" + b
    }

    /// `target` relative to `base` ("../data"), both folders; "" when they are the same.
    static func relative(from base: URL, to target: URL) -> String {
        let a = base.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let b = target.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var i = 0
        while i < min(a.count, b.count) && a[i] == b[i] { i += 1 }
        return (Array(repeating: "..", count: a.count - i) + b[i...]).joined(separator: "/")
    }
}
