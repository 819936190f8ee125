import BiduiCore

/// What each department holds about the population in one term: the clean truth from which the
/// exports are written (with quirks) and the true findings are computed (without).
public struct TermRecords: Sendable {
    /// A person, by household index and member index.
    public struct PersonRef: Hashable, Sendable, Comparable {
        public var household: Int
        public var member: Int
        public static func < (a: PersonRef, b: PersonRef) -> Bool { (a.household, a.member) < (b.household, b.member) }
    }

    public struct Enrollment: Sendable, Equatable {
        public var person: PersonRef
        public var stage: SchoolStage
        public var school: School
        public var grade: String
        public var status: String
    }

    public struct Aid: Sendable, Equatable {
        public var person: PersonRef
        public var school: School
        public var programme: String
        public var amount: String
        public var hardshipType: String
    }

    public struct Rural: Sendable, Equatable {
        public var person: PersonRef
        public var householdType: String
        public var monitoringCategory: String
        public var riskEliminated: String
        public var schoolingStatus: String
    }

    public struct Civil: Sendable, Equatable {
        public var person: PersonRef
        public var assistanceType: String
        public var status: String
        public var startMonth: String
        public var endMonth: String
    }

    public var settings: ReconciliationSettings
    public var enrollment: [Enrollment] = []
    public var aid: [Aid] = []
    public var rural: [Rural] = []
    public var civil: [Civil] = []
}

/// School stages the enrollment exports cover, with the words each department uses.
public enum SchoolStage: String, Sendable, CaseIterable {
    case preschool = "学前", primary = "小学", junior = "初中", senior = "高中", vocational = "中职"

    /// 在校生状况 as the rural system writes it.
    public var ruralStatus: String {
        switch self {
        case .preschool: "学前教育"
        case .primary: "小学"
        case .junior: "初中"
        case .senior: "普通高中"
        case .vocational: "中职"
        }
    }

    public var programme: String {
        switch self {
        case .preschool: "学前教育幼儿资助"
        case .primary, .junior: "义务教育家庭经济困难学生生活补助"
        case .senior: "普通高中国家助学金"
        case .vocational: "中职国家助学金"
        }
    }

    public var amount: String {
        switch self {
        case .preschool: "500"
        case .primary: "625"
        case .junior: "750"
        case .senior, .vocational: "1000"
        }
    }

    public var grades: [String] {
        switch self {
        case .preschool: ["小班", "中班", "大班"]
        case .primary: ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"]
        case .junior: ["七年级", "八年级", "九年级"]
        case .senior: ["高一", "高二", "高三"]
        case .vocational: ["一年级", "二年级", "三年级"]
        }
    }

    /// The stage a child of `age` (on the cut-off day) is in, if any.
    static func forAge(_ age: Int, vocational: Bool) -> SchoolStage? {
        switch age {
        case 3...5: .preschool
        case 6...11: .primary
        case 12...14: .junior
        case 15...17: vocational ? .vocational : .senior
        default: nil
        }
    }
}

public struct School: Sendable, Equatable, Hashable {
    public var code: String
    public var name: String
    public var county: String
}
