/// A quality problem found on one row, stored with the row's person record (`flags`, space-separated
/// codes) and counted per source sheet (`normalize_flags`). None of them drops the row.
public enum QualityFlag: Int, CaseIterable, Sendable {
    case idWrongLength, idNotDigits, idBadDate, idFutureDate, idBefore1900, idBadCheckCharacter, idScientificNotation, idLostDigits
    case idNumericCell, idTrailingZeros, idFifteenDigits, idFromStudentNumber
    case missingName, missingIDNumber
    case birthDateMismatch, sexMismatch
    case unreadableBirthDate, unreadableSex, unreadableStartMonth, unreadableEndMonth, unreadableAmount
    case invalidGuardianIDNumber, invalidHeadIDNumber
    case unknownHouseholdType, unknownMonitoringCategory, unknownRiskEliminated, unknownSchoolingStatus
    case unknownAssistanceType, unknownAssistanceStatus, unknownProgramme, unknownHardshipType
    case unknownEnrollmentStatus, unknownTerm, unknownSchoolYear

    /// The stored code: `id:bad_check_character`, `unknown:programme`…
    public var code: String {
        switch self {
        case .idWrongLength: "id:wrong_length"
        case .idNotDigits: "id:not_digits"
        case .idBadDate: "id:bad_date"
        case .idFutureDate: "id:future_date"
        case .idBefore1900: "id:before_1900"
        case .idBadCheckCharacter: "id:bad_check_character"
        case .idScientificNotation: "id:scientific_notation"
        case .idLostDigits: "id:lost_digits"
        case .idNumericCell: "id_flag:numeric_cell"
        case .idTrailingZeros: "id_flag:trailing_zeros"
        case .idFifteenDigits: "id_flag:fifteen_digits"
        case .idFromStudentNumber: "id_from_student_number"
        case .missingName: "missing:name"
        case .missingIDNumber: "missing:id_number"
        case .birthDateMismatch: "birth_date_mismatch"
        case .sexMismatch: "sex_mismatch"
        case .unreadableBirthDate: "unreadable:birth_date"
        case .unreadableSex: "unreadable:sex"
        case .unreadableStartMonth: "unreadable:start_month"
        case .unreadableEndMonth: "unreadable:end_month"
        case .unreadableAmount: "unreadable:amount"
        case .invalidGuardianIDNumber: "invalid:guardian_id_number"
        case .invalidHeadIDNumber: "invalid:head_id_number"
        case .unknownHouseholdType: "unknown:household_type"
        case .unknownMonitoringCategory: "unknown:monitoring_category"
        case .unknownRiskEliminated: "unknown:risk_eliminated"
        case .unknownSchoolingStatus: "unknown:schooling_status"
        case .unknownAssistanceType: "unknown:assistance_type"
        case .unknownAssistanceStatus: "unknown:assistance_status"
        case .unknownProgramme: "unknown:programme"
        case .unknownHardshipType: "unknown:hardship_type"
        case .unknownEnrollmentStatus: "unknown:enrollment_status"
        case .unknownTerm: "unknown:term"
        case .unknownSchoolYear: "unknown:school_year"
        }
    }

    /// The flag of an invalid ID number's reason.
    static func of(_ problem: IDNumber.Problem) -> QualityFlag {
        switch problem {
        case .wrongLength: .idWrongLength
        case .notDigits: .idNotDigits
        case .badDate: .idBadDate
        case .futureDate: .idFutureDate
        case .before1900: .idBefore1900
        case .badCheckCharacter: .idBadCheckCharacter
        case .scientificNotation: .idScientificNotation
        case .lostDigits: .idLostDigits
        }
    }

    static let codeBytes: [[UInt8]] = allCases.map { Array($0.code.utf8) }
}

/// The flags of one row, as bits.
public struct QualityFlags: Sendable, Equatable {
    public private(set) var bits: UInt64 = 0
    public init() {}
    public mutating func insert(_ flag: QualityFlag) { bits |= 1 << UInt64(flag.rawValue) }
    public func contains(_ flag: QualityFlag) -> Bool { bits & (1 << UInt64(flag.rawValue)) != 0 }
    public var isEmpty: Bool { bits == 0 }
    public var all: [QualityFlag] { QualityFlag.allCases.filter(contains) }
}
