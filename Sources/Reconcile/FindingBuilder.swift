import BiduiCore

/// Turns a rule's verdict into a finding: the person, the source rows, the match evidence between
/// them and whether any of it rests on a review-band link.
struct FindingBuilder {
    let records: [RuleRecord]
    let settings: ReconciliationSettings
    /// Each record's index in `records`, by its id.
    private(set) var indexOf: [Int64: Int] = [:]
    /// The links touching each record (indexes into `links`).
    private var linksOf: [Int64: [Int]] = [:]
    private let links: [RuleLink]

    init(records: [RuleRecord], links: [RuleLink], settings: ReconciliationSettings) {
        self.records = records
        self.settings = settings
        self.links = links
        for (i, r) in records.enumerated() { indexOf[r.recordID] = i }
        for (k, link) in links.enumerated() {
            linksOf[link.a, default: []].append(k)
            linksOf[link.b, default: []].append(k)
        }
    }

    func finding(_ category: FindingCategory, _ p: PersonFacts, rows: [Int], detail: String) -> Finding {
        var seen = Set<Int>()
        let ordered = rows.filter { seen.insert($0).inserted }
        let ids = ordered.map { records[$0].recordID }
        let idSet = Set(ids)
        var review = false
        var evidence: [String] = []
        if category != .invalidIDNumber {
            var used = Set<Int>()
            for id in ids {
                for k in linksOf[id] ?? [] {
                    let link = links[k]
                    if link.review && (idSet.contains(link.a) || idSet.contains(link.b)) { review = true }
                    guard idSet.contains(link.a), idSet.contains(link.b), used.insert(k).inserted else { continue }
                    evidence.append(line(link))
                }
            }
        }
        return Finding(
            category: category, personID: p.personID, name: p.name, idNumber: p.idNumber,
            county: ordered.lazy.compactMap { records[$0].county }.first, detail: detail,
            evidence: evidence.prefix(10).joined(separator: "\n"), review: review,
            sources: ordered.map { records[$0].source }, recordIDs: ids)
    }

    /// `学籍/a.csv 第5行 ↔ 资助/b.xlsx 资助名单 第7行（待核实）：身份证号相同 +21.3, 姓名相同 +9.8`.
    private func line(_ link: RuleLink) -> String {
        func place(_ id: Int64) -> String {
            guard let i = indexOf[id] else { return "?" }
            let s = records[i].source
            return "\(s.file)\(s.sheet.map { " \($0)" } ?? "") 第\(s.row)行"
        }
        return "\(place(link.a)) ↔ \(place(link.b))\(link.review ? "（待核实）" : "")：\(link.evidence)"
    }

    // MARK: Details, in Chinese, citing the evidence; no ID number is written out.

    var termText: String { "\(settings.schoolYear)学年\(settings.term.rawValue)" }

    func eligibility(_ p: PersonFacts) -> String {
        var parts: [String] = []
        for i in p.ruralActive {
            let r = records[i]
            let type = r.householdType ?? "脱贫户"
            let text = settings.rules.ruralActiveUntilRiskEliminated.contains(type) ? "乡村振兴\(type)（风险未消除）" : "乡村振兴\(type)"
            if !parts.contains(text) { parts.append(text) }
        }
        for i in p.civilActive {
            let r = records[i]
            let text = "民政\(r.assistanceType ?? "救助对象")（\(r.assistanceStatus ?? "在保")）"
            if !parts.contains(text) { parts.append(text) }
        }
        return parts.joined(separator: "、")
    }

    private func schools(_ rows: [Int]) -> String {
        var names: [String] = []
        for i in rows { if let s = records[i].school, !names.contains(s) { names.append(s) } }
        return names.joined(separator: "、")
    }

    func unaidedDetail(_ p: PersonFacts) -> String {
        let school = schools(p.enrolled)
        return "\(eligibility(p))，\(termText)在读\(school.isEmpty ? "" : "（\(school)）")，无资助记录"
    }

