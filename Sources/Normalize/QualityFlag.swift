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

    /// The flag with this stored code.
    public init?(code: String) {
        guard let flag = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = flag
    }

    /// What the flag means, in the officers' words (the summary page shows it beside the code).
    public var chineseLabel: String {
        switch self {
        case .idWrongLength: "身份证号位数不对"
        case .idNotDigits: "身份证号含非数字字符"
        case .idBadDate: "身份证号中的出生日期不存在"
        case .idFutureDate: "身份证号中的出生日期晚于今天"
        case .idBefore1900: "身份证号中的出生日期早于1900年"
        case .idBadCheckCharacter: "身份证号校验码错误"
        case .idScientificNotation: "身份证号被Excel存成科学计数法"
        case .idLostDigits: "身份证号末位被Excel截成0"
        case .idNumericCell: "身份证号存为数字单元格"
        case .idTrailingZeros: "身份证号末三位为000（可能被Excel截断）"
        case .idFifteenDigits: "15位旧身份证号"
        case .idFromStudentNumber: "身份证号取自全国学籍号"
        case .missingName: "缺少姓名"
        case .missingIDNumber: "缺少身份证号"
        case .birthDateMismatch: "出生日期与身份证号不符"
        case .sexMismatch: "性别与身份证号不符"
        case .unreadableBirthDate: "出生日期无法识别"
        case .unreadableSex: "性别无法识别"
        case .unreadableStartMonth: "起始年月无法识别"
        case .unreadableEndMonth: "终止年月无法识别"
        case .unreadableAmount: "金额无法识别"
        case .invalidGuardianIDNumber: "监护人身份证号无效"
        case .invalidHeadIDNumber: "户主身份证号无效"
        case .unknownHouseholdType: "户类型无法识别"
        case .unknownMonitoringCategory: "监测对象类别无法识别"
        case .unknownRiskEliminated: "风险是否消除无法识别"
        case .unknownSchoolingStatus: "在校生状态无法识别"
        case .unknownAssistanceType: "救助类别无法识别"
        case .unknownAssistanceStatus: "保障状态无法识别"
        case .unknownProgramme: "资助项目无法识别"
        case .unknownHardshipType: "困难类型无法识别"
        case .unknownEnrollmentStatus: "学籍状态无法识别"
        case .unknownTerm: "学期无法识别"
        case .unknownSchoolYear: "学年无法识别"
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
