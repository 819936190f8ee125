import BiduiCore
import Foundation

/// The school year, term and reference date `bidui init` proposes: from what file names and title
/// rows say ("2025-2026秋季学期资助名单", "2025年秋季学期"), else from today's date. The officer checks it.
struct TermProposal: Equatable {
    enum Basis: Equatable {
        /// Years and terms named in file names or title rows, with how many said so.
        case named(votes: Int)
        case today
    }

    var schoolYearStart: Int
    var term: ReconciliationSettings.Term
    var referenceDate: CalendarDate
    var basis: Basis

    var schoolYear: String { "\(schoolYearStart)-\(schoolYearStart + 1)" }

    /// `texts`: file names and title rows. Each mention of a school year (2025-2026) or a year with
    /// a term (2025年秋季, 2026春季) is a vote; the most frequent school year wins.
    static func propose(from texts: [String], today: CalendarDate) -> TermProposal {
        var votes: [(year: Int, term: ReconciliationSettings.Term?)] = []
        for text in texts { votes += mentions(in: text) }
        let current = currentTerm(today)
        let yearCounts = Dictionary(grouping: votes, by: \.year).mapValues(\.count)
        guard let year = yearCounts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) })?.key else {
            return TermProposal(schoolYearStart: current.year, term: current.term, referenceDate: today, basis: .today)
        }
        let terms = votes.filter { $0.year == year }.compactMap(\.term)
        let autumn = terms.filter { $0 == .autumn }.count, spring = terms.count - autumn
        let term: ReconciliationSettings.Term = autumn == spring
            ? (current.year == year ? current.term : .autumn) : (autumn > spring ? .autumn : .spring)
        return TermProposal(schoolYearStart: year, term: term, referenceDate: referenceDate(year, term, today: today),
                            basis: .named(votes: votes.filter { $0.year == year }.count))
    }

    /// The term today falls in: autumn from August to January, spring from February to July.
    static func currentTerm(_ today: CalendarDate) -> (year: Int, term: ReconciliationSettings.Term) {
        switch today.month {
        case 8...12: (today.year, .autumn)
        case 1: (today.year - 1, .autumn)
        default: (today.year - 1, .spring)
        }
    }

    /// The usual day a term's lists are compared on (31 October, 30 April), or today when that is
    /// still ahead within the term: a reference date in the future would make every age and status wrong.
    static func referenceDate(_ year: Int, _ term: ReconciliationSettings.Term, today: CalendarDate) -> CalendarDate {
        let (usual, start) = term == .autumn
            ? (CalendarDate(year: year, month: 10, day: 31), CalendarDate(year: year, month: 9, day: 1))
            : (CalendarDate(year: year + 1, month: 4, day: 30), CalendarDate(year: year + 1, month: 2, day: 15))
        guard let usual, let start else { return today }
        return today < usual && !(today < start) ? today : usual
    }

    private static let schoolYearPattern = try? NSRegularExpression(pattern: "(20[0-9]{2})\\s*(?:学年)?\\s*[-－—–~～至到]\\s*(20[0-9]{2})\\s*(?:学年|年)?\\s*(?:度)?\\s*(秋|春)?")
    private static let yearTermPattern = try? NSRegularExpression(pattern: "(20[0-9]{2})\\s*年?\\s*(?:度)?\\s*(秋|春)")

    /// School years named in `text`: "2025-2026学年秋季" → (2025, 秋), "2026年春季" → (2025, 春).
    static func mentions(in text: String) -> [(year: Int, term: ReconciliationSettings.Term?)] {
        let range = NSRange(text.startIndex..., in: text)
        var found: [(year: Int, term: ReconciliationSettings.Term?)] = []
        var covered: [NSRange] = []
        for match in schoolYearPattern?.matches(in: text, range: range) ?? [] {
            guard let first = Int(group(match, 1, text)), let second = Int(group(match, 2, text)), second == first + 1 else { continue }
            found.append((first, term(group(match, 3, text))))
            covered.append(match.range)
        }
        for match in yearTermPattern?.matches(in: text, range: range) ?? [] where !covered.contains(where: { NSIntersectionRange($0, match.range).length > 0 }) {
            guard let year = Int(group(match, 1, text)), let term = term(group(match, 2, text)) else { continue }
            found.append((term == .autumn ? year : year - 1, term))
        }
        return found
    }

    private static func group(_ match: NSTextCheckingResult, _ index: Int, _ text: String) -> String {
        Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
    }

    private static func term(_ word: String) -> ReconciliationSettings.Term? {
        switch word {
        case "秋": .autumn
        case "春": .spring
        default: nil
        }
    }
}