    func unverifiedDetail(claim: String, department: SourceRole, listed: [Int]) -> String {
        let list = department == .rural ? "乡村振兴脱贫户和监测户（风险未消除）名单" : "民政在保名单"
        var text = "困难类型为“\(claim)”，但\(settings.referenceDate)不在\(list)中"
        if listed.isEmpty {
            text += "（该部门名单中无此人）"
        } else {
            let states = listed.map { i -> String in
                let r = records[i]
                if department == .rural {
                    return "\(r.householdType ?? "户类型空白")，风险是否消除：\(r.riskEliminated ?? "空白")"
                }
                return "\(r.assistanceType ?? "")\(r.assistanceStatus ?? "状态空白")" + (r.endMonth.map { "，终止年月\($0)" } ?? "")
            }
            text += "（名单记录：\(Array(Set(states)).sorted().joined(separator: "；"))）"
        }
        return text
    }

    func duplicateDetail(programme: String, rows: [Int]) -> String {
        let school = schools(rows)
        return "“\(programme.isEmpty ? "资助项目空白" : programme)”在\(termText)有\(rows.count)条发放记录" + (school.isEmpty ? "" : "（\(school)）")
    }

    func dropoutDetail(_ p: PersonFacts) -> String {
        let cutoff = settings.ageCutoffDate ?? settings.referenceDate
        let age = p.birthDate.map { $0.age(on: cutoff) } ?? 0
        var text = "义务教育年龄（\(cutoff)时\(age)岁），\(eligibility(p))，\(termText)未见在读学籍"
        let left = p.leftSchool.compactMap { records[$0].enrollmentStatus }
        if !left.isEmpty { text += "（学籍状态：\(Array(Set(left)).sorted().joined(separator: "、"))）" }
        return text
    }

    func mismatchDetail(status: String, enrolled: [Int]) -> String {
        if enrolled.isEmpty { return "乡村振兴记为“\(status)”，但\(termText)未见在读学籍" }
        let school = schools(enrolled)
        return "乡村振兴记为“\(status)”，但学籍显示\(termText)在读" + (school.isEmpty ? "" : "（\(school)）")
    }

    func conflictDetail(_ p: PersonFacts, numbers: [String], names: [String]) -> String {
        var parts: [String] = []
        if numbers.count > 1 {
            let invalid = Set(p.rows.filter { records[$0].idNumber != nil && !records[$0].idValid }.compactMap { records[$0].idNumber }).count
            parts.append("身份证号有\(numbers.count)种写法" + (invalid > 0 ? "（其中\(invalid)种无效）" : ""))
        }
        if names.count > 1 {
            var shown: [String] = []
            for i in p.rows { if let n = records[i].name, !shown.contains(n) { shown.append(n) } }
            parts.append("姓名有\(names.count)种写法（\(shown.joined(separator: "／"))）")
        }
        return "同一人的\(p.rows.count)行记录中" + parts.joined(separator: "，")
    }

    func invalidDetail(_ r: RuleRecord, person p: PersonFacts) -> String {
        var text = "证件号码无效：" + Self.problemText(r.idProblem)
        if let best = p.idNumber, r.idNumber.map({ IDNumberEdits.oneTypoApart($0, best) }) == true {
            text += "；与同一人其他记录的有效号码仅一处之差，疑为录入错误"
        }
        return text
    }

    static func problemText(_ problem: String?) -> String {
        switch problem {
        case "wrong_length": "位数不对（应为18位）"
        case "not_digits": "含有数字和末位X以外的字符"
        case "bad_date": "出生日期不存在"
        case "future_date": "出生日期晚于参照日期"
        case "before_1900": "出生日期早于1900年"
        case "bad_check_character": "校验码不符"
        case "scientific_notation": "被Excel存为科学计数法，后几位已丢失"
        case "lost_digits": "被Excel截为15位有效数字，末尾已变为000"
        case let other?: other
        case nil: "原因未知"
        }
    }
}

/// Single-character typos between two numbers of equal length: one substitution or one adjacent transposition.
enum IDNumberEdits {
    static func oneTypoApart(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, x != y else { return false }
        let diffs = x.indices.filter { x[$0] != y[$0] }
        if diffs.count == 1 { return true }
        return diffs.count == 2 && diffs[1] == diffs[0] + 1 && x[diffs[0]] == y[diffs[1]] && x[diffs[1]] == y[diffs[0]]
    }
}
