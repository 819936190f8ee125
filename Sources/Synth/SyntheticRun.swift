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
        var assigner = TermAssigner(settings: settings)
        assigner.rates = rates
        let export = StreamingExport(folder: folder, truthPrefix: truthPrefix, quirks: quirks, seed: seed, settings: settings)
        let truth = try TruthStream(folder: folder.appendingPathComponent("truth"))
        var generator = HouseholdGenerator(households: households, seed: seed)
        var people = 0
        var rows: [SourceRole: Int] = [:]
        for index in 0..<households {
            let household = generator.household(index)
            var term = TermRecords(settings: settings)
            assigner.assign(household, index: index, seed: seed, into: &term)
            let written = try export.add(household, index: index, records: term)
            try truth.add(household, records: term, written: written)
            people += household.members.count
            for (role, list) in written { rows[role, default: 0] += list.count }
        }
        try export.finish()
        try truth.finish()
        if writesPipeline { try pipeline(households: households, seed: seed, settings: settings, in: folder) }
        return Summary(households: households, people: people, rows: rows, findings: truth.counts)
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
