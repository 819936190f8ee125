import Crypto
import Foundation
import Yams

/// A pipeline: which department files to compare, how their columns map, and which term.
///
/// Loaded from one YAML file under `pipelines/`. YAML (Yams) rather than TOML because Yams
/// reports the line of every node, so a mistake anywhere is named by line and key.
public struct PipelineConfiguration: Sendable {
    public var name: String
    /// The configuration file itself.
    public var fileURL: URL
    /// The folder source paths are relative to.
    public var folder: URL
    /// The file's exact text: a run keeps a copy.
    public var text: String
    public var reconciliation: ReconciliationSettings
    public var sources: [SourceSpec]
    /// Extra header aliases per role (`columns:` at the top level).
    public var roleAliases: [SourceRole: [CanonicalField: [String]]]
    /// How records are linked into persons (`match:`).
    public var match: MatchSettings
    /// Extra category synonyms (`categories:`): field → canonical value → synonyms.
    public var categorySynonyms: [CanonicalField: [String: [String]]]
    /// How the report stage writes its files (`report:`).
    public var report: ReportSettings
    /// The previous term's run directory (`previous_run:`, relative to this file's folder): its
    /// findings are compared with this run's (new, resolved, persisting) and its officers' case
    /// decisions are carried over.
    public var previousRun: URL?
    /// How long `bidui purge` keeps this pipeline's runs (`retention:`); read by no stage.
    public var retention: RetentionSettings
    /// SHA-256 of each top-level section's YAML, so a stage can tell whether the part it uses changed.
    public var sectionDigests: [String: String]

    /// The pseudo-section of `reconciliation` without `case_decisions` and `decision_validity_days`.
    public static let reconciliationWithoutDecisions = "reconciliation(without case decisions)"

    static let keys: Set<String> = ["pipeline", "reconciliation", "sources", "columns", "categories", "match", "report", "previous_run", "retention"]

    /// Reads and checks a configuration file; every error names the file, the line and the key.
    public static func load(from url: URL) throws -> PipelineConfiguration {
        let displayPath = url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError(
                file: displayPath, line: nil, key: nil,
                message: "cannot read the pipeline configuration (\(error.localizedDescription)); check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: displayPath, line: nil, key: nil, message: "is not UTF-8 text; save it as UTF-8")
        }
        return try parse(text: text, fileURL: url)
    }

    public static func parse(text: String, fileURL: URL) throws -> PipelineConfiguration {
        let file = fileURL.path
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigurationError(file: file, line: nil, key: nil, message: "is empty; see pipelines/sample.yaml")
            }
            root = node
        } catch let error as ConfigurationError {
            throw error
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            throw ConfigurationError(
                file: file, line: context.mark.line, key: duplicates.joined(separator: ", "), message: "key appears twice")
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: Self.line(of: error), key: nil, message: "not valid YAML: \(Self.problem(of: error))")
        }
        let top = ConfigNode(node: root, path: "", file: file)
        var sections: [String: ConfigNode] = [:]
        for (key, value) in try top.entries(allowed: keys) { sections[key] = value }

        guard let reconciliationNode = sections["reconciliation"] else {
            throw ConfigurationError(file: file, line: nil, key: "reconciliation", message: "missing; add school_year, term and reference_date")
        }
        let reconciliation = try ReconciliationSettings(node: reconciliationNode)
        guard let sourcesNode = sections["sources"] else {
            throw ConfigurationError(file: file, line: nil, key: "sources", message: "missing; list the department files to read")
        }
        let sources = try sourcesNode.items().map(SourceSpec.init(node:))
        if sources.isEmpty { throw sourcesNode.error("lists no sources") }

        var roleAliases: [SourceRole: [CanonicalField: [String]]] = [:]
        if let columnsNode = sections["columns"] {
            for (key, value) in try columnsNode.entries() {
                guard let role = SourceRole(rawValue: key) else {
                    throw value.error("unknown role \"\(key)\"; use one of enrollment, aid, rural, civil")
                }
                roleAliases[role] = try ColumnAliasSection.parse(value)
            }
        }
        let categorySynonyms = try sections["categories"].map(CategorySynonyms.parse) ?? [:]
        let match = try sections["match"].map(MatchSettings.init(node:)) ?? MatchSettings()
        let report = try sections["report"].map(ReportSettings.init(node:)) ?? ReportSettings()
        let retention = try sections["retention"].map(RetentionSettings.init(node:)) ?? RetentionSettings()
        let previousRun = try sections["previous_run"].map { node in
            URL(fileURLWithPath: try node.nonEmptyString(), relativeTo: fileURL.deletingLastPathComponent()).standardizedFileURL
        }
        let name = try sections["pipeline"]?.nonEmptyString()
            ?? fileURL.deletingPathExtension().lastPathComponent

        var digests: [String: String] = [:]
        for (key, node) in sections {
            let serialized = (try? Yams.serialize(node: node.node)) ?? ""
            digests[key] = SHA256.hash(data: Data(serialized.utf8)).hexString
        }
        // The reconciliation settings without the officers' case decisions: what normalize uses, so
        // naming a decisions file re-runs reconcile and report, not normalize and match.
        if let node = sections["reconciliation"]?.node, case .mapping(let mapping) = node {
            let kept = mapping.filter { pair in !["case_decisions", "decision_validity_days"].contains(pair.key.string ?? "") }
            let serialized = (try? Yams.serialize(node: .mapping(Node.Mapping(kept)))) ?? ""
            digests[Self.reconciliationWithoutDecisions] = SHA256.hash(data: Data(serialized.utf8)).hexString
        }
        return PipelineConfiguration(
            name: name, fileURL: fileURL, folder: fileURL.deletingLastPathComponent(), text: text,
            reconciliation: reconciliation, sources: sources, roleAliases: roleAliases, match: match, categorySynonyms: categorySynonyms, report: report, previousRun: previousRun, retention: retention,
            sectionDigests: digests)
    }

    /// Digest of the named sections together: what a stage records as the configuration it consumed.
    public func digest(ofSections names: [String]) -> String {
        let joined = names.sorted().map { "\($0)=\(sectionDigests[$0] ?? "-")" }.joined(separator: ";")
        return SHA256.hash(data: Data(joined.utf8)).hexString
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: String(describing: error)
        }
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits a byte.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension PipelineConfiguration {
    /// Normalized header text → field for one source: its own aliases first, then its role's, then the built-in ones.
    public func aliasTable(for source: SourceSpec) -> [String: CanonicalField] {
        var table: [String: CanonicalField] = [:]
        let layers = [ColumnAliases.builtIn, roleAliases[source.role] ?? [:], source.aliases]
        for layer in layers {
            for (field, aliases) in layer {
                for alias in aliases { table[HeaderText.normalized(alias)] = field }
            }
        }
        return table
    }

    /// Every alias accepted for a field in a source, for "expected one of …" messages.
    public func aliases(of field: CanonicalField, in source: SourceSpec) -> [String] {
        (source.aliases[field] ?? []) + (roleAliases[source.role]?[field] ?? []) + (ColumnAliases.builtIn[field] ?? [])
    }
}
