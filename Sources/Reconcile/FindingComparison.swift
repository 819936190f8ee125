import Foundation

/// A run's findings against an expected set (`samples/expected/discrepancies.jsonl`): which are
/// missing, which are unexpected, and which changed, in words a reviewer reads.
///
/// Two findings are the same finding when category, person and source rows agree; a same finding
/// whose other fields (severity, name, number, detail, review) differ is changed.
public struct FindingComparison: Sendable {
    public var missing: [String] = []
    public var unexpected: [String] = []
    /// (expected line, actual line).
    public var changed: [(String, String)] = []
    public var matching = 0

    public var isEmpty: Bool { missing.isEmpty && unexpected.isEmpty && changed.isEmpty }

    public init(expected: [String], actual: [String]) {
        func identity(_ line: String) -> String {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return line }
            let sources = (object["sources"] as? [[String: Any]] ?? []).map { s in
                "\(s["role"] ?? "")|\(s["file"] ?? "")|\(s["sheet"] as? String ?? "")|\(s["row"] ?? "")"
            }
            return "\(object["category"] ?? "")#\(object["person_id"] ?? "")#\(sources.joined(separator: ";"))"
        }
        var expectedByIdentity: [String: String] = [:]
        for line in expected { expectedByIdentity[identity(line)] = line }
        var seen = Set<String>()
        for line in actual {
            let key = identity(line)
            seen.insert(key)
            if let wanted = expectedByIdentity[key] {
                if wanted == line { matching += 1 } else { changed.append((wanted, line)) }
            } else {
                unexpected.append(line)
            }
        }
        missing = expected.filter { !seen.contains(identity($0)) }
    }

    /// Reads a JSONL file's non-empty lines.
    public static func lines(of url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// `12 findings as expected; missing 1, unexpected 0, changed 1`, then each difference.
    public var report: String {
        var lines = ["\(matching) findings as expected; missing \(missing.count), unexpected \(unexpected.count), changed \(changed.count)"]
        lines += missing.map { "  missing:    \($0)" }
        lines += unexpected.map { "  unexpected: \($0)" }
        for (was, now) in changed {
            lines.append("  changed:    \(was)")
            lines.append("          to: \(now)")
        }
        return lines.joined(separator: "\n")
    }
}
