import BiduiCore
import Foundation

/// Everything `bidui-synth` writes for one term: the exports, their truth, and a pipeline that reads them.
public enum SyntheticRun {
    public struct Summary: Sendable {
        public var households: Int
        public var people: Int
        public var rows: [SourceRole: Int]
        public var findings: [String: Int]
    }

    /// Writes a term's exports under `folder` (truth in `folder/truth`, pipeline in `folder/pipeline.yaml`).
    public static func write(households: Int, seed: UInt64, settings: ReconciliationSettings, quirks: Quirks,
                             rates: TermAssigner.Rates = .init(), writesPipeline: Bool = true, truthPrefix: String = "",
                             to folder: URL) throws -> Summary {
        let layout = HouseholdGenerator(households: households, seed: seed)
        var configured = TermAssigner(settings: settings, counties: layout.counties)
        configured.rates = rates
        let assigner = configured
        let truthFolder = folder.appendingPathComponent("truth")
        let counties = layout.counties.count
        let results = CountyResults(counties)
        // Counties are independent (their own files, ID divisions and truth part), so they are
        // written on both cores; the truth's parts are joined in county order afterwards.
        DispatchQueue.concurrentPerform(iterations: counties) { c in
            do {
                var generator = HouseholdGenerator(households: households, seed: seed)
                let indexes = generator.indexes(ofCounty: c)
                let export = StreamingExport(folder: folder, truthPrefix: truthPrefix, quirks: quirks, seed: seed, settings: settings, countyIndex: c)
                let truth = try TruthStream(folder: truthFolder, part: c)
                var summary = Summary(households: 0, people: 0, rows: [:], findings: [:])
                for index in indexes {
                    let household = generator.household(index)
                    var term = TermRecords(settings: settings)
                    assigner.assign(household, index: index, seed: seed, into: &term)
                    let written = try export.add(household, index: index, records: term)
                    try truth.add(household, records: term, written: written)
                    summary.households += 1
                    summary.people += household.members.count
                    for (role, list) in written { summary.rows[role, default: 0] += list.count }
                }
                try export.finish()
                try truth.finish()
                summary.findings = truth.counts
                results.set(c, .success(summary))
            } catch {
                results.set(c, .failure(error))
            }
        }
        let summaries = try results.all()
        try TruthStream.merge(truthFolder, parts: counties)
        if writesPipeline { try pipeline(households: households, seed: seed, settings: settings, in: folder) }
        return summaries.reduce(Summary(households: 0, people: 0, rows: [:], findings: [:])) { total, part in
            Summary(households: total.households + part.households, people: total.people + part.people,
                    rows: total.rows.merging(part.rows, uniquingKeysWith: +), findings: total.findings.merging(part.findings, uniquingKeysWith: +))
        }
    }

    private static func pipeline(households: Int, seed: UInt64, settings: ReconciliationSettings, in folder: URL) throws {
        try """
            # Written by bidui-synth (seed \(seed), \(households) households): fictional people.
            pipeline: synthetic
            reconciliation:
              school_year: "\(settings.schoolYear)"
              term: \(settings.term.rawValue)
              reference_date: \(settings.referenceDate)
            sources:
              - role: enrollment
                paths: ["学籍/*"]
              - role: aid
                paths: ["资助/*"]
              - role: rural
                paths: ["乡村振兴/*"]
              - role: civil
                paths: ["民政/*"]

            """.write(to: folder.appendingPathComponent("pipeline.yaml"), atomically: true, encoding: .utf8)
    }
}

/// Each county's outcome, filled in from the worker threads.
private final class CountyResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<SyntheticRun.Summary, Error>?]

    init(_ count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<SyntheticRun.Summary, Error>) {
        lock.lock()
        results[index] = result
        lock.unlock()
    }

    /// Every county's summary, or the first county's error.
    func all() throws -> [SyntheticRun.Summary] {
        lock.lock()
        defer { lock.unlock() }
        return try results.map { try ($0 ?? .failure(CancellationError())).get() }
    }
}
