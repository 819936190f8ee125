import BiduiCore
import Foundation
import GRDB

/// Dynamic monitoring (动态监测): one run's findings against an earlier run's (last term's), matched by
/// `FindingKey` — category and stable person id, and the row for per-row categories. A finding is
/// new this term, persisting since last term, or resolved (last term's, gone now).
public struct TermComparison: Sendable {
    /// A finding as the comparison lists it (no ID number: the list is for tracking, the work lists
    /// carry the details).
    public struct Entry: Sendable, Equatable {
        public var key: FindingKey
        public var name: String?
        public var county: String?
        public var detail: String
        /// `file 第N行` of the finding's first row.
        public var firstRow: String
    }

    public enum Status: String, Sendable, CaseIterable {
        case new = "新增", persisting = "持续", resolved = "已解决"
    }

    public var previousRun: String
    public var new: [Entry] = []
    public var persisting: [Entry] = []
    public var resolved: [Entry] = []

    public init(previousRun: String, old: [Entry], current: [Entry]) {
        self.previousRun = previousRun
        let oldKeys = Set(old.map(\.key)), currentKeys = Set(current.map(\.key))
        new = current.filter { !oldKeys.contains($0.key) }
        persisting = current.filter { oldKeys.contains($0.key) }
        resolved = old.filter { !currentKeys.contains($0.key) }
    }

    /// Counts per category: (new, persisting, resolved).
    public var counts: [FindingCategory: (new: Int, persisting: Int, resolved: Int)] {
        var out: [FindingCategory: (new: Int, persisting: Int, resolved: Int)] = [:]
        for c in FindingCategory.allCases { out[c] = (0, 0, 0) }
        for e in new { out[e.key.category]?.new += 1 }
        for e in persisting { out[e.key.category]?.persisting += 1 }
        for e in resolved { out[e.key.category]?.resolved += 1 }
        return out
    }

    /// The findings of a run's store, one entry each (the first row of each finding).
    public static func entries(_ db: Database) throws -> [Entry] {
        try Row.fetchAll(db, sql: """
            SELECT f.category, f.person_id, f.name, f.county, f.detail, s.file, s.sheet, s.row FROM findings f
            JOIN finding_sources s ON s.finding = f.seq AND s.position = 0 ORDER BY f.seq
            """).compactMap { row in
            guard let category = FindingCategory(rawValue: row[0]) else { return nil }
            let file: String = row[5], sheet: String? = row[6], number: Int = row[7]
            return Entry(key: FindingKey(category: category, personID: row[1], file: file, sheet: sheet, row: number),
                         name: row[2], county: row[3], detail: row[4], firstRow: "\(file)\(sheet.map { " \($0)" } ?? "") 第\(number)行")
        }
    }

    /// The findings of the run in `directory`, read without taking its lock.
    public static func entries(ofRun directory: URL) throws -> [Entry] {
        try ReadOnlyRunStore(directory: directory).read { db in
            guard try db.tableExists("findings") else { return [] }
            return try entries(db)
        }
    }

    /// Counts per category, then each new and resolved finding: what `bidui diff` prints.
    public func text(masked: Bool) -> String {
        var lines = ["compared with \(previousRun): \(new.count) new, \(persisting.count) persisting, \(resolved.count) resolved"]
        lines.append("  " + "category".padding(toLength: 44, withPad: " ", startingAt: 0) + "new".leftPadded(7) + "persisting".leftPadded(12) + "resolved".leftPadded(10))
        let counts = counts
        for c in FindingCategory.allCases {
            let n = counts[c] ?? (0, 0, 0)
            lines.append("  " + "\(c.rawValue) (\(c.chineseName))".padding(toLength: 44, withPad: " ", startingAt: 0)
                         + String(n.new).leftPadded(7) + String(n.persisting).leftPadded(12) + String(n.resolved).leftPadded(10))
        }
        for (label, list) in [("new", new), ("resolved", resolved)] where !list.isEmpty {
            lines.append("\(label):")
            for e in list {
                let name = masked ? e.name.map(PersonalDataMask.mask(name:)) : e.name
                lines.append("  \(e.key.category.chineseName)  \(e.key.personID)  \(name ?? "-")  \(e.county ?? "-")  \(e.firstRow)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
