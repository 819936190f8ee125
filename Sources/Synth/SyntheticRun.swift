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
        let population = Population(households: households, seed: seed)
        var assigner = TermAssigner(settings: settings)
        assigner.rates = rates
        let term = assigner.assign(population, seed: seed)
        var exporter = Exporter(population: population, term: term, quirks: quirks, seed: seed, folder: folder)
        exporter.truthPrefix = truthPrefix
        let written = try exporter.write()
        let truthFindings = try TruthWriter(population: population, term: term, written: written)
            .write(to: folder.appendingPathComponent("truth"))
        if writesPipeline { try pipeline(households: households, seed: seed, settings: settings, in: folder) }
        var findings: [String: Int] = [:]
        for finding in truthFindings { findings[finding.category, default: 0] += 1 }
        return Summary(households: households, people: population.households.reduce(0) { $0 + $1.members.count },
                       rows: written.mapValues(\.count), findings: findings)
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
