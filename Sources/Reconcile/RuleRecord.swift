import BiduiCore

/// One person record as the rules read it: the canonical fields normalize wrote, the person the
/// match stage put it in, and where it came from.
public struct RuleRecord: Sendable {
    public var recordID: Int64
    public var source: SourceRow
    public var personID: String
    public var name: String?
    /// The name after width, spaces, dots and traditional→simplified: two keys differ only by a real difference.
    public var nameKey: String?
    public var idRaw: String?
    /// The cleaned number (valid or not); nil when the row gave none.
    public var idNumber: String?
    public var idValid: Bool
    public var idProblem: String?
    public var birthDate: CalendarDate?
    public var county: String?
    public var school: String?
    public var village: String?
    public var schoolYear: String?
    public var term: String?
    public var programme: String?
    public var hardshipType: String?
    public var householdType: String?
    public var riskEliminated: String?
    public var schoolingStatus: String?
    public var assistanceType: String?
    public var assistanceStatus: String?
    /// `YYYY-MM`.
    public var startMonth: String?
    public var endMonth: String?
    public var enrollmentStatus: String?

    public var role: SourceRole { source.role }

    public init(recordID: Int64, source: SourceRow, personID: String) {
        self.recordID = recordID
        self.source = source
        self.personID = personID
        idValid = false
    }

    /// The number a row gives, as the contract shows it when none is valid: its raw text, else the cleaned one.
    var displayNumber: String? { idValid ? idNumber : (idRaw ?? idNumber) }
}

/// A link the match stage made between two records, with its waterfall of evidence.
public struct RuleLink: Sendable {
    public var a: Int64
    public var b: Int64
    public var weight: Double
    /// In the review band rather than above the link threshold.
    public var review: Bool
    public var evidence: String

    public init(a: Int64, b: Int64, weight: Double, review: Bool, evidence: String) {
        self.a = a
        self.b = b
        self.weight = weight
        self.review = review
        self.evidence = evidence
    }
}
