/// How the report stage writes its files (`report:` in a pipeline); every key has a default.
public struct ReportSettings: Sendable, Equatable {
    /// The CSV work list's encoding: UTF-8 with a byte-order mark (Excel shows Chinese), or GB18030
    /// for older county systems.
    public enum CSVEncoding: String, Sendable, Equatable { case utf8 = "utf-8", gb18030 }

    public var csvEncoding: CSVEncoding = .utf8
    /// Mask ID numbers (6 + 4 characters kept) and names in every file, for reports that will be shared.
    public var mask = false
    /// How many schools and villages the summary lists by findings.
    public var topPlaces = 10

    public init() {}

    static let keys: Set<String> = ["csv_encoding", "mask", "top_places"]

    init(node: ConfigNode) throws {
        for (key, value) in try node.entries(allowed: Self.keys) {
            switch key {
            case "csv_encoding":
                let text = try value.nonEmptyString().lowercased()
                switch text {
                case "utf-8", "utf8": csvEncoding = .utf8
                case "gb18030", "gbk", "gb2312": csvEncoding = .gb18030
                default: throw value.error("unknown encoding \"\(text)\"; use utf-8 or gb18030")
                }
            case "mask":
                switch try value.nonEmptyString().lowercased() {
                case "true", "yes", "on": mask = true
                case "false", "no", "off": mask = false
                default: throw value.error("expected true or false")
                }
            case "top_places":
                let count = Int(try value.number())
                guard count >= 1 else { throw value.error("must be at least 1") }
                topPlaces = count
            default: break
            }
        }
    }
}
