import BiduiCore
import Foundation
import GRDB

/// Accuracy of a match run against a generator's truth (`bidui-synth`'s truth/rows.csv, whose
/// true_id_number names the person behind every row).
public struct MatchEvaluation: Sendable {
    public var records = 0
    /// Pairs of rows of one true person.
    public var truePairs = 0
    /// Of those, how many blocking made candidates.
    public var truePairsBlocked = 0
    public var candidatePairs = 0
    /// Pairs put in one person by the run, and how many of them are truly one person.
    public var linkedPairs = 0
    public var correctlyLinkedPairs = 0
    /// Examples of true pairs blocking missed (file:row ↔ file:row, and why).
    public var missedExamples: [String] = []
    /// Examples of links between records of different people, with their evidence.
    public var wrongLinkExamples: [String] = []
    /// Direct links between different people, by the comparison levels they had (most frequent first).
    public var wrongLinkKinds: [(String, Int)] = []
    /// Per quirk of the truth (`id:blank`, `name:homophone`…): rows that have it and whose true person
    /// has another row, and how many of them the run put in one person with another row of that person.
    public var attachment: [String: (rows: Int, attached: Int)] = [:]

    public var blockingRecall: Double { truePairs == 0 ? 1 : Double(truePairsBlocked) / Double(truePairs) }
    public var precision: Double { linkedPairs == 0 ? 1 : Double(correctlyLinkedPairs) / Double(linkedPairs) }
    public var recall: Double { truePairs == 0 ? 1 : Double(correctlyLinkedPairs) / Double(truePairs) }

    public var table: String {
        """
        match evaluation: \(records) records, \(truePairs) true pairs, \(candidatePairs) candidate pairs
          blocking recall  \(String(format: "%.5f", blockingRecall)) (\(truePairsBlocked) of \(truePairs) true pairs are candidates)
          link precision   \(String(format: "%.5f", precision)) (\(correctlyLinkedPairs) of \(linkedPairs) linked pairs are one person)
          link recall      \(String(format: "%.5f", recall))
        """ + (missedExamples.isEmpty ? "" : "\n  missed by blocking, e.g.:\n" + missedExamples.map { "    \($0)" }.joined(separator: "\n"))
            + (wrongLinkKinds.isEmpty ? "" : "\n  direct links between different people, by kind:\n" + wrongLinkKinds.prefix(12).map { "    \($0.1)× \($0.0)" }.joined(separator: "\n"))
            + (wrongLinkExamples.isEmpty ? "" : "\n  links between different people, e.g.:\n" + wrongLinkExamples.map { "    \($0)" }.joined(separator: "\n"))
            + (attachment.isEmpty ? "" : "\n" + attachmentTable)
    }

    /// The share of rows with each quirk that ended up in one person with another row of their true person.
    public var attachmentTable: String {
        var lines = ["quirk attachment (rows with the quirk whose true person has another row; share put with one of them):",
                     "  quirk                        rows  attached   rate"]
        for (quirk, c) in attachment.sorted(by: { $0.key < $1.key }) {
            lines.append("  " + quirk.padding(toLength: 24, withPad: " ", startingAt: 0) + String(c.rows).leftPadded(10)
                         + String(c.attached).leftPadded(10) + String(format: "%7.4f", c.rows == 0 ? 1 : Double(c.attached) / Double(c.rows)))
        }
        return lines.joined(separator: "\n")
    }


