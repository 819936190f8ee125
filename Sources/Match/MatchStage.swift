import BiduiCore
import Crypto
import Foundation
import GRDB
import GRDBSQLite

/// The match stage: links the person records of every source (and duplicates within one) into
/// persons, with the evidence of each link, in one transaction that replaces the previous match.
public enum MatchStage {
    public struct Report: Sendable {
        public var records = 0
        public var blocking = Blocking.Statistics()
        public var links = 0, reviewPairs = 0, refused = 0, decided = 0, ambiguous = 0
        /// Pairs too weak to link but within `possibleMargin` of the review threshold, kept unlinked.
        public var possible = 0
        public var persons = 0
        public var emIterations = 0
        public var matchShare = 0.0
        public var decisionProblems: [String] = []

        public var table: String {
            var lines = ["match: \(records) records → \(persons) persons",
                         "  candidate pairs \(blocking.candidatePairs) (one-typo ID neighbours \(blocking.neighbourPairs), blocks too large to compare \(blocking.oversizedBlocks))",
                         "  links \(links), review band \(reviewPairs), refused by the chaining guard \(refused), decided by officers \(decided)",
                         "  left unlinked as ambiguous (a record that could be either of two people) \(ambiguous - possible), as too weak to link (kept for review) \(possible)",
                         String(format: "  model: EM converged in %d iterations, match share of candidates %.3f", emIterations, matchShare)]
            lines += decisionProblems.map { "  review decisions: \($0)" }
            return lines.joined(separator: "\n")
        }
    }

    public static func run(_ context: StageRunContext) throws -> Report {
        let store = context.store
        let settings = context.configuration.match
        let upstream = try store.requireFresh(.normalize, for: .match, pipeline: context.pipelineArgument)
        let unknown = MatchModel.unknownPinned(settings)
        if !unknown.isEmpty {
            throw ConfigurationError(file: context.configuration.fileURL.path, line: nil, key: "match.model",
                                     message: "unknown comparison or level \(unknown.joined(separator: ", ")); comparisons: "
                                        + Comparison.allCases.map { "\($0.key) (\($0.levels.joined(separator: ", ")))" }.joined(separator: "; "))
        }
        let keyPath = settings.personIDKey.map { Self.resolve($0, in: context.configuration.folder) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config/bidui/person-id.key").path
        let identifier = try PersonIdentifier.load(path: keyPath)
        var inputs = [StageInput(stage: .match, kind: "upstream", name: "normalize", size: nil, sha256: upstream.stamp),
                      StageInput(stage: .match, kind: "configuration", name: "match", size: nil, sha256: context.configurationDigest)]
        var decisions: [ReviewDecisions.Decision] = []
        var report = Report()
        if let path = settings.reviewDecisions {
            let url = URL(fileURLWithPath: Self.resolve(path, in: context.configuration.folder))
            let read = try ReviewDecisions.read(url)
            decisions = read.decisions
            report.decisionProblems = read.problems.map(\.description)
            let data = try Data(contentsOf: url)
            inputs.append(StageInput(stage: .match, kind: "review_decisions", name: path, size: data.count, sha256: SHA256.hash(data: data).hexString))
        }
        do {
            try store.database.write { db in
                for table in ["persons", "record_persons", "match_links", "review_pairs", "refused_links", "ambiguous_pairs", "match_model"] {
                    try db.execute(sql: "DELETE FROM \(table)")
                }
                try FaultInjection.checkpoint("match.cleared")
                var steps = MatchSteps(context)
                var records = try MatchRecords.load(db)
                records.noteAdultRelations(referenceYear: context.configuration.reconciliation.referenceDate.year)
                let locations = try RowLocations(db)
                steps.finished("loading person records", count: records.count, unit: "records")
                var result = try Self.link(records, settings: settings, decisions: decisions, locations: locations, report: &report, steps: &steps)
                try Self.store(&result, records: records, locations: locations, identifier: identifier,
                               linkThreshold: settings.linkThreshold, db: db, report: &report, steps: &steps)
                let summary = String(data: try JSONSerialization.data(withJSONObject: [
                    "records": report.records, "persons": report.persons, "candidate_pairs": report.blocking.candidatePairs,
                    "links": report.links, "review_pairs": report.reviewPairs, "refused": report.refused, "decided": report.decided,
                    "em_iterations": report.emIterations, "match_share": report.matchShare,
                ] as [String: Any], options: [.sortedKeys]), encoding: .utf8)
                let run = context.stageRun(rowsIn: report.records, rowsOut: report.persons, upstreamStamp: upstream.stamp, summary: summary)
                try RunStore.recordStage(run, inputs: inputs, in: db)
                try FaultInjection.checkpoint("match.commit")
            }
        } catch {
            store.recordFailedAttempt(.match, startedAt: context.startedAt, message: "\(error)")
            throw DiskFullError.recognizing(error, writing: store.databasePath)
        }
        context.logger.info("match: \(report.records) records, \(report.persons) persons, \(report.links) links, \(report.reviewPairs) in review")
        return report
    }

    static func resolve(_ path: String, in folder: URL) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? expanded : folder.appendingPathComponent(expanded).standardizedFileURL.path
    }

