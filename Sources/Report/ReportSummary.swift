import BiduiCore

/// What a run found and what it read, in numbers: `summary.json` for cron wrappers and CI, and the
/// content of `summary.html` for officers. It holds no ID number; names appear only in `examples`.
public struct ReportSummary: Codable, Sendable, Equatable {
    public var schema = 1
    public var pipeline: String
    /// When the report was written (UTC, ISO 8601).
    public var generatedAt: String
    public var versions: Versions
    /// ID numbers and names are masked in every file of this report (`--mask`).
    public var masked: Bool
    public var term: Term
    public var totals: Totals
    /// The seven categories in report order, each with its rule's state (applied, partial, skipped).
    public var categories: [CategoryCount]
    /// Findings per county (「未知」 when no row of a finding names one), sorted by county.
    public var counties: [CountyCount]
    /// Every input file with its sheets: rows read, accepted, skipped and rejected.
    public var files: [FileAccounting]
    /// The normalize stage's quality flags per source sheet.
    public var qualityFlags: [QualityFlagCount]
    /// Schools and villages with the most findings (a finding counts once per place its rows name).
    public var topSchools: [PlaceCount]
    public var topVillages: [PlaceCount]
    /// Each stage's last run: when, how long, rows in and out.
    public var stages: [StageTiming]
    /// Pairs on the 待人工核实 sheet: review-band links and records that could be either of two people.
    public var review: ReviewCounts
    /// The first findings of each category, for the summary page (ID numbers always masked there).
    public var examples: [Example]
    /// The report's files, as named in `report/`.
    public var outputs: [String]
    /// The digest of the configuration sections the report used; the page shows the text itself.
    public var configurationDigest: String
    /// Against the previous term's run (`previous_run:`), when the pipeline names one.
    public var termComparison: TermCounts? = nil
    /// Officers' case decisions (核实结果): per category, findings new (undecided) and decided, and the
    /// dropouts a decision kept off the list (ReportSummary+CaseDecisions.swift).
    public var caseDecisions = CaseDecisionCounts()

    /// Dynamic monitoring (动态监测) in numbers: per category, findings new this term, persisting
    /// since last term, and resolved since.
    public struct TermCounts: Codable, Sendable, Equatable {
        public var previousRun: String
        public var categories: [Counts]
        public struct Counts: Codable, Sendable, Equatable {
            public var code: String
            public var new: Int
            public var persisting: Int
            public var resolved: Int
        }
        enum CodingKeys: String, CodingKey { case previousRun = "previous_run", categories }
    }

    public struct Versions: Codable, Sendable, Equatable {
        public var bidui: String
        public var sqlite: String
        /// The machine contract's schema (`"schema": 1` in discrepancies.jsonl).
        public var contractSchema: Int
    }

    public struct Term: Codable, Sendable, Equatable {
        public var schoolYear: String
        public var term: String
        public var referenceDate: String
    }

    public struct Totals: Codable, Sendable, Equatable {
        public var findings: Int
        /// Findings that rest on a link in the review band.
        public var reviewFindings: Int
        public var persons: Int
        public var records: Int
        public var rowsRead: Int
        public var rowsAccepted: Int
        public var rowsSkipped: Int
        public var rowsRejected: Int
        /// Files that could not be read at all.
        public var filesFailed: Int
    }