    /// Evaluates the match results in `store` against `truth` (file,sheet,row,role,true_id_number,…).
    public static func evaluate(store: RunStore, truth: URL, settings: MatchSettings) throws -> MatchEvaluation {
        var persons: [String: String] = [:]  // "file|sheet|row" → true ID number
        var quirks: [String: [String]] = [:]  // "file|sheet|row" → id:… and name:… quirks
        for line in try String(contentsOf: truth, encoding: .utf8).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 5 else { continue }
            let key = "\(fields[0])|\(fields[1])|\(fields[2])"
            persons[key] = String(fields[4])
            var kinds: [String] = []
            if fields.count > 5, let first = fields[5].split(separator: "+").first { kinds.append("id:\(first)") }
            if fields.count > 6, !fields[6].isEmpty { kinds.append("name:\(fields[6])") }
            if !kinds.isEmpty { quirks[key] = kinds }
        }
        return try store.database.read { db in
            let records = try MatchRecords.load(db)
            let locations = try RowLocations(db)
            var truthOf = [Int32](repeating: -1, count: records.count)
            var truthIndex: [String: Int32] = [:]
            var quirksOf: [Int: [String]] = [:]
            for i in 0..<records.count {
                let key = locations.key(sheet: records.sheets[i], row: records.rows[i])
                let rowKey = "\(key.file)|\(key.sheet)|\(key.row)"
                quirksOf[i] = quirks[rowKey]
                guard let person = persons[rowKey] else { continue }
                truthOf[i] = truthIndex[person] ?? {
                    let next = Int32(truthIndex.count)
                    truthIndex[person] = next
                    return next
                }()
            }
            var evaluation = MatchEvaluation()
            evaluation.records = records.count
            let (pairs, statistics, _) = Blocking(maxBlockSize: settings.maxBlockSize).candidates(records)
            evaluation.candidatePairs = statistics.candidatePairs
            let candidates = Set(pairs)
            var byTruth: [Int32: [Int]] = [:]
            for i in 0..<records.count where truthOf[i] >= 0 { byTruth[truthOf[i], default: []].append(i) }
            for members in byTruth.values where members.count > 1 {
                for x in 0..<(members.count - 1) {
                    for y in (x + 1)..<members.count {
                        evaluation.truePairs += 1
                        let key = UInt64(members[x]) << 32 | UInt64(members[y])
                        if candidates.contains(key) {
                            evaluation.truePairsBlocked += 1
                        } else if evaluation.missedExamples.count < 10 {
                            let a = locations.key(sheet: records.sheets[members[x]], row: records.rows[members[x]])
                            let b = locations.key(sheet: records.sheets[members[y]], row: records.rows[members[y]])
                            let vector = records.compare(members[x], members[y])
                            let levels = Comparison.allCases.compactMap { c in vector.level(c) > 0 ? "\(c.key)=\(c.levels[vector.level(c) - 1])" : nil }
                            evaluation.missedExamples.append("\(a.file):\(a.row) ↔ \(b.file):\(b.row) [\(levels.joined(separator: " "))]")
                        }
                    }
                }
            }
            // Pairs the run put together, by person.
            var personOf: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT record_id, person_id FROM record_persons") { personOf[row["record_id"]] = row["person_id"] }
            var groups: [String: [Int]] = [:]
            for i in 0..<records.count { if let person = personOf[records.recordIDs[i]] { groups[person, default: []].append(i) } }
            var personOfIndex = [String?](repeating: nil, count: records.count)
            for (person, members) in groups { for i in members { personOfIndex[i] = person } }
            for (i, kinds) in quirksOf {
                guard truthOf[i] >= 0, let same = byTruth[truthOf[i]], same.count > 1 else { continue }
                let attached = personOfIndex[i] != nil && same.contains { $0 != i && personOfIndex[$0] == personOfIndex[i] }
                for kind in kinds {
                    evaluation.attachment[kind, default: (0, 0)].rows += 1
                    if attached { evaluation.attachment[kind, default: (0, 0)].attached += 1 }
                }
            }
            for members in groups.values where members.count > 1 {
                for x in 0..<(members.count - 1) {
                    for y in (x + 1)..<members.count {
                        evaluation.linkedPairs += 1
                        if truthOf[members[x]] >= 0 && truthOf[members[x]] == truthOf[members[y]] { evaluation.correctlyLinkedPairs += 1 }
                    }
                }
            }
            let wrong = try Row.fetchAll(db, sql: """
                SELECT a, b, weight, evidence, 'link' AS band FROM match_links UNION ALL
                SELECT a, b, weight, evidence, 'review' FROM review_pairs ORDER BY weight DESC
                """)
            var indexOf: [Int64: Int] = [:]
            for i in 0..<records.count { indexOf[records.recordIDs[i]] = i }
            var kinds: [String: Int] = [:]
            for row in wrong {
                guard let a = indexOf[row["a"]], let b = indexOf[row["b"]], truthOf[a] >= 0, truthOf[a] != truthOf[b] else { continue }
                let vector = records.compare(a, b)
                let kind = Comparison.allCases.compactMap { c in vector.level(c) > 0 ? "\(c.key)=\(c.levels[vector.level(c) - 1])" : nil }.joined(separator: " ")
                kinds["\(records.roles[a].rawValue)-\(records.roles[b].rawValue) \(kind)", default: 0] += 1
                guard evaluation.wrongLinkExamples.count < 6 else { continue }
                let x = locations.key(sheet: records.sheets[a], row: records.rows[a]), y = locations.key(sheet: records.sheets[b], row: records.rows[b])
                evaluation.wrongLinkExamples.append(String(format: "%@:%d ↔ %@:%d %@ %.1f: %@", x.file, x.row, y.file, y.row,
                                                           row["band"] as String, row["weight"] as Double, row["evidence"] as String))
            }
            evaluation.wrongLinkKinds = kinds.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
            return evaluation
        }
    }
}
