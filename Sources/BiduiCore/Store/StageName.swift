/// The five stages, in the order data flows through them.
public enum StageName: String, CaseIterable, Sendable, Codable, Comparable {
    case ingest, normalize, match, reconcile, report

    public var index: Int {
        switch self {
        case .ingest: 0
        case .normalize: 1
        case .match: 2
        case .reconcile: 3
        case .report: 4
        }
    }

    public static func < (a: StageName, b: StageName) -> Bool { a.index < b.index }

    /// The stages whose inputs this one produces, directly or not.
    public var later: [StageName] { Self.allCases.filter { $0 > self } }

    /// The configuration sections a stage's results depend on.
    public var configurationSections: [String] {
        switch self {
        case .ingest: ["sources", "columns"]
        case .normalize: ["sources", "columns", PipelineConfiguration.reconciliationWithoutDecisions, "categories"]
        case .match: ["match"]
        case .reconcile: ["reconciliation", "previous_run"]
        case .report: ["reconciliation", "report", "previous_run"]
        }
    }
}
