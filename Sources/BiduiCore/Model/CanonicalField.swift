/// A column bidui understands, whatever header a department's export gives it.
///
/// Raw cells are stored under these names; later stages read them by name, never by header text.
public enum CanonicalField: String, CaseIterable, Sendable, Codable {
    // The person (every role)
    case name, idNumber = "id_number", sex, birthDate = "birth_date", ethnicity
    case relationToHead = "relation_to_head", householdID = "household_id", personNumber = "person_number"
    case county, township, village
    // Enrollment (学籍)
    case schoolCode = "school_code", schoolName = "school_name", grade, className = "class"
    case studentNumber = "student_number", enrollmentStatus = "enrollment_status"
    case guardianName = "guardian_name", guardianIDNumber = "guardian_id_number"
    // Aid (学生资助)
    case schoolYear = "school_year", term, programme, amount, hardshipType = "hardship_type"
    // Rural (乡村振兴)
    case householdType = "household_type", monitoringCategory = "monitoring_category"
    case riskEliminated = "risk_eliminated", schoolingStatus = "schooling_status"
    case outOfSchoolReason = "out_of_school_reason"
    // Civil (民政)
    case assistanceType = "assistance_type", assistanceStatus = "assistance_status"
    case startMonth = "start_month", endMonth = "end_month"
    case headName = "head_name", headIDNumber = "head_id_number"

    /// The usual Chinese header, for messages such as "missing column id_number (身份证号)".
    public var chineseName: String {
        ColumnAliases.builtIn[self]?.first ?? rawValue
    }

    /// `id_number (身份证号)`: how messages name a field.
    public var displayName: String { "\(rawValue) (\(chineseName))" }
}
