/// The seven findings of DOMAIN.md, in the order reports list them (the rules' and the generator's truth alike).
public enum FindingCategory: String, CaseIterable, Sendable, Codable, Comparable {
    case unaidedEligible = "unaided_eligible"
    case aidEligibilityUnverified = "aid_eligibility_unverified"
    case duplicateAid = "duplicate_aid"
    case possibleDropout = "possible_dropout"
    case enrollmentStatusMismatch = "enrollment_status_mismatch"
    case identityConflict = "identity_conflict"
    case invalidIDNumber = "invalid_id_number"

    /// The category's name as officers say it.
    public var chineseName: String {
        switch self {
        case .unaidedEligible: "应助未助"
        case .aidEligibilityUnverified: "资助依据未核实"
        case .duplicateAid: "重复资助"
        case .possibleDropout: "疑似失学辍学"
        case .enrollmentStatusMismatch: "在校状态不一致"
        case .identityConflict: "身份信息不一致"
        case .invalidIDNumber: "证件号码无效"
        }
    }

    /// Money or schooling at stake is high; a claim or a status to check is medium; data quality is low.
    public var severity: String {
        switch self {
        case .unaidedEligible, .duplicateAid, .possibleDropout: "high"
        case .aidEligibilityUnverified, .enrollmentStatusMismatch: "medium"
        case .identityConflict, .invalidIDNumber: "low"
        }
    }

    /// One finding per source row (rather than per person): the row is part of the finding's identity.
    public var isPerRow: Bool {
        switch self {
        case .aidEligibilityUnverified, .enrollmentStatusMismatch, .invalidIDNumber: true
        default: false
        }
    }

    /// Position in `allCases`: the order reports list categories in.
    public var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (a: FindingCategory, b: FindingCategory) -> Bool { a.order < b.order }
}
