import Foundation

/// The term a reconciliation is about and the day it looks at (DOMAIN.md, "Reconciliation rules").
public struct ReconciliationSettings: Sendable, Equatable {
    public enum Term: String, Sendable {
        case autumn = "秋季学期"
        case spring = "春季学期"

        /// Accepts 秋季学期/秋季/秋/autumn/fall and 春季学期/春季/春/spring.
        init?(text: String) {
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "秋季学期", "秋季", "秋", "autumn", "fall": self = .autumn
            case "春季学期", "春季", "春", "spring": self = .spring
            default: return nil
            }
        }
    }

    /// First calendar year of the school year: 2025 for 2025-2026.
    public var schoolYearStart: Int
    public var term: Term
    /// The day "active" and "in force" are judged on.
    public var referenceDate: CalendarDate
    /// Compulsory-education ages, inclusive, on the cut-off day.
    public var compulsoryAges: ClosedRange<Int>
    /// Month and day of the age cut-off in the school year's first calendar year (31 August).
    public var ageCutoffMonth: Int
    public var ageCutoffDay: Int
    /// What counts as active, enrolled, aid and a claim.
    public var rules: RuleSettings
    /// Filled-in work lists (`case_decisions:`, one file or a list, relative to the pipeline's folder)
    /// whose 核实结果 the reconcile stage stores; a later file's decision on a finding wins.
    public var caseDecisions: [String] = []
    /// How long an officer's decision holds, from its date (核实日期, else the reference date of the
    /// run that first stored it): a school year by default, after which the case is checked again.
    public var decisionValidityDays = 365

    public init(schoolYearStart: Int, term: Term, referenceDate: CalendarDate, compulsoryAges: ClosedRange<Int> = 6...15,
                ageCutoffMonth: Int = 8, ageCutoffDay: Int = 31, rules: RuleSettings = RuleSettings()) {
        self.schoolYearStart = schoolYearStart
        self.term = term
        self.referenceDate = referenceDate
        self.compulsoryAges = compulsoryAges
        self.ageCutoffMonth = ageCutoffMonth
        self.ageCutoffDay = ageCutoffDay
        self.rules = rules
    }

    /// `2025-2026`, as aid exports write it.
    public var schoolYear: String { "\(schoolYearStart)-\(schoolYearStart + 1)" }

    public var ageCutoffDate: CalendarDate? {
        CalendarDate(year: schoolYearStart, month: ageCutoffMonth, day: ageCutoffDay)
    }
}

extension ReconciliationSettings {
    static let keys: Set<String> = Set([
        "school_year", "term", "reference_date", "compulsory_age", "age_cutoff", "case_decisions", "decision_validity_days",
    ]).union(RuleSettings.keys)

    init(node: ConfigNode) throws {
        var values: [String: ConfigNode] = [:]
        for (key, value) in try node.entries(allowed: Self.keys) { values[key] = value }
        func required(_ key: String) throws -> ConfigNode {
            guard let value = values[key] else {
                throw ConfigurationError(
                    file: node.file, line: node.line, key: node.path.isEmpty ? key : "\(node.path).\(key)",
                    message: "missing; add it, e.g. \(Self.example[key] ?? "")")
            }
            return value
        }
        let yearNode = try required("school_year")
        let yearText = try yearNode.nonEmptyString()
        let years = yearText.split(separator: "-").compactMap { Int($0) }
        guard years.count == 2, years[1] == years[0] + 1, years[0] >= 2000, years[0] < 2200 else {
            throw yearNode.error("\"\(yearText)\" is not a school year; write it as 2025-2026")
        }
        let termNode = try required("term")
        guard let term = Term(text: try termNode.nonEmptyString()) else {
            throw termNode.error("unknown term \"\(try termNode.string())\"; use 秋季学期 or 春季学期")
        }
        let dateNode = try required("reference_date")
        guard let date = CalendarDate(iso: try dateNode.nonEmptyString()) else {
            throw dateNode.error("\"\(try dateNode.string())\" is not a date; write it as YYYY-MM-DD, e.g. 2025-10-31")
        }
        var ages = 6...15
        if let ageNode = values["compulsory_age"] {
            let bounds = try ageNode.stringList().map { Int($0) }
            guard bounds.count == 2, let low = bounds[0], let high = bounds[1], 0 <= low, low <= high, high < 30 else {
                throw ageNode.error("expected two ages, youngest and oldest, e.g. [6, 15]")
            }
            ages = low...high
        }
        var cutoff = (8, 31)
        if let cutoffNode = values["age_cutoff"] {
            let parts = try cutoffNode.nonEmptyString().split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, CalendarDate(year: 2000, month: parts[0], day: parts[1]) != nil else {
                throw cutoffNode.error("expected a month and day as MM-DD, e.g. 08-31")
            }
            cutoff = (parts[0], parts[1])
        }
        self.init(
            schoolYearStart: years[0], term: term, referenceDate: date, compulsoryAges: ages,
            ageCutoffMonth: cutoff.0, ageCutoffDay: cutoff.1, rules: try RuleSettings(values: values))
        if let files = values["case_decisions"] {
            caseDecisions = try files.stringList().map { $0.trimmingCharacters(in: .whitespaces) }
            if caseDecisions.isEmpty || caseDecisions.contains("") {
                throw files.error("expected a filled-in work list (discrepancies.xlsx or .csv) or a list of them")
            }
        }
        if let days = values["decision_validity_days"] {
            guard let value = Int(try days.nonEmptyString()), value >= 1 else {
                throw days.error("expected a number of days, e.g. 365 for a school year")
            }
            decisionValidityDays = value
        }
    }

    private static let example: [String: String] = [
        "school_year": "school_year: \"2025-2026\"",
        "term": "term: 秋季学期",
        "reference_date": "reference_date: 2025-10-31",
    ]
}
