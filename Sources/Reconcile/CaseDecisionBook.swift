import BiduiCore
import Foundation
import GRDB

/// The case decisions a reconcile run applies: those carried from the previous term's run
/// (`previous_run:`), overridden by this term's files (`reconciliation: case_decisions:`, a later
/// file over an earlier one), without those expired on the reference date. Read before the stage's
/// transaction; stored in it (`case_decisions`), so the next term carries them on.
struct CaseDecisionBook {
    /// By finding; every one dated and in force on the reference date.
    var inForce: [FindingKey: CaseDecision] = [:]
    var fromFiles = 0, carried = 0, expired = 0
    /// Lines of the files that could not be used, and what happened to the previous run (English).
    var problems: [String] = [], notices: [String] = []
    /// Each file read, with its size and hash, as the stage records what it consumed.
    var inputs: [StageInput] = []

    static func load(_ configuration: PipelineConfiguration) throws -> CaseDecisionBook {
        var book = CaseDecisionBook()
        let settings = configuration.reconciliation
        var carried: [CaseDecision] = []
        if let previous = configuration.previousRun {
            let read = CaseDecisionStore.carried(from: previous)
            carried = read.decisions
            if let notice = read.notice { book.notices.append(notice) }
        }
        var files: [[CaseDecision]] = []
        for path in settings.caseDecisions {
            let url = resolve(path, in: configuration.folder)
            let read = try CaseDecisions.read(url, name: path)
            files.append(read.decisions)
            book.problems += read.problems.map(\.description)
            let (size, sha) = StageFreshness.fingerprint(url) ?? (0, "")
            book.inputs.append(StageInput(stage: .reconcile, kind: "case_decisions", name: path, size: size, sha256: sha))
        }
        book.merge(carried: carried, files: files, referenceDate: settings.referenceDate, validityDays: settings.decisionValidityDays)
        return book
    }

    /// This term's files win over carried decisions, and a later file over an earlier one; an
    /// undated decision from a file is dated with the reference date (the run that first stores it).
    mutating func merge(carried: [CaseDecision], files: [[CaseDecision]], referenceDate: CalendarDate, validityDays: Int) {
        var merged: [FindingKey: CaseDecision] = [:]
        for decision in carried { merged[decision.key] = decision }
        var fromFile = Set<FindingKey>()
        for file in files {
            for var decision in file {
                if decision.decidedOn == nil { decision.decidedOn = referenceDate }
                merged[decision.key] = decision
                fromFile.insert(decision.key)
            }
        }
        for (key, decision) in merged {
            guard decision.isInForce(on: referenceDate, validityDays: validityDays) else {
                expired += 1
                continue
            }
            inForce[key] = decision
            if fromFile.contains(key) { fromFiles += 1 } else { self.carried += 1 }
        }
    }

    /// Relative to the pipeline's folder, `~` expanded, like the other paths of a pipeline.
    static func resolve(_ path: String, in folder: URL) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : folder.appendingPathComponent(expanded).standardizedFileURL
    }
}

/// The `case_decisions` table of a run, and the previous term's run read without touching it.
enum CaseDecisionStore {
    /// Replaces the run's decisions; call inside the stage's transaction.
    static func save(_ decisions: [CaseDecision], validityDays: Int, db: Database) throws {
        try db.execute(sql: "DELETE FROM case_decisions")
        let insert = try db.makeStatement(sql: """
            INSERT INTO case_decisions (key, category, person_id, row, outcome, reason, note, decided_on, source, expires_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for d in decisions.sorted(by: { $0.key < $1.key }) {
            guard let date = d.decidedOn, let expiry = d.expiresOn(validityDays: validityDays) else { continue }
            try insert.execute(arguments: [d.key.description, d.key.category.rawValue, d.key.personID, d.key.row, d.outcome.rawValue,
                                           d.reason, d.note, date.description, d.source, expiry.description])
        }
    }

    /// The decisions stored in `run` (a run directory), as `carried from <run>`; none, with a notice
    /// saying why, when the run or its table is missing. Opened read-only: the previous term's run
    /// stays exactly as it was, and one written by an older bidui is not migrated.
    static func carried(from run: URL) -> (decisions: [CaseDecision], notice: String?) {
        let path = run.appendingPathComponent("run.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else {
            return ([], "previous_run \(run.path) has no run.sqlite; no case decisions are carried over")
        }
        do {
            return try ReadOnlyRunStore(directory: run).read { db in
                guard try db.tableExists("case_decisions") else {
                    return ([], "previous_run \(run.path) holds no case decisions (it was made by an older bidui); none are carried over")
                }
                let source = "carried from \(run.lastPathComponent)"
                var decisions: [CaseDecision] = []
                var skipped = 0
                for row in try Row.fetchAll(db, sql: "SELECT category, person_id, row, outcome, reason, note, decided_on FROM case_decisions ORDER BY key") {
                    guard let category = FindingCategory(rawValue: row[0]), let outcome = CaseDecision.Outcome(rawValue: row[3]),
                          let date = (row[6] as String?).flatMap(CalendarDate.init(iso:)) else {
                        skipped += 1
                        continue
                    }
                    var key = FindingKey(category: category, personID: row[1], file: nil, sheet: nil, row: nil)
                    key.row = category.isPerRow ? row[2] : nil
                    decisions.append(CaseDecision(key: key, outcome: outcome, reason: row[4], note: row[5], decidedOn: date, source: source))
                }
                return (decisions, skipped == 0 ? nil : "previous_run \(run.path): \(skipped) stored case decisions could not be read and are not carried over")
            }
        } catch {
            return ([], "previous_run \(run.path) cannot be read (\(error)); no case decisions are carried over")
        }
    }
}
