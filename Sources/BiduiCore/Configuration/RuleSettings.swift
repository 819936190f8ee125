/// What the reconciliation rules count as active, enrolled, aid and a claim (DOMAIN.md,
/// "Reconciliation rules"): DOMAIN.md's defaults, each overridable under `reconciliation:`.
/// Values are the canonical category values normalize writes (see `CategorySynonyms.builtIn`).
public struct RuleSettings: Sendable, Equatable {
    /// 户类型 whose members are active whatever their risk (脱贫户).
    public var ruralAlwaysActive: Set<String> = ["脱贫户"]
    /// 户类型 whose members are active while 风险是否消除 is 否 (监测户).
    public var ruralActiveUntilRiskEliminated: Set<String> = ["监测户"]
    /// 保障状态 values that mean the roster entry is in force (在保; 正常 is its synonym).
    public var civilInForce: Set<String> = ["在保"]
    /// 学籍状态 values that mean the student is not enrolled; every other status (在读, 休学, blank) is enrolled.
    public var notEnrolledStatuses: Set<String> = ["转出", "毕业", "结业", "死亡", "注销"]
    /// 资助项目 that are not means-tested and so do not count as aid.
    public var nonAidProgrammes: Set<String> = ["营养改善计划"]
    /// 困难类型 → the department whose list must back it.
    public var claims: [String: SourceRole] = [
        "建档立卡/脱贫家庭": .rural, "监测对象": .rural,
        "低保": .civil, "特困供养": .civil, "孤儿": .civil, "事实无人抚养儿童": .civil,
    ]
    /// 在校生状况 values that name a stage the enrollment exports cover.
    public var coveredStages: Set<String> = ["学前教育", "小学", "初中", "普通高中", "中职"]
    /// 在校生状况 values that say the person is not at school.
    public var outOfSchoolStatuses: Set<String> = ["非在校生", "失学辍学"]
    /// 在校生状况 values that say a child dropped out of compulsory education: what dates a child whose
    /// birth date is unknown (no usable ID number) for the dropout rule.
    public var droppedOutStatuses: Set<String> = ["失学辍学"]

    public init() {}

    static let keys: Set<String> = [
        "rural_always_active", "rural_active_until_risk_eliminated", "civil_in_force", "not_enrolled_statuses",
        "non_aid_programmes", "rural_claims", "civil_claims", "covered_stages", "out_of_school_statuses",
        "dropped_out_statuses",
    ]

    /// Reads the keys of `values` that belong to the rules; each value is checked against the
    /// canonical values of its category field, so a typo is named by line and key.
    init(values: [String: ConfigNode]) throws {
        func list(_ key: String, _ field: CanonicalField) throws -> Set<String>? {
            guard let node = values[key] else { return nil }
            let known = CategorySynonyms.builtIn[field]?.keys.map { $0 } ?? []
            var result = Set<String>()
            for value in try node.stringList() {
                guard known.contains(value) else {
                    throw node.error("\"\(value)\" is not a value of \(field.rawValue) that normalize writes; use one of \(known.sorted().joined(separator: ", "))")
                }
                result.insert(value)
            }
            return result
        }
        if let v = try list("rural_always_active", .householdType) { ruralAlwaysActive = v }
        if let v = try list("rural_active_until_risk_eliminated", .householdType) { ruralActiveUntilRiskEliminated = v }
        if let v = try list("civil_in_force", .assistanceStatus) { civilInForce = v }
        if let v = try list("not_enrolled_statuses", .enrollmentStatus) { notEnrolledStatuses = v }
        if let v = try list("non_aid_programmes", .programme) { nonAidProgrammes = v }
        if let v = try list("covered_stages", .schoolingStatus) { coveredStages = v }
        if let v = try list("out_of_school_statuses", .schoolingStatus) { outOfSchoolStatuses = v }
        if let v = try list("dropped_out_statuses", .schoolingStatus) { droppedOutStatuses = v }
        let rural = try list("rural_claims", .hardshipType)
        let civil = try list("civil_claims", .hardshipType)
        if rural != nil || civil != nil {
            if let both = rural?.intersection(civil ?? []).first, let node = values["civil_claims"] {
                throw node.error("\"\(both)\" is listed under both rural_claims and civil_claims; a claim belongs to one department")
            }
            var claims: [String: SourceRole] = [:]
            for value in rural ?? Set(self.claims.filter { $0.value == .rural }.keys) { claims[value] = .rural }
            for value in civil ?? Set(self.claims.filter { $0.value == .civil }.keys) { claims[value] = .civil }
            self.claims = claims
        }
    }
}
