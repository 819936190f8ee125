import BiduiCore
import GRDB

extension ReportSummary {
    /// Officers' case decisions (核实结果) in numbers, as summary.json, the 汇总 sheet and the page show
    /// them: what still needs checking apart from what was decided. Always present (zeros when no
    /// decision was made), so a cron wrapper can rely on the keys.
    public struct CaseDecisionCounts: Codable, Sendable, Equatable {
        /// The seven categories in report order.
        public var categories: [Category] = []
        /// Possible dropouts not reported because an officer found the person studying in another
        /// county (不属实-异地就读) in a decision still in force.
        public var keptOffDropoutList = 0
        /// Decisions the run holds (in force on its reference date, whether a finding names them or
        /// not): from this term's files, and carried from the previous term's run.
        public var fromFiles = 0
        public var carried = 0

        public init() {}

        public struct Category: Codable, Sendable, Equatable {
            public var code: String
            public var name: String
            /// Findings without a decision: the new cases to check.
            public var undecided: Int
            /// Findings with a decision, and of those 属实 and 不属实.
            public var decided: Int
            public var confirmed: Int
            public var rejected: Int
        }

        public var decided: Int { categories.reduce(0) { $0 + $1.decided } }
        public var undecided: Int { categories.reduce(0) { $0 + $1.undecided } }

        enum CodingKeys: String, CodingKey {
            case categories, keptOffDropoutList = "kept_off_dropout_list", fromFiles = "from_files", carried
        }
    }
}

extension ReportSummary.CaseDecisionCounts.Category {
    enum CodingKeys: String, CodingKey { case code, name, undecided, decided, confirmed, rejected }
}

extension SummaryQueries {
    static func caseDecisionCounts(_ db: Database) throws -> ReportSummary.CaseDecisionCounts {
        var byCategory: [String: (undecided: Int, confirmed: Int, rejected: Int)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT category, decision_outcome, COUNT(*) FROM findings GROUP BY category, decision_outcome") {
            let outcome: String? = row[1], count: Int = row[2]
            switch outcome {
            case nil: byCategory[row[0], default: (0, 0, 0)].undecided += count
            case CaseDecisionColumns.confirmed: byCategory[row[0], default: (0, 0, 0)].confirmed += count
            default: byCategory[row[0], default: (0, 0, 0)].rejected += count
            }
        }
        var counts = ReportSummary.CaseDecisionCounts()
        counts.categories = FindingCategory.allCases.map { c in
            let n = byCategory[c.rawValue] ?? (0, 0, 0)
            return .init(code: c.rawValue, name: c.chineseName, undecided: n.undecided, decided: n.confirmed + n.rejected,
                         confirmed: n.confirmed, rejected: n.rejected)
        }
        counts.keptOffDropoutList = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(suppressed), 0) FROM reconcile_rules") ?? 0
        if let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), COALESCE(SUM(source LIKE 'carried from %'), 0) FROM case_decisions") {
            let total: Int = row[0], carried: Int = row[1]
            counts.carried = carried
            counts.fromFiles = total - carried
        }
        return counts
    }
}