    /// What linking produced, before it is stored.
    struct Result {
        var model: MatchModel
        var accepted: [Clustering.Link]
        var refused: [Clustering.Link]
        var groups: [[Int]]
        var vectors: [UInt64: ComparisonVector]
        /// `comparison.level` of the probabilities the configuration pinned.
        var pinned: Set<String>
        /// Links dropped because their record could be either of two people: kept for the rules
        /// (an absence is not a finding while such a record might fill it) and for officers.
        var ambiguous: [Clustering.Link] = []
    }

    /// Blocking, comparison, the model, officers' decisions and clustering.
    static func link(_ records: MatchRecords, settings: MatchSettings, decisions: [ReviewDecisions.Decision],
                     locations: RowLocations, report: inout Report, steps: inout MatchSteps) throws -> Result {
        report.records = records.count
        let (pairs, statistics, training) = Blocking(maxBlockSize: settings.maxBlockSize).candidates(records)
        report.blocking = statistics
        steps.finished("blocking", count: pairs.count, unit: "candidate pairs")
        var vectors: [UInt64: ComparisonVector] = [:]
        vectors.reserveCapacity(pairs.count)
        let comparing = steps.progress("comparing", unit: "pairs", total: pairs.count)
        for (k, pair) in pairs.enumerated() {
            vectors[pair] = records.compare(Int(pair >> 32), Int(pair & 0xFFFF_FFFF))
            if k % 65_536 == 65_535 { comparing?.advance(by: 65_536) }
        }
        steps.finished("comparing", count: pairs.count, unit: "pairs", progress: comparing)
        let model = MatchModel.estimate(records, training: training, settings: settings)
        steps.finished("estimating the model", count: model.iterations, unit: "EM iterations")
        report.emIterations = model.iterations
        report.matchShare = model.matchShare

        // Officers' answers: 是 links whatever the model says; 否 never links, not even through others.
        var index: [RowLocations.Key: Int] = [:]
        for i in 0..<records.count { index[locations.key(sheet: records.sheets[i], row: records.rows[i])] = i }
        var decided: [Clustering.Link] = []
        var cannotLink = Set<UInt64>()
        for decision in decisions {
            guard let x = index[RowLocations.Key(decision.first)], let y = index[RowLocations.Key(decision.second)], x != y else {
                report.decisionProblems.append("a decided pair names a row that is not in this run (\(decision.first.file) row \(decision.first.row), \(decision.second.file) row \(decision.second.row)); it is ignored")
                continue
            }
            let key = UInt64(min(x, y)) << 32 | UInt64(max(x, y))
            if vectors[key] == nil { vectors[key] = records.compare(min(x, y), max(x, y)) }
            let weight = model.score(vectors[key]!, records, min(x, y))
            if decision.samePerson {
                decided.append(Clustering.Link(a: min(x, y), b: max(x, y), weight: weight, band: .decided))
            } else {
                cannotLink.insert(key)
            }
        }
        report.decided = decided.count

        var candidates: [Clustering.Link] = [], possible: [Clustering.Link] = []
        for pair in pairs where !cannotLink.contains(pair) {
            guard let vector = vectors[pair] else { continue }
            let a = Int(pair >> 32), b = Int(pair & 0xFFFF_FFFF)
            // Two different valid numbers are two people, whatever else agrees (two 张婉婷 born the same
            // day at one school); names that disagree outright are linked only by the very same valid
            // number (then the person has an identity conflict to report). An officer's 是 overrides both.
            // Likewise an invalid number more than one typo away from the other row's number (the check
            // character catches every single typo, and Excel's damage is compared on the digits it kept),
            // and birth dates that differ in more than one of year, month and day: 张诗涵 born 2013 on a
            // school roster is not the 张诗涵 born 1948 on the allowance roster.
            if records.cannotBeOnePerson(a, b, vector) { continue }
            let weight = model.score(vector, records, a)
            let shift = model.thresholdShift(records, a, b)
            guard weight >= settings.reviewThreshold + shift - Self.possibleMargin else { continue }
            if weight < settings.reviewThreshold + shift {
                possible.append(Clustering.Link(a: a, b: b, weight: weight, band: .review))
                continue
            }
            candidates.append(Clustering.Link(a: a, b: b, weight: weight, band: weight >= settings.linkThreshold + shift ? .link : .review))
        }
        let (unambiguous, ambiguous) = Self.withoutAmbiguousLinks(candidates, records: records, vectors: vectors)
        candidates = unambiguous
        candidates.sort { $0.weight != $1.weight ? $0.weight > $1.weight : ($0.a, $0.b) < ($1.a, $1.b) }
        let direct = Set(candidates.map { UInt64($0.a) << 32 | UInt64($0.b) })
        var clustering = Clustering(count: records.count)
        let (accepted, refused) = clustering.apply(decided + candidates, records: records, direct: direct, cannotLink: cannotLink)
        steps.finished("scoring and clustering", count: accepted.count, unit: "links")
        let pinned = Set(settings.pinned.flatMap { comparison, levels in levels.keys.map { "\(comparison).\($0)" } })
        report.possible = possible.count
        return Result(model: model, accepted: accepted, refused: refused, groups: clustering.groups(), vectors: vectors, pinned: pinned,
                      ambiguous: ambiguous + possible)
    }

