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
        /// The officers' case decisions this run applied (核实结果).
        public var decisions = DecisionCounts()

        public struct DecisionCounts: Sendable {
            /// Decisions in force on the reference date, from this term's files and carried from `previous_run`.
            public var fromFiles = 0, carried = 0
            /// Decisions dropped because their validity (`decision_validity_days`) ended before the reference date.
            public var expired = 0
            /// Findings that carry a decision, and dropouts a 不属实-异地就读 decision kept off the list.
            public var decidedFindings = 0, keptOffDropoutList = 0
            /// Decisions in force that name no finding of this run (fixed since, or a mistyped 人员编号).
            public var unmatched = 0
            /// Lines of the decision files that could not be used, and what happened to the previous run.
            public var problems: [String] = [], notices: [String] = []

            public var inForce: Int { fromFiles + carried }
        }

        public var total: Int { outcomes.reduce(0) { $0 + $1.count } }

        /// Counts per category (with what was skipped and why) and per county, as the command prints them.
        public var table: String {
            var lines = ["reconcile: \(records) records of \(persons) persons → \(total) findings (\(review) resting on a review-band link)"]
            for o in outcomes {
                let name = "\(o.category.rawValue) (\(o.category.chineseName))"
                lines.append("  " + name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(o.count).leftPadded(7)
                             + (o.marked > 0 ? "  (\(o.marked) marked for review: a row that could not be placed may overturn them)" : "")
                             + (o.suppressed > 0 ? "  (\(o.suppressed) kept off by an officer's decision: 不属实-异地就读)" : "")
                             + (o.note.map { "  \($0)" } ?? ""))
            }
            let categories = FindingCategory.allCases
            lines.append("  by county: " + categories.map(\.chineseName).joined(separator: " / "))
            for county in byCounty.keys.sorted() {
                let counts = categories.map { byCounty[county]?[$0] ?? 0 }
                lines.append("    " + county + ": " + counts.map(String.init).joined(separator: " / ") + "  (total \(counts.reduce(0, +)))")
            }
            let d = decisions
            if d.inForce + d.expired > 0 || !d.problems.isEmpty || !d.notices.isEmpty {
                lines.append("  case decisions (核实结果): \(d.inForce) in force (\(d.fromFiles) from this term's files, \(d.carried) carried from the previous run), "
                             + "\(d.expired) expired; \(d.decidedFindings) findings decided, \(d.keptOffDropoutList) kept off the dropout list, "
                             + "\(d.unmatched) name no finding of this run")
                lines += (d.notices + d.problems).map { "    \($0)" }
            }
            return lines.joined(separator: "\n")
        }
    }

    public static func run(_ context: StageRunContext) throws -> Report {
        let store = context.store
        let upstream = try store.requireFresh(.match, for: .reconcile, pipeline: context.pipelineArgument)
        var inputs = [StageInput(stage: .reconcile, kind: "upstream", name: "match", size: nil, sha256: upstream.stamp),
                      StageInput(stage: .reconcile, kind: "configuration", name: "reconciliation", size: nil, sha256: context.configurationDigest)]
        var report = Report()
        let settings = context.configuration.reconciliation
        do {
            let book = try CaseDecisionBook.load(context.configuration)
            inputs += book.inputs
            report.decisions = .init(fromFiles: book.fromFiles, carried: book.carried, expired: book.expired,
                                     problems: book.problems, notices: book.notices)
            try store.database.write { db in
                let input = try RuleInput.load(db)
                let reconciliation = Reconciliation(settings: settings, roles: input.roles, decisions: book.inForce)
                let result = reconciliation.run(records: input.records, links: input.links, ambiguous: input.ambiguous)
                report.records = input.records.count
                report.persons = Set(input.records.map(\.personID)).count
                report.outcomes = result.outcomes
                var named = Set(result.keptOff)
                for finding in result.findings {
                    report.byCounty[finding.county ?? "未知", default: [:]][finding.category, default: 0] += 1
                    if finding.review { report.review += 1 }
                    if let decision = finding.decision {
                        report.decisions.decidedFindings += 1
                        named.insert(decision.key)
                    }
                }
                report.decisions.keptOffDropoutList = result.keptOff.count
                report.decisions.unmatched = book.inForce.keys.filter { !named.contains($0) }.count
                try save(result, db: db)
                try FaultInjection.checkpoint("reconcile.saved")
                try CaseDecisionStore.save(Array(book.inForce.values), validityDays: settings.decisionValidityDays, db: db)
                let summary = JSONText.object(Dictionary(uniqueKeysWithValues: result.outcomes.map { ($0.category.rawValue, "\($0.count)") }))
                let run = context.stageRun(rowsIn: report.records, rowsOut: result.findings.count, upstreamStamp: upstream.stamp, summary: summary)
                try RunStore.recordStage(run, inputs: inputs, in: db)
                try FaultInjection.checkpoint("reconcile.commit")
            }
        } catch {
            store.recordFailedAttempt(.reconcile, startedAt: context.startedAt, message: "\(error)")
            throw DiskFullError.recognizing(error, writing: store.databasePath)
        }
        context.logger.info("reconcile: \(report.total) findings from \(report.persons) persons")
        for notice in report.decisions.notices { context.logger.notice("reconcile: \(notice)") }
        for problem in report.decisions.problems { context.logger.warning("reconcile: case decisions \(problem)") }
        if report.decisions.keptOffDropoutList > 0 {
            context.logger.info("reconcile: \(report.decisions.keptOffDropoutList) dropouts kept off the list by an officer's decision (不属实-异地就读)")
        }
        for outcome in report.outcomes where outcome.state != .applied {
            context.logger.notice("reconcile: \(outcome.category.rawValue) \(outcome.note ?? "")")
        }
        return report
    }

    static func save(_ result: Reconciliation.Result, db: Database) throws {
        for table in ["findings", "finding_sources", "reconcile_rules"] { try db.execute(sql: "DELETE FROM \(table)") }
        let insertFinding = try db.makeStatement(sql: """
            INSERT INTO findings (seq, category, severity, person_id, name, id_number, county, detail, evidence, review, contract,
                                  decision_outcome, decision_reason, decision_note, decision_date, decision_source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertSource = try db.makeStatement(sql: """
            INSERT INTO finding_sources (finding, position, record_id, role, file, sheet, row) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (seq, f) in result.findings.enumerated() {
            let d = f.decision
            try insertFinding.execute(arguments: [seq + 1, f.category.rawValue, f.severity, f.personID, f.name, f.idNumber, f.county,
                                                  f.detail, f.evidence, f.review ? 1 : 0, f.contractJSON,
                                                  d?.outcome.rawValue, d?.reason, d?.note, d?.decidedOn?.description, d?.source])
            for (position, source) in f.sources.enumerated() {
                try insertSource.execute(arguments: [seq + 1, position, f.recordIDs[position], source.role.rawValue, source.file, source.sheet, source.row])
            }
        }
        let insertRule = try db.makeStatement(sql: "INSERT INTO reconcile_rules (category, state, note, findings, suppressed) VALUES (?, ?, ?, ?, ?)")
        for o in result.outcomes { try insertRule.execute(arguments: [o.category.rawValue, o.state.rawValue, o.note, o.count, o.suppressed]) }
    }

    /// The run's findings in the machine contract's form, one line each, in their stable order.
    public static func contractLines(_ store: RunStore) throws -> [String] {
        try store.database.read { try String.fetchAll($0, sql: "SELECT contract FROM findings ORDER BY seq") }
    }
}
