import BiduiCore

/// Where a finding's evidence sits, as a person finds it: file, sheet and the row number a
/// spreadsheet program shows (for a CSV, the record number, title rows included).
public struct SourceRow: Sendable, Hashable, Comparable {
    public var role: SourceRole
    public var file: String
    public var sheet: String?
    public var row: Int

    public init(role: SourceRole, file: String, sheet: String?, row: Int) {
        self.role = role
        self.file = file
        self.sheet = sheet
        self.row = row
    }

    public static func < (a: SourceRow, b: SourceRow) -> Bool {
        (a.file, a.sheet ?? "", a.row, a.role) < (b.file, b.sheet ?? "", b.row, b.role)
    }

    /// `{"role":…,"file":…,"sheet":…,"row":…}`, the machine contract's form.
    public var json: String {
        "{\"role\":\(JSONText.string(role.rawValue)),\"file\":\(JSONText.string(file)),\"sheet\":\(sheet.map(JSONText.string) ?? "null"),\"row\":\(row)}"
    }
}

/// One discrepancy an officer can act on: who, why, and every source row behind it.
public struct Finding: Sendable, Equatable {
    public var category: FindingCategory
    public var personID: String
    /// The person's best display name and best number (valid normalised, else the best row's raw text).
    public var name: String?
    public var idNumber: String?
    /// The county of the finding's first source row (its county column, its school, its file).
    public var county: String?
    /// A Chinese explanation that cites the evidence; it never spells out an ID number.
    public var detail: String
    /// The match evidence between the source rows, where a link put them together (one link a line).
    public var evidence: String
    /// The finding rests on a link in the review band.
    public var review: Bool
    public var sources: [SourceRow]
    /// The person records behind `sources`, in the same order.
    public var recordIDs: [Int64]
    /// An officer's 核实结果 on this finding (from this term's file or carried over); never part of
    /// the machine contract.
    public var decision: CaseDecision?

    public init(category: FindingCategory, personID: String, name: String?, idNumber: String?, county: String?,
                detail: String, evidence: String, review: Bool, sources: [SourceRow], recordIDs: [Int64]) {
        self.category = category
        self.personID = personID
        self.name = name
        self.idNumber = idNumber
        self.county = county
        self.detail = detail
        self.evidence = evidence
        self.review = review
        self.sources = sources
        self.recordIDs = recordIDs
    }

    public var severity: String { category.severity }

    /// The line of `discrepancies.jsonl` (DOMAIN.md, "The machine contract"), without its newline.
    public var contractJSON: String {
        "{\"schema\":1,\"category\":\(JSONText.string(category.rawValue)),\"severity\":\(JSONText.string(severity)),"
            + "\"person_id\":\(JSONText.string(personID)),\"name\":\(name.map(JSONText.string) ?? "null"),"
            + "\"id_number\":\(idNumber.map(JSONText.string) ?? "null"),\"detail\":\(JSONText.string(detail)),"
            + "\"review\":\(review),\"sources\":[\(sources.map(\.json).joined(separator: ","))]}"
    }

    /// The stable order of findings: category, county, person, then the first source row.
    static func precedes(_ a: Finding, _ b: Finding) -> Bool {
        if a.category != b.category { return a.category < b.category }
        if a.county != b.county { return (a.county ?? "\u{FFFF}") < (b.county ?? "\u{FFFF}") }
        if a.personID != b.personID { return a.personID < b.personID }
        for (x, y) in zip(a.sources, b.sources) where x != y { return x < y }
        return a.sources.count < b.sources.count
    }
}