    /// How far below the review threshold a pair is still kept, unlinked, as one an officer may want
    /// to see: the rules mark what it could overturn (DOMAIN.md's `review`) instead of asserting it.
    static let possibleMargin = 5.0

    /// How much stronger (log2) a record's best link must be than a link to someone the best partner
    /// cannot be, for the record to be linked at all.
    static let ambiguityMargin = 5.0

    /// A record whose number does not settle who it is (blank, or damaged beyond a typo) and that
    /// could be either of two people (their records cannot be one person, and both links are about
    /// as strong) is linked to neither: it stays a person of its own rather than lending one
    /// namesake the other's status. 买买提·艾力 with no number on a rural list, beside two enrolled
    /// 买买提·艾力 with different numbers, is a case for an officer, not for a guess.
    static func withoutAmbiguousLinks(_ links: [Clustering.Link], records: MatchRecords, vectors: [UInt64: ComparisonVector])
        -> (kept: [Clustering.Link], ambiguous: [Clustering.Link]) {
        var byRecord: [Int: [Int]] = [:]
        for (k, link) in links.enumerated() {
            byRecord[link.a, default: []].append(k)
            byRecord[link.b, default: []].append(k)
        }
        func settles(_ k: Int) -> Bool {
            let key = UInt64(links[k].a) << 32 | UInt64(links[k].b)
            return (1...4).contains(vectors[key]?.level(.idNumber) ?? 0)
        }
        var dropped = Set<Int>()
        for record in byRecord.keys.sorted() {
            guard let ks = byRecord[record], ks.count >= 2 else { continue }
            let sorted = ks.sorted { links[$0].weight > links[$1].weight }
            let best = links[sorted[0]]
            let close = sorted.prefix { links[$0].weight >= best.weight - ambiguityMargin }
            // A link on the same number (or one typo of it) settles who the record is.
            guard close.count >= 2, !close.contains(where: settles) else { continue }
            let partners = close.map { links[$0].a == record ? links[$0].b : links[$0].a }
            var ambiguous = false
            outer: for x in 0..<partners.count {
                for y in (x + 1)..<partners.count where records.cannotBeOnePerson(min(partners[x], partners[y]), max(partners[x], partners[y])) {
                    ambiguous = true
                    break outer
                }
            }
            // Weaker links of an ambiguous record are weaker still: none of them is kept.
            if ambiguous { dropped.formUnion(sorted.filter { !settles($0) }) }
        }
        guard !dropped.isEmpty else { return (links, []) }
        var kept: [Clustering.Link] = [], ambiguous: [Clustering.Link] = []
        for (k, link) in links.enumerated() {
            if dropped.contains(k) { ambiguous.append(link) } else { kept.append(link) }
        }
        return (kept, ambiguous)
    }

