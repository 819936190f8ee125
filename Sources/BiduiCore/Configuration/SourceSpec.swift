import Foundation

/// How a source's text files are encoded: detected, or stated in the configuration.
public enum TextEncodingChoice: String, Sendable {
    case auto
    case utf8 = "utf-8"
    case gb18030

    init?(text: String) {
        switch text.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "auto", "": self = .auto
        case "utf-8", "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        default: return nil
        }
    }
}

/// One `sources:` entry: which department's files to read and how.
public struct SourceSpec: Sendable {
    public var role: SourceRole
    /// Paths or glob patterns, relative to the configuration file's folder.
    public var paths: [String]
    /// Sheets to read in spreadsheet files; nil reads every sheet whose header matches.
    public var sheets: [String]?
    public var encoding: TextEncodingChoice
    /// Extra header aliases for this source only, tried before the role's and the built-in ones.
    public var aliases: [CanonicalField: [String]]
    /// Line of the entry in the configuration, for messages.
    public var line: Int?
}

extension SourceSpec {
    static let keys: Set<String> = ["role", "path", "paths", "sheets", "encoding", "columns"]

    init(node: ConfigNode) throws {
        var values: [String: ConfigNode] = [:]
        for (key, value) in try node.entries(allowed: Self.keys) { values[key] = value }
        guard let roleNode = values["role"] else {
            throw node.error("missing role; add `role:` with one of enrollment, aid, rural, civil")
        }
        let roleText = try roleNode.nonEmptyString()
        guard let role = SourceRole(rawValue: roleText) else {
            throw roleNode.error("unknown role \"\(roleText)\"; use one of enrollment, aid, rural, civil")
        }
        if values["path"] != nil && values["paths"] != nil {
            throw node.error("give either path or paths, not both")
        }
        guard let pathNode = values["paths"] ?? values["path"] else {
            throw node.error("missing paths; add `paths: [\"../data/\(role.rawValue)/*.csv\"]`")
        }
        let paths = try pathNode.stringList()
        if paths.isEmpty { throw pathNode.error("lists no files") }
        var encoding = TextEncodingChoice.auto
        if let encodingNode = values["encoding"] {
            let text = try encodingNode.string()
            guard let choice = TextEncodingChoice(text: text) else {
                throw encodingNode.error("unknown encoding \"\(text)\"; use auto, utf-8 or gb18030")
            }
            encoding = choice
        }
        let sheets = try values["sheets"].map { try $0.stringList() }
        let aliases = try values["columns"].map { try ColumnAliasSection.parse($0) } ?? [:]
        self.init(role: role, paths: paths, sheets: sheets, encoding: encoding, aliases: aliases, line: node.line)
    }
}

/// A `columns:` mapping of canonical field names to extra header aliases.
enum ColumnAliasSection {
    static func parse(_ node: ConfigNode) throws -> [CanonicalField: [String]] {
        var result: [CanonicalField: [String]] = [:]
        for (key, value) in try node.entries() {
            guard let field = CanonicalField(rawValue: key) else {
                let known = CanonicalField.allCases.map(\.rawValue).joined(separator: ", ")
                throw value.error("unknown field \"\(key)\"; fields are: \(known)")
            }
            result[field] = try value.stringList()
        }
        return result
    }
}