    public struct CategoryCount: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var severity: String
        public var state: String
        public var note: String?
        public var findings: Int
        public var reviewFindings: Int
    }

    public struct CountyCount: Codable, Sendable, Equatable {
        public var county: String
        /// Category code → findings.
        public var findings: [String: Int]
        public var total: Int
    }

    public struct FileAccounting: Codable, Sendable, Equatable {
        public var role: String
        public var path: String
        public var format: String?
        public var encoding: String?
        public var status: String
        public var message: String?
        public var sheets: [SheetAccounting]
        public var rowsRead: Int
        public var accepted: Int
        public var skipped: Int
        public var rejected: Int
    }

    public struct SheetAccounting: Codable, Sendable, Equatable {
        /// nil for a CSV.
        public var sheet: String?
        public var status: String
        public var reason: String?
        public var rowsRead: Int
        public var accepted: Int
        public var skipped: Int
        public var rejected: Int
    }

    public struct QualityFlagCount: Codable, Sendable, Equatable {
        public var file: String
        public var sheet: String?
        /// The stored code (`id:bad_check_character`) and its Chinese label.
        public var flag: String
        public var label: String
        public var rows: Int
    }

    public struct PlaceCount: Codable, Sendable, Equatable {
        public var name: String
        public var county: String?
        public var findings: Int
    }

    public struct StageTiming: Codable, Sendable, Equatable {
        public var stage: String
        public var startedAt: String
        public var finishedAt: String
        public var seconds: Double
        public var rowsIn: Int
        public var rowsOut: Int
        public var programVersion: String
        /// Why the stage's results no longer follow from its inputs, if they do not.
        public var staleReason: String?
    }

    public struct ReviewCounts: Codable, Sendable, Equatable {
        /// Linked pairs whose weight fell in the review band.
        public var reviewBandPairs: Int
        /// Pairs left unlinked because one record could be either of two people.
        public var ambiguousPairs: Int
        /// Pairs left unlinked because joining them would put conflicting rows into one person.
        public var refusedPairs = 0
        /// Rows that stand alone as a person of their own, by why they could not be attached: a row
        /// that joining would contradict (`refused`), one that could be either of two people or whose
        /// likeliest match was too weak to link (`ambiguous`), and one with a blank or damaged number
        /// that nothing else tied to another row (`unmatched_damaged_number`).
        public var unattachedRows: [String: Int] = [:]

        /// Every line of the 待人工核实 sheet.
        public var total: Int { reviewBandPairs + ambiguousPairs + refusedPairs }
    }

    public struct Example: Codable, Sendable, Equatable {
        public var category: String
        public var name: String?
        /// Always masked (6 + 4 characters kept).
        public var idNumber: String?
        public var county: String?
        public var school: String?
        public var detail: String
        public var review: Bool
    }

    enum CodingKeys: String, CodingKey {
        case schema, pipeline, generatedAt = "generated_at", versions, masked, term, totals, categories, counties, files
        case qualityFlags = "quality_flags", topSchools = "top_schools", topVillages = "top_villages", stages, review
        case examples, outputs, configurationDigest = "configuration_digest", termComparison = "term_comparison"
        case caseDecisions = "case_decisions"
    }
}

extension ReportSummary.Versions {
    enum CodingKeys: String, CodingKey { case bidui, sqlite, contractSchema = "contract_schema" }
}

extension ReportSummary.Term {
    enum CodingKeys: String, CodingKey { case schoolYear = "school_year", term, referenceDate = "reference_date" }
}

extension ReportSummary.Totals {
    enum CodingKeys: String, CodingKey {
        case findings, reviewFindings = "review_findings", persons, records, rowsRead = "rows_read"
        case rowsAccepted = "rows_accepted", rowsSkipped = "rows_skipped", rowsRejected = "rows_rejected", filesFailed = "files_failed"
    }
}

extension ReportSummary.CategoryCount {
    enum CodingKeys: String, CodingKey { case code, name, severity, state, note, findings, reviewFindings = "review_findings" }
}

extension ReportSummary.FileAccounting {
    enum CodingKeys: String, CodingKey { case role, path, format, encoding, status, message, sheets, rowsRead = "rows_read", accepted, skipped, rejected }
}

extension ReportSummary.SheetAccounting {
    enum CodingKeys: String, CodingKey { case sheet, status, reason, rowsRead = "rows_read", accepted, skipped, rejected }
}

extension ReportSummary.StageTiming {
    enum CodingKeys: String, CodingKey {
        case stage, startedAt = "started_at", finishedAt = "finished_at", seconds, rowsIn = "rows_in", rowsOut = "rows_out"
        case programVersion = "program_version", staleReason = "stale_reason"
    }
}

extension ReportSummary.ReviewCounts {
    enum CodingKeys: String, CodingKey {
        case reviewBandPairs = "review_band_pairs", ambiguousPairs = "ambiguous_pairs", refusedPairs = "refused_pairs", unattachedRows = "unattached_rows"
    }
}

extension ReportSummary.Example {
    enum CodingKeys: String, CodingKey { case category, name, idNumber = "id_number", county, school, detail, review }
}