    /// Persons with stable ids, each record's person and strongest link, the links with their
    /// evidence, the review band and the model.
    static func store(_ result: inout Result, records: MatchRecords, locations: RowLocations, identifier: PersonIdentifier,
                      linkThreshold: Double, db: Database, report: inout Report, steps: inout MatchSteps) throws {
        var strongest = [Double?](repeating: nil, count: records.count)
        var reviewRecords = Set<Int>()
        for link in result.accepted {
            strongest[link.a] = max(strongest[link.a] ?? -.infinity, link.weight)
            strongest[link.b] = max(strongest[link.b] ?? -.infinity, link.weight)
            if link.band == .review { reviewRecords.insert(link.a); reviewRecords.insert(link.b) }
        }
        // A person's id comes from its most frequent valid ID number; a second group with the same
        // number (kept apart by the chaining guard) gets the number's id with a suffix.
        var taken: [String: Int] = [:]
        // Person ids are keyed hashes, so in group order every insert would land on a random page of
        // the persons and record_persons indexes; at 10 million records that thrashes SQLite's cache for
        // most of an hour. The rows are inserted in key order instead, and the person_id index is built
        // once at the end.
        var persons: [(id: String, group: Int, name: String?, number: String?, review: Bool)] = []
        persons.reserveCapacity(result.groups.count)
        let storing = steps.progress("storing persons", unit: "persons", total: result.groups.count)
        for (g, group) in result.groups.enumerated() {
            if g % 65_536 == 65_535 { storing?.advance(by: 65_536) }
            let valid = group.compactMap(records.validIDNumber)
            let best = Self.mostFrequent(valid)
            var id: String
            if let best {
                id = identifier.id(forIDNumber: best)
            } else {
                let first = group[0]
                let location = locations.location(sheet: records.sheets[first])
                id = identifier.id(forRow: location.file, sheet: location.sheet, row: Int(records.rows[first]))
            }
            if let seen = taken[id] {
                taken[id] = seen + 1
                id += "-\(seen + 1)"
            } else {
                taken[id] = 1
            }
            let name = Self.mostFrequent(group.compactMap(records.name))
            let number = best ?? group.lazy.compactMap(records.idNumber).first
            persons.append((id, g, name, number, group.contains(where: reviewRecords.contains)))
        }
        persons.sort { $0.id < $1.id }
        let insertPerson = try db.makeStatement(sql: "INSERT INTO persons (id, name, id_number, records, review) VALUES (?, ?, ?, ?, ?)")
        var personOfRecord = [Int32](repeating: -1, count: records.count)
        for (p, person) in persons.enumerated() {
            try insertPerson.execute(arguments: [person.id, person.name, person.number, result.groups[person.group].count, person.review ? 1 : 0])
            for i in result.groups[person.group] { personOfRecord[i] = Int32(p) }
        }
        try db.execute(sql: "DROP INDEX IF EXISTS record_persons_person")
        let insertRecord = try db.makeStatement(sql: "INSERT INTO record_persons (record_id, person_id, match_score) VALUES (?, ?, ?)")
        // MatchRecords.load reads the records in id order: the order of record_persons' primary key.
        for i in 0..<records.count where personOfRecord[i] >= 0 {
            try insertRecord.execute(arguments: [records.recordIDs[i], persons[Int(personOfRecord[i])].id, strongest[i]])
        }
        try db.execute(sql: "CREATE INDEX record_persons_person ON record_persons (person_id)")
        report.persons = result.groups.count
        steps.finished("storing persons", count: result.groups.count, unit: "persons", progress: storing)

        let insertLink = try db.makeStatement(sql: "INSERT INTO match_links (a, b, weight, band, levels, evidence) VALUES (?, ?, ?, ?, ?, ?)")
        let insertReview = try db.makeStatement(sql: "INSERT INTO review_pairs (a, b, weight, levels, evidence) VALUES (?, ?, ?, ?, ?)")
        let insertRefused = try db.makeStatement(sql: "INSERT INTO refused_links (a, b, weight, levels, evidence) VALUES (?, ?, ?, ?, ?)")
        for link in result.accepted {
            let (levels, evidence) = Self.evidence(result, records, link)
            if link.band == .review {
                try insertReview.execute(arguments: [records.recordIDs[link.a], records.recordIDs[link.b], link.weight, levels, evidence])
                report.reviewPairs += 1
            } else {
                try insertLink.execute(arguments: [records.recordIDs[link.a], records.recordIDs[link.b], link.weight, link.band.rawValue, levels, evidence])
                if link.band == .link { report.links += 1 }
            }
        }
        // Every refusal is kept: for an officer to look at, and for the rules, which report nothing
        // missing (no aid, not on a list, not enrolled) while a refused record might fill it. The hard
        // rules keep refusals few (493 of 66,133 records at bidui-synth's 20,000 households).
        for link in result.refused {
            let (levels, evidence) = Self.evidence(result, records, link)
            try insertRefused.execute(arguments: [records.recordIDs[link.a], records.recordIDs[link.b], link.weight, levels, evidence])
        }
        report.refused = result.refused.count
        let insertAmbiguous = try db.makeStatement(sql: "INSERT INTO ambiguous_pairs (a, b, weight, levels, evidence) VALUES (?, ?, ?, ?, ?)")
        for link in result.ambiguous {
            let (levels, evidence) = Self.evidence(result, records, link)
            try insertAmbiguous.execute(arguments: [records.recordIDs[link.a], records.recordIDs[link.b], link.weight, levels, evidence])
        }
        report.ambiguous = result.ambiguous.count

        let insertModel = try db.makeStatement(sql: "INSERT INTO match_model (comparison, level, m, u, weight, pinned) VALUES (?, ?, ?, ?, ?, ?)")
        for c in Comparison.allCases {
            for (k, level) in c.levels.enumerated() {
                let pinned = result.pinned.contains("\(c.key).\(level)") ? 1 : 0
                try insertModel.execute(arguments: [c.key, level, result.model.m[c.rawValue][k + 1], result.model.u[c.rawValue][k + 1],
                                                    result.model.weight(c, k + 1), pinned])
            }
        }
        steps.finished("storing links and their evidence", count: result.accepted.count + result.refused.count + result.ambiguous.count, unit: "links")
    }

