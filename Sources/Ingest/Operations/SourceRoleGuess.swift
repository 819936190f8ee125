import BiduiCore

/// Which department a file comes from (DOMAIN.md, "The four source roles"): by the columns only one
/// department's export has, else by the words in its name and folders. Never a guess between two.
struct SourceRoleGuess: Equatable {
    enum Evidence: Equatable {
        /// Headers only this role's exports have.
        case headers([String])
        /// Headers shared by two roles, settled by the file's name.
        case headersAndName([String], String)
        case name(String)
        case none
    }

    var role: SourceRole?
    var evidence: Evidence

    /// Columns that point to one department, with how strongly (a 学籍号 is only ever in 学籍).
    /// 户编号, 与户主关系 and 户主姓名 appear in both rural and civil lists, and 学校名称 in both
    /// education exports, so they count for nothing.
    static let distinctiveFields: [SourceRole: [CanonicalField: Int]] = [
        .enrollment: [.studentNumber: 3, .enrollmentStatus: 3, .schoolCode: 2, .grade: 1, .className: 1,
                      .guardianName: 1, .guardianIDNumber: 1],
        .aid: [.programme: 3, .hardshipType: 2, .amount: 2, .schoolYear: 1, .term: 1],
        .rural: [.householdType: 3, .monitoringCategory: 3, .riskEliminated: 3, .schoolingStatus: 2,
                 .outOfSchoolReason: 2, .personNumber: 1],
        .civil: [.assistanceType: 3, .assistanceStatus: 3, .startMonth: 1, .endMonth: 1],
    ]

    /// Words in file and folder names that name a department's export.
    static let nameHints: [SourceRole: [String]] = [
        .enrollment: ["学籍", "在籍"],
        .aid: ["资助", "助学金", "补助", "免学费", "营养改善"],
        .rural: ["乡村振兴", "防返贫", "监测", "脱贫", "扶贫", "建档立卡"],
        .civil: ["民政", "低保", "特困", "救助", "孤儿", "事实无人抚养", "五保"],
    ]

    /// `headers` maps each field found to the header text that carries it; `path` is the file's
    /// path in the folder ("乡村振兴/蕲春县.xlsx"), whose file name counts before its folders.
    static func guess(headers: [CanonicalField: String], path: String) -> SourceRoleGuess {
        var scores: [SourceRole: Int] = [:]
        var shown: [SourceRole: [String]] = [:]
        for role in SourceRole.allCases {
            for (field, weight) in distinctiveFields[role] ?? [:] {
                guard let header = headers[field] else { continue }
                scores[role, default: 0] += weight
                shown[role, default: []].append(header)
            }
        }
        let ranked = SourceRole.allCases.map { ($0, scores[$0] ?? 0) }.sorted { $0.1 > $1.1 }
        let best = ranked[0].1
        let tied = ranked.filter { $0.1 == best }.map(\.0)
        if best > 0 && tied.count == 1 {
            return SourceRoleGuess(role: tied[0], evidence: .headers(shown[tied[0]]?.sorted() ?? []))
        }
        let hinted = nameHint(path)
        if best > 0, let (role, word) = hinted, tied.contains(role) {
            return SourceRoleGuess(role: role, evidence: .headersAndName(shown[role]?.sorted() ?? [], word))
        }
        if best == 0, let (role, word) = hinted {
            return SourceRoleGuess(role: role, evidence: .name(word))
        }
        return SourceRoleGuess(role: nil, evidence: .none)
    }

    /// The one role the file name names, else the nearest folder that names exactly one.
    static func nameHint(_ path: String) -> (SourceRole, String)? {
        for component in path.split(separator: "/").reversed() {
            let found = SourceRole.allCases.compactMap { role in
                nameHints[role]?.first { component.contains($0) }.map { (role, $0) }
            }
            if found.count == 1 { return found[0] }
            if found.count > 1 { return nil }
        }
        return nil
    }
}

/// Unmapped headers that look like a field the role needs, for a `columns:` alias the built-in
/// ones lack ("学生名字" for name, "公民身份证号码" for id_number).
enum ColumnAliasGuess {
    /// Headers naming someone other than the row's person: never the person's own name or number.
    static let otherParty = ["监护人", "户主", "家长", "父亲", "母亲", "联系人", "代理人", "配偶", "经办人"]

    /// The texts among `headers` that look like `field`; empty when none does.
    static func candidates(for field: CanonicalField, among headers: [String]) -> [String] {
        headers.filter { header in
            let text = HeaderText.normalized(header)
            guard !text.isEmpty, !otherParty.contains(where: text.contains) else { return false }
            switch field {
            case .name: return (text.contains("姓名") || text.contains("名字")) && !text.contains("学校") && !text.contains("项目")
            case .idNumber: return text.contains("身份证") || text.contains("证件号") || text.contains("身份号")
            case .studentNumber: return text.contains("学籍号") || text.contains("学籍编号")
            case .programme:
                return (text.contains("项目") || text.contains("资助类别") || text.contains("资助类型") || text.contains("补助类型"))
                    && !text.contains("困难")
            default: return false
            }
        }
    }
}
