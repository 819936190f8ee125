import BiduiCore
import Foundation

/// Precision and recall of a run's findings, per category, against a generator's truth
/// (`bidui-synth`'s truth/findings.jsonl, and truth/rows.csv for the true person behind each row).
///
/// A finding is identified by its category and, for the per-row categories, its row (the aid row of
/// an unverified claim, the rural row of a status mismatch, the row of an invalid number); for the
/// others, by the true person: the one most of the finding's source rows belong to.
public struct FindingsEvaluation: Sendable {
    /// Per category: findings stated outright (`found`, `correct`) apart from those carrying the review
    /// mark (`marked`, `markedCorrect`: a review-band link, or a row that could not be placed might
    /// overturn them), so that the uncertain ones are neither hidden nor counted twice. Precision is
    /// of the findings stated outright; recall counts every true finding reported, marked or not.
    public struct Counts: Sendable {
        public var truth = 0, found = 0, correct = 0, marked = 0, markedCorrect = 0
        public var precision: Double { found == 0 ? (truth == 0 || marked > 0 ? 1 : 0) : Double(correct) / Double(found) }
        public var recall: Double { truth == 0 ? 1 : Double(correct + markedCorrect) / Double(truth) }
        /// Precision over every finding, marked ones included.
        public var precisionAll: Double { found + marked == 0 ? (truth == 0 ? 1 : 0) : Double(correct + markedCorrect) / Double(found + marked) }
        mutating func add(_ other: Counts) {
            truth += other.truth; found += other.found; correct += other.correct; marked += other.marked; markedCorrect += other.markedCorrect
        }
    }

    public var counts: [FindingCategory: Counts] = [:]
    /// A few findings the run missed and a few it should not have made, per category.
    public var missed: [FindingCategory: [String]] = [:]
    public var unexpected: [FindingCategory: [String]] = [:]

    public var table: String {
        var lines = ["findings evaluation (found, correct: stated outright; marked: carrying the review mark; precision = correct / found;",
                     "recall = (correct + marked correct) / true; P all = precision over found and marked together):",
                     "  category                      true   found  correct  marked  m.correct  precision  recall   P all"]
        func line(_ label: String, _ c: Counts) -> String {
            "  " + label.padding(toLength: 28, withPad: " ", startingAt: 0)
                + String(c.truth).leftPadded(6) + String(c.found).leftPadded(8) + String(c.correct).leftPadded(9)
                + String(c.marked).leftPadded(8) + String(c.markedCorrect).leftPadded(11)
                + String(format: "%11.4f%8.4f%8.4f", c.precision, c.recall, c.precisionAll)
        }
        for category in FindingCategory.allCases { lines.append(line(category.rawValue, counts[category] ?? Counts())) }
        lines.append(line("micro (all categories)", total) + String(format: "   F1 %.4f", microF1))
        for category in FindingCategory.allCases {
            for example in missed[category] ?? [] { lines.append("  missed \(category.rawValue): \(example)") }
            for example in unexpected[category] ?? [] { lines.append("  unexpected \(category.rawValue): \(example)") }
        }
        return lines.joined(separator: "\n")
    }

    /// F1 over all findings of every category together.
    public var total: Counts { counts.values.reduce(into: Counts()) { $0.add($1) } }

    public var microF1: Double {
        let p = total.precision, r = total.recall
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    /// The worst precision or recall over the categories.
    public var worst: Double {
        FindingCategory.allCases.map { min(counts[$0]?.precision ?? 1, counts[$0]?.recall ?? 1) }.min() ?? 1
    }

    /// Compares contract lines (`found`) with the truth's findings and rows.
    public static func evaluate(found: [String], truthFindings: URL, truthRows: URL, examples: Int = 3) throws -> FindingsEvaluation {
        var trueID: [String: String] = [:]
        for line in try String(contentsOf: truthRows, encoding: .utf8).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 5 else { continue }
            trueID["\(fields[0])|\(fields[1])|\(fields[2])"] = String(fields[4])
        }
        var reviewMarked = Set<String>()
        func key(_ line: Substring, isTruth: Bool) -> (FindingCategory, String)? {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let category = (object["category"] as? String).flatMap(FindingCategory.init(rawValue:)),
                  let sources = object["sources"] as? [[String: Any]] else { return nil }
            let rows: [(role: String, key: String)] = sources.map { s in
                (s["role"] as? String ?? "", "\(s["file"] as? String ?? "")|\(s["sheet"] as? String ?? "")|\(s["row"] as? Int ?? 0)")
            }
            switch category {
            case .aidEligibilityUnverified: return (category, rows.first { $0.role == "aid" }?.key ?? "")
            case .enrollmentStatusMismatch: return (category, rows.first { $0.role == "rural" }?.key ?? "")
            case .invalidIDNumber: return (category, rows.first?.key ?? "")
            default:
                if isTruth, let number = object["id_number"] as? String { return (category, number) }
                var votes: [String: Int] = [:]
                for row in rows { if let id = trueID[row.key] { votes[id, default: 0] += 1 } }
                return (category, PersonFacts.mostFrequent(votes) ?? "?")
            }
        }
        var truth: [FindingCategory: [String: String]] = [:]
        for line in try String(contentsOf: truthFindings, encoding: .utf8).split(separator: "\n") {
            if let (category, k) = key(line, isTruth: true) { truth[category, default: [:]][k] = String(line) }
        }
        var ours: [FindingCategory: [String: String]] = [:]
        for line in found {
            guard let (category, k) = key(Substring(line), isTruth: false) else { continue }
            ours[category, default: [:]][k] = line
            if line.contains("\"review\":true") { reviewMarked.insert(category.rawValue + "|" + k) }
        }
        var evaluation = FindingsEvaluation()
        for category in FindingCategory.allCases {
            let t = truth[category] ?? [:], o = ours[category] ?? [:]
            func isMarked(_ k: String) -> Bool { reviewMarked.contains(category.rawValue + "|" + k) }
            let correct = t.keys.filter { o[$0] != nil && !isMarked($0) }.count
            let markedCorrect = t.keys.filter { o[$0] != nil && isMarked($0) }.count
            let marked = o.keys.filter(isMarked).count
            evaluation.counts[category] = Counts(truth: t.count, found: o.count - marked, correct: correct, marked: marked, markedCorrect: markedCorrect)
            evaluation.missed[category] = t.keys.filter { o[$0] == nil }.sorted().prefix(examples).map { t[$0] ?? "" }
            evaluation.unexpected[category] = o.keys.filter { t[$0] == nil }.sorted().prefix(examples).map { o[$0] ?? "" }
        }
        return evaluation
    }
}