    /// The levels as JSON and the waterfall an officer reads: "身份证号仅一位不同 +8.1, 姓名拼音相同 +6.3".
    static func evidence(_ result: Result, _ records: MatchRecords, _ link: Clustering.Link) -> (String, String) {
        let key = UInt64(link.a) << 32 | UInt64(link.b)
        let vector = result.vectors[key] ?? records.compare(link.a, link.b)
        let weights = result.model.weights(vector, records, link.a)
        var levels: [String: String] = [:]
        var parts: [(String, Double)] = []
        for c in Comparison.allCases {
            let level = vector.level(c)
            guard level > 0 else { continue }
            levels[c.key] = c.levels[level - 1]
            parts.append((c.label(level), weights[c.rawValue]))
        }
        parts.sort { abs($0.1) > abs($1.1) }
        var text = parts.map { "\($0.0) \(Self.signedTenths($0.1))" }.joined(separator: ", ")
        if link.band == .decided { text = "人工核实为同一人; " + text }
        return (JSONText.object(levels), text)
    }

    /// `+8.1`, `-2.2`: a weight as the waterfall shows it (no `String(format:)`, which cost a third
    /// of the stage when every link got its evidence).
    static func signedTenths(_ weight: Double) -> String {
        let tenths = Int((abs(weight) * 10).rounded())
        return (weight < 0 && tenths > 0 ? "-" : "+") + "\(tenths / 10).\(tenths % 10)"
    }

    static func mostFrequent(_ values: [String]) -> String? {
        var counts: [String: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }
}
