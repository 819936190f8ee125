import BiduiCore
import Foundation
import GRDB
import Normalize

/// Everything an officer needs to investigate one case (`bidui explain`): the person's source rows
/// with their quality flags, the links that joined them, the nearby rows that were kept apart and
/// why, and the findings. Read from the store without the run lock, as it stands.
package struct PersonExplanation: Sendable, Encodable {
    package enum Outcome: String, Sendable, Encodable {
        case person
        case severalPersons = "several_persons"
        case noPerson = "no_person"
    }

    /// How the query was read: a person id, an ID number (normalised as normalize does) or a name.
    package enum QueryKind: String, Sendable, Encodable {
        case personID = "person_id", idNumber = "id_number", name
    }

    /// The match stage has not run here: there are no persons to explain.
    package struct NotMatched: Error, CustomStringConvertible, Sendable {
        package let directory: String
        package var description: String {
            "no persons in \(directory) yet: run `bidui match PIPELINE --run-dir \(directory)` (after ingest and normalize) first"
        }
    }

    package var outcome: Outcome
    /// What the outcome means and what to do next; it never repeats the query (an ID number or a name).
    package var message = ""
    package var queryKind: QueryKind
    /// What matched: person_id, id_number, id_raw (the cell as written), name, or name_key (the name's comparison form).
    package var foundBy: String?
    /// Warnings about the state of the run (stale match, no findings yet).
    package var notes: [String] = []
    package var person: Person?
    package var rows: [SourceRecord] = []
    /// Links that made the rows one person: automatic, decided by an officer, or in the review band.
    package var links: [Pair] = []
    /// Pairs touching the person's rows that were left apart (refused or ambiguous), with the other side's person.
    package var unjoined: [Pair] = []
    package var findings: [FindingItem] = []
    package var candidates: [Candidate] = []

    package struct Person: Sendable, Encodable {
        package var personID: String
        package var name: String?
        package var idNumber: String?
        package var records: Int
        /// One of its rows is joined only through a link in the review band.
        package var review: Bool
    }

    package struct Field: Sendable, Encodable {
        package var field: String
        package var label: String
        package var value: String
    }

    package struct Flag: Sendable, Encodable {
        package var code: String
        package var label: String?
    }

    package struct SourceRecord: Sendable, Encodable {
        /// 1-based position in `rows`, how links and findings refer to the row ([1], [2]…).
        package var index: Int
        package var recordID: Int64
        package var role: String
        package var file: String
        package var sheet: String?
        package var row: Int
        package var name: String?
        /// The number as the file has it (the cell before cleaning, when cleaning changed it).
        package var idNumber: String?
        /// The cleaned number (the valid one, or the cleaned text of an invalid one) when it differs from `idNumber`.
        package var idNormalised: String?
        package var idValid: Bool
        package var idProblem: String?
        package var sex: String?
        package var birthDate: String?
        package var county: String?
        package var township: String?
        package var village: String?
        package var school: String?
        /// The role's own columns that the rules read (programme, household_type, assistance_status…).
        package var fields: [Field]
        package var flags: [Flag]
        /// The weight of the row's strongest link to another row of its person.
        package var matchScore: Double?
    }

    /// One row of a pair: `index` when it is one of the person's rows, else its person and name.
    package struct Side: Sendable, Encodable {
        package var index: Int?
        package var recordID: Int64
        package var file: String
        package var sheet: String?
        package var row: Int
        package var personID: String?
        package var name: String?
    }

    package struct Pair: Sendable, Encodable {
        /// link, decided, review, refused or ambiguous.
        package var kind: String
        package var label: String
        package var a: Side
        package var b: Side
        package var weight: Double
        package var evidence: String
    }

    package struct FindingItem: Sendable, Encodable {
        package var category: String
        package var chineseName: String
        package var severity: String
        package var detail: String
        package var evidence: String
        package var review: Bool
        /// The officers' 核实结果 carried with the finding (属实, or 不属实 with its reason), with its date.
        package var decision: String?
        package var sources: [Side]
    }

    package struct Candidate: Sendable, Encodable {
        package var personID: String
        package var name: String?
        package var county: String?
        package var school: String?
        package var rows: Int
        package var roles: [String]
    }

    /// Finds the person(s) `query` names in the run in `directory` and explains the one found;
    /// several matches give `candidates`, none gives `.noPerson`. `mask` masks names and ID numbers.
    package static func load(directory: URL, query: String, mask: Bool = false, busyTimeout: TimeInterval = 5) throws -> PersonExplanation {
        let store = try ReadOnlyRunStore(directory: directory, busyTimeout: busyTimeout)
        return try store.read { db in
            let tables = try ReadOnlyRunStore.tables(db)
            let runs = tables.contains("stage_runs") ? try StageRun.fetchAll(db) : []
            guard ["persons", "record_persons", "person_records"].allSatisfy(tables.contains),
                  runs.contains(where: { $0.stage == StageName.match.rawValue }) else {
                throw NotMatched(directory: directory.path)
            }
            let search = try PersonSearch.find(query, db)
            var explanation = PersonExplanation(outcome: .noPerson, queryKind: search.kind, foundBy: search.foundBy)
            explanation.notes = notes(runs: runs, hasFindings: tables.contains("findings"))
            switch search.personIDs.count {
            case 0: break
            case 1:
                explanation.outcome = .person
                try PersonDetails.fill(&explanation, personID: search.personIDs[0], tables: tables, db)
            default:
                explanation.outcome = .severalPersons
                explanation.candidates = try PersonSearch.candidates(search.personIDs, db)
            }
            explanation.message = explanation.outcomeMessage
            return mask ? explanation.masked() : explanation
        }
    }

    private static func notes(runs: [StageRun], hasFindings: Bool) -> [String] {
        var notes: [String] = []
        let byStage = Dictionary(runs.map { ($0.stage, $0) }, uniquingKeysWith: { a, _ in a })
        if let reason = byStage[StageName.match.rawValue]?.staleReason {
            notes.append("the match results are stale (\(reason)): persons and links are those of the last match run; re-run bidui match")
        }
        if let reconcile = byStage[StageName.reconcile.rawValue], hasFindings {
            if let reason = reconcile.staleReason {
                notes.append("the findings are stale (\(reason)); re-run bidui reconcile")
            }
        } else {
            notes.append("reconcile has not run here: no findings yet (bidui reconcile)")
        }
        return notes
    }

    /// Names and ID numbers masked (`张*`, `420102********123X`), for output that may be passed around.
    func masked() -> PersonExplanation {
        var copy = self
        let name = { (text: String?) in text.map(PersonalDataMask.mask(name:)) }
        let number = { (text: String?) in text.map(PersonalDataMask.mask(idNumber:)) }
        copy.person?.name = name(person?.name)
        copy.person?.idNumber = number(person?.idNumber)
        for i in copy.rows.indices {
            copy.rows[i].name = name(rows[i].name)
            copy.rows[i].idNumber = number(rows[i].idNumber)
            copy.rows[i].idNormalised = number(rows[i].idNormalised)
        }
        let side = { (side: Side) in
            var copy = side
            copy.name = name(side.name)
            return copy
        }
        let pair = { (pair: Pair) in
            var copy = pair
            (copy.a, copy.b) = (side(pair.a), side(pair.b))
            return copy
        }
        copy.links = links.map(pair)
        copy.unjoined = unjoined.map(pair)
        for i in copy.findings.indices {
            copy.findings[i].detail = PersonalDataMask.maskIDNumbers(in: findings[i].detail)
            copy.findings[i].evidence = PersonalDataMask.maskIDNumbers(in: findings[i].evidence)
            copy.findings[i].sources = findings[i].sources.map(side)
        }
        for i in copy.candidates.indices { copy.candidates[i].name = name(candidates[i].name) }
        return copy
    }

    /// The explanation as JSON for scripts: snake_case keys, stable order.
    package func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
