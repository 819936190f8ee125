/// The four kinds of department export bidui reconciles (DOMAIN.md, "The four source roles").
public enum SourceRole: String, CaseIterable, Sendable, Codable, Comparable {
    case enrollment
    case aid
    case rural
    case civil

    /// The department's name as officers say it, for messages and reports.
    public var chineseName: String {
        switch self {
        case .enrollment: "学籍"
        case .aid: "学生资助"
        case .rural: "乡村振兴"
        case .civil: "民政"
        }
    }

    public static func < (lhs: SourceRole, rhs: SourceRole) -> Bool {
        lhs.order < rhs.order
    }

    private var order: Int {
        switch self {
        case .enrollment: 0
        case .aid: 1
        case .rural: 2
        case .civil: 3
        }
    }
}
