import BiduiCore
import Foundation

/// An officer's 核实结果 on one finding (DOMAIN.md, "Case decisions"): 属实 (true, being fixed) or
/// 不属实 with a reason. Keyed by `FindingKey`, so the same finding in a later run or term finds it.
public struct CaseDecision: Sendable, Equatable {
    public enum Outcome: String, Sendable, CaseIterable {
        case confirmed = "属实"
        case rejected = "不属实"
    }

    public var key: FindingKey
    public var outcome: Outcome
    /// For 不属实: one of `CaseDecisionColumns.reasons` when the officer wrote one (or a synonym of
    /// one), else their own words.
    public var reason: String?
    public var note: String?
    /// nil when the file left 核实日期 blank: the run that first stores the decision dates it with
    /// its reference date, and later runs keep that date.
    public var decidedOn: CalendarDate?
    /// The file as the pipeline names it, or `carried from <run>`.
    public var source: String

    public init(key: FindingKey, outcome: Outcome, reason: String? = nil, note: String? = nil,
                decidedOn: CalendarDate? = nil, source: String) {
        self.key = key
        self.outcome = outcome
        self.reason = reason
        self.note = note
        self.decidedOn = decidedOn
        self.source = source
    }

    /// 不属实 because the person studies in another county (异地就读): no dropout, whatever the local
    /// 学籍 says, until the decision expires.
    public var keepsOffDropoutList: Bool {
        outcome == .rejected && reason == CaseDecisionColumns.studyingElsewhere && key.category == .possibleDropout
    }

    /// The first day on which the decision no longer holds: its date plus the validity.
    public func expiresOn(validityDays: Int) -> CalendarDate? {
        decidedOn.map { $0.adding(days: validityDays) }
    }

    /// Holds on `day` (a run's reference date) when it is dated and `day` is before its expiry.
    public func isInForce(on day: CalendarDate, validityDays: Int) -> Bool {
        guard let expiry = expiresOn(validityDays: validityDays) else { return false }
        return day < expiry
    }

    /// What the officer wrote in 核实原因 as one of DOMAIN.md's reasons when it is one or starts with
    /// one (or a common synonym: 外地就读, 死亡, 迁出 …); anything after it goes to the note.
    static func canonicalReason(_ text: String) -> (reason: String, rest: String?) {
        let trimmed = text.trimmingSpaces
        for (canonical, words) in reasonWords {
            for word in [canonical] + words where trimmed.hasPrefix(word) {
                let rest = String(trimmed.dropFirst(word.count)).trimmingCharacters(in: separators)
                return (canonical, rest.isEmpty ? nil : rest)
            }
        }
        return (trimmed, nil)
    }

    /// Longer words first, so 在外地就读 is not read as 外地 + "就读".
    private static let reasonWords: [(String, [String])] = [
        (CaseDecisionColumns.studyingElsewhere, ["在外地就读", "在异地就读", "外地就读", "外地上学", "异地上学", "异地读书", "外地读书",
                                                  "县外就读", "市外就读", "省外就读", "外省就读"]),
        ("已死亡", ["死亡", "已故", "去世"]),
        ("已迁出", ["户籍迁出", "户口迁出", "迁出"]),
        ("重复登记", ["重复录入", "重复"]),
        ("其他", ["其它"]),
    ]

    /// What may stand between 不属实 and a reason written in the same cell (不属实-异地就读, 不属实（异地就读）).
    static let separators = CharacterSet(charactersIn: "-－—–:：,，;；、/（）() \u{3000}")
}

extension Finding {
    /// What makes this finding the same one in another run: category, person, and for per-row
    /// categories its (first and only) source row.
    public var key: FindingKey {
        let first = sources.first
        return FindingKey(category: category, personID: personID, file: first?.file, sheet: first?.sheet, row: first?.row)
    }
}
