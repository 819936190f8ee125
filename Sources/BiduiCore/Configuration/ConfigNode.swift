import Foundation
import Yams

/// A YAML node together with where it is, so every complaint about it names the line and the key.
struct ConfigNode {
    let node: Node
    /// Dotted key path from the document root, e.g. `sources[1].role`.
    let path: String
    let file: String

    var line: Int? { node.mark?.line }

    func error(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: line, key: path, message: message)
    }

    func child(_ key: String, _ node: Node) -> ConfigNode {
        ConfigNode(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    /// The mapping's entries in file order; rejects duplicate keys and, when `allowed` is given, unknown ones.
    func entries(allowed: Set<String>? = nil) throws -> [(key: String, value: ConfigNode)] {
        guard case .mapping(let mapping) = node else {
            throw error("expected a mapping of keys to values, found \(kindName)")
        }
        var seen = Set<String>()
        var result: [(key: String, value: ConfigNode)] = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.scalar?.string else {
                throw ConfigurationError(
                    file: file, line: keyNode.mark?.line, key: path, message: "keys must be plain text")
            }
            let entry = child(key, valueNode)
            if !seen.insert(key).inserted {
                throw ConfigurationError(
                    file: file, line: keyNode.mark?.line, key: entry.path, message: "key appears twice")
            }
            if let allowed, !allowed.contains(key) {
                let known = allowed.sorted().joined(separator: ", ")
                throw ConfigurationError(
                    file: file, line: keyNode.mark?.line, key: entry.path,
                    message: "unknown key \"\(key)\"; known keys here: \(known)")
            }
            result.append((key, entry))
        }
        return result
    }

    func string() throws -> String {
        guard let scalar = node.scalar else { throw error("expected a single value, found \(kindName)") }
        return scalar.string
    }

    func nonEmptyString() throws -> String {
        let text = try string().trimmingCharacters(in: .whitespaces)
        if text.isEmpty { throw error("must not be empty") }
        return text
    }

    /// One value or a list of values, as a list.
    func stringList() throws -> [String] {
        switch node {
        case .scalar(let scalar): return [scalar.string]
        case .sequence(let sequence):
            return try sequence.enumerated().map { index, item in
                try ConfigNode(node: item, path: "\(path)[\(index)]", file: file).nonEmptyString()
            }
        default: throw error("expected a value or a list of values, found \(kindName)")
        }
    }

    func items() throws -> [ConfigNode] {
        guard case .sequence(let sequence) = node else { throw error("expected a list, found \(kindName)") }
        return sequence.enumerated().map { ConfigNode(node: $1, path: "\(path)[\($0)]", file: file) }
    }

    private var kindName: String {
        switch node {
        case .scalar(let s): "the value \"\(s.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
