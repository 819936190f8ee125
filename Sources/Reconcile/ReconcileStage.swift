import BiduiCore
import Foundation
import GRDB

/// The reconcile stage: DOMAIN.md's rules over the match stage's persons, replacing the run's
/// findings in one transaction (an interrupted run leaves the previous findings as they were).
public enum ReconcileStage {
    public struct Report: Sendable {
        public var records = 0
        public var persons = 0
        public var outcomes: [RuleOutcome] = []
        /// Findings per county (「未知」 when no row of the finding names one) and category.
        public var byCounty: [String: [FindingCategory: Int]] = [:]
        public var review = 0

        public var total: Int { outcomes.reduce(0) { $0 + $1.count } }

        /// Counts per category (with what was skipped and why) and per county, as the command prints them.
        public var table: String {
            var lines = ["reconcile: \(records) records of \(persons) persons → \(total) findings (\(review) resting on a review-band link)"]
            for o in outcomes {
                let name = "\(o.category.rawValue) (\(o.category.chineseName))"
                lines.append("  " + name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(o.count).leftPadded(7)
                             + (o.undecided > 0 ? "  (\(o.undecided) more wait for review: a record that may be the person's is ambiguous)" : "")
                             + (o.note.map { "  \($0)" } ?? ""))
            }
            let categories = FindingCategory.allCases
            lines.append("  by county: " + categories.map(\.chineseName).joined(separator: " / "))
            for county in byCounty.keys.sorted() {
                let counts = categories.map { byCounty[county]?[$0] ?? 0 }
                lines.append("    " + county + ": " + counts.map(String.init).joined(separator: " / ") + "  (total \(counts.reduce(0, +)))")
            }
            return lines.joined(separator: "\n")
        }
    }

    public static func run(_ context: StageRunContext) throws -> Report {
        let store = context.store
        let upstream = try store.requireFresh(.match, for: .reconcile, pipeline: context.pipelineArgument)
        let inputs = [StageInput(stage: .reconcile, kind: "upstream", name: "match", size: nil, sha256: upstream.stamp),
                      StageInput(stage: .reconcile, kind: "configuration", name: "reconciliation", size: nil, sha256: context.configurationDigest)]
        var report = Report()
        do {
            try store.database.write { db in
                let input = try RuleInput.load(db)
                let reconciliation = Reconciliation(settings: context.configuration.reconciliation, roles: input.roles)
                let result = reconciliation.run(records: input.records, links: input.links, ambiguous: input.ambiguous)
                report.records = input.records.count
                report.persons = Set(input.records.map(\.personID)).count
                report.outcomes = result.outcomes
                for finding in result.findings {
                    report.byCounty[finding.county ?? "未知", default: [:]][finding.category, default: 0] += 1
                    if finding.review { report.review += 1 }
                }
                try save(result, db: db)
                let summary = JSONText.object(Dictionary(uniqueKeysWithValues: result.outcomes.map { ($0.category.rawValue, "\($0.count)") }))
                let run = context.stageRun(rowsIn: report.records, rowsOut: result.findings.count, upstreamStamp: upstream.stamp, summary: summary)
                try RunStore.recordStage(run, inputs: inputs, in: db)
            }
        } catch {
            store.recordFailedAttempt(.reconcile, startedAt: context.startedAt, message: "\(error)")
            throw error
        }
        context.logger.info("reconcile: \(report.total) findings from \(report.persons) persons")
        for outcome in report.outcomes where outcome.state != .applied {
            context.logger.notice("reconcile: \(outcome.category.rawValue) \(outcome.note ?? "")")
        }
        return report
    }

    static func save(_ result: Reconciliation.Result, db: Database) throws {
        for table in ["findings", "finding_sources", "reconcile_rules"] { try db.execute(sql: "DELETE FROM \(table)") }
        let insertFinding = try db.makeStatement(sql: """
            INSERT INTO findings (seq, category, severity, person_id, name, id_number, county, detail, evidence, review, contract)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertSource = try db.makeStatement(sql: """
            INSERT INTO finding_sources (finding, position, record_id, role, file, sheet, row) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (seq, f) in result.findings.enumerated() {
            try insertFinding.execute(arguments: [seq + 1, f.category.rawValue, f.severity, f.personID, f.name, f.idNumber, f.county,
                                                  f.detail, f.evidence, f.review ? 1 : 0, f.contractJSON])
            for (position, source) in f.sources.enumerated() {
                try insertSource.execute(arguments: [seq + 1, position, f.recordIDs[position], source.role.rawValue, source.file, source.sheet, source.row])
            }
        }
        let insertRule = try db.makeStatement(sql: "INSERT INTO reconcile_rules (category, state, note, findings) VALUES (?, ?, ?, ?)")
        for o in result.outcomes { try insertRule.execute(arguments: [o.category.rawValue, o.state.rawValue, o.note, o.count]) }
    }

    /// The run's findings in the machine contract's form, one line each, in their stable order.
    public static func contractLines(_ store: RunStore) throws -> [String] {
        try store.database.read { try String.fetchAll($0, sql: "SELECT contract FROM findings ORDER BY seq") }
    }
}
