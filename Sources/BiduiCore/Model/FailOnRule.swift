import Foundation

/// An alerting threshold for cron: `--fail-on 'possible_dropout>0,duplicate_aid>10'` makes a run
/// that finished exit with `BiduiExitCode.thresholdCrossed` when a category's count crosses it.
public struct FailOnRule: Sendable, Equatable, CustomStringConvertible {
    public enum Comparison: String, Sendable { case greater = ">", greaterOrEqual = ">=" }

    /// A category, or nil for all findings together (`total>100`).
    public var category: FindingCategory?
    public var comparison: Comparison
    public var limit: Int

    public var description: String { "\(category?.rawValue ?? "total")\(comparison.rawValue)\(limit)" }

    /// Parses a comma-separated list; the error says what was wrong and what is accepted.
    public static func parse(_ text: String) throws -> [FailOnRule] {
        try text.split(separator: ",").map { (part: Substring) throws -> FailOnRule in
            let item = String(part).trimmingSpaces
            let comparison: Comparison = item.contains(">=") ? .greaterOrEqual : .greater
            let pieces = item.components(separatedBy: comparison.rawValue)
            guard pieces.count == 2, let limit = Int(pieces[1].trimmingSpaces), limit >= 0 else {
                throw Problem(message: "\"\(item)\" is not CATEGORY>N or CATEGORY>=N (e.g. possible_dropout>0)")
            }
            let name = pieces[0].trimmingSpaces
            if name == "total" { return FailOnRule(category: nil, comparison: comparison, limit: limit) }
            guard let category = FindingCategory(rawValue: name) ?? FindingCategory.allCases.first(where: { $0.chineseName == name }) else {
                throw Problem(message: "unknown category \"\(name)\"; use total or one of \(FindingCategory.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return FailOnRule(category: category, comparison: comparison, limit: limit)
        }
    }

    /// Whether `counts` (findings per category) cross this threshold.
    public func isCrossed(by counts: [FindingCategory: Int]) -> Bool {
        let count = category.map { counts[$0] ?? 0 } ?? counts.values.reduce(0, +)
        return comparison == .greater ? count > limit : count >= limit
    }

    public struct Problem: Error, CustomStringConvertible, Sendable {
        public let message: String
        public var description: String { "--fail-on: \(message)" }
    }
}
