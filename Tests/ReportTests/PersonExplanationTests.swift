import BiduiCore
import Foundation
import GRDB
@testable import Report
import Testing
import TestSupport

/// `bidui explain` on the sample run: an identity conflict found by its person id, its ID number
/// (typed as officers type it) and its name, with every source row, the links between them and the
/// finding; masking; and what an unknown query says.
@Suite struct PersonExplanationTests {
    let run: SampleRun
    /// The first identity conflict of the sample, as the machine contract states it.
    let conflict: [String: Any]
    init() throws {
        run = try SampleRun.get()
        let findings = try run.contractLines().map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        conflict = try #require(findings.first { $0["category"] as? String == "identity_conflict" })
    }

    var personID: String { conflict["person_id"] as? String ?? "" }
    var sources: [(file: String, sheet: String?, row: Int)] {
        (conflict["sources"] as? [[String: Any]] ?? []).map { ($0["file"] as? String ?? "", $0["sheet"] as? String, $0["row"] as? Int ?? 0) }
    }

    func explain(_ query: String, mask: Bool = false) throws -> PersonExplanation {
        try PersonExplanation.load(directory: run.runDirectory, query: query, mask: mask)
    }

    @Test func byPersonIDEveryRowOfTheFindingItsLinksAndTheFindingAppear() throws {
        let explanation = try explain(personID)
        #expect(explanation.outcome == .person)
        #expect(explanation.foundBy == "person_id")
        #expect(explanation.person?.personID == personID)
        #expect(sources.count >= 2, "an identity conflict rests on two rows or more")
        var indices: [Int] = []
        for source in sources {
            let row = try #require(explanation.rows.first { $0.file == source.file && $0.sheet == source.sheet && $0.row == source.row },
                                   "\(source.file) \(source.sheet ?? "") row \(source.row) is one of the person's rows")
            indices.append(row.index)
        }
        // The finding's rows are joined: every one of them is an end of some link, and the links connect them.
        var reached: Set<Int> = [indices[0]]
        for _ in explanation.links {
            for link in explanation.links {
                guard let a = link.a.index, let b = link.b.index else { continue }
                if reached.contains(a) || reached.contains(b) { reached.formUnion([a, b]) }
            }
        }
        #expect(Set(indices).isSubset(of: reached), "the links join every row of the finding")
        #expect(explanation.links.allSatisfy { !$0.evidence.isEmpty && $0.weight > 0 })

        let finding = try #require(explanation.findings.first { $0.category == "identity_conflict" })
        #expect(finding.chineseName == "身份信息不一致")
        #expect(finding.detail == conflict["detail"] as? String)
        #expect(finding.sources.compactMap(\.index) == indices)

        let text = explanation.text
        #expect(text.contains("人员 \(personID)"))
        #expect(text.contains("身份信息不一致 identity_conflict"))
        for source in sources { #expect(text.contains("\(source.file)" + (source.sheet.map { " \($0)" } ?? "") + " 第\(source.row)行")) }
        #expect(text.contains("↔"))
        #expect(text.contains("质量标记"))
        #expect(!UnmaskedNumbers.in(text).isEmpty, "officers on the machine see the numbers in full")
    }

    @Test func byIDNumberAsTypedWithSpacesFullWidthDigitsAndALowerCaseX() throws {
        let number = try #require(conflict["id_number"] as? String)
        let fullWidth = String(String.UnicodeScalarView(number.unicodeScalars.map { s in
            ("0"..."9").contains(s) ? Unicode.Scalar(s.value + 0xFEE0) ?? s : s
        }))
        let spaced = number.enumerated().map { k, c in k > 0 && k % 4 == 0 ? " \(c)" : "\(c)" }.joined().lowercased()
        for query in [number, " " + spaced + " ", fullWidth] {
            let explanation = try explain(query)
            #expect(explanation.outcome == .person, "\(query)")
            #expect(explanation.queryKind == .idNumber)
            #expect(explanation.person?.personID == personID, "\(query)")
        }
    }

    @Test func byNameThePersonOrAListToPickFrom() throws {
        let name = try #require(conflict["name"] as? String)
        let explanation = try explain(name)
        #expect(explanation.queryKind == .name)
        switch explanation.outcome {
        case .person: #expect(explanation.person?.personID == personID)
        case .severalPersons: #expect(explanation.candidates.contains { $0.personID == personID })
        case .noPerson: Issue.record("the name \(name) finds nobody")
        }
    }

    @Test func aNameSeveralPersonsShareListsThemAll() throws {
        let store = try RunStore(directory: run.runDirectory)
        let shared = try #require(try store.database.read { db in
            try Row.fetchOne(db, sql: """
                SELECT r.name, COUNT(DISTINCT p.person_id) FROM person_records r JOIN record_persons p ON p.record_id = r.id
                WHERE r.name IS NOT NULL GROUP BY r.name HAVING COUNT(DISTINCT p.person_id) > 1 ORDER BY r.name LIMIT 1
                """)
        }, "the sample has namesakes")
        let explanation = try explain(shared[0])
        #expect(explanation.outcome == .severalPersons)
        #expect(explanation.candidates.count == shared[1] as Int)
        #expect(explanation.candidates.allSatisfy { $0.rows > 0 && !$0.roles.isEmpty })
        #expect(explanation.text.contains("run again with one of their person ids"))
        for candidate in explanation.candidates { #expect(explanation.text.contains(candidate.personID)) }
    }

    @Test func maskLeavesNoFullIDNumberInTheTextOrTheJSON() throws {
        let explanation = try explain(personID, mask: true)
        #expect(explanation.outcome == .person)
        #expect(UnmaskedNumbers.in(explanation.text).isEmpty, "\(UnmaskedNumbers.in(explanation.text))")
        #expect(UnmaskedNumbers.in(try explanation.json()).isEmpty)
        let name = try #require(conflict["name"] as? String)
        #expect(!explanation.text.contains(name), "names are masked too")
    }

    @Test func anUnknownQueryFindsNoPersonAndSaysWhatWasLookedAt() throws {
        let unknownID = try explain("P0000000000000000")
        #expect(unknownID.outcome == .noPerson && unknownID.queryKind == .personID)
        #expect(unknownID.message.hasPrefix("no person in this run has this person id"))
        let unknownNumber = try explain("11010119900307001X")
        #expect(unknownNumber.outcome == .noPerson && unknownNumber.queryKind == .idNumber)
        #expect(unknownNumber.message.contains("no person in this run has this ID number"))
        #expect(!unknownNumber.message.contains("11010119900307001X"), "the query is not echoed")
        let unknownName = try explain("无此人名")
        #expect(unknownName.outcome == .noPerson && unknownName.queryKind == .name)
        #expect(unknownName.text == unknownName.message)
    }

    @Test func aRunWithoutPersonsSaysToRunMatch() throws {
        let folder = try TemporaryFolder()
        _ = try RunStore(directory: folder.url)
        let error = #expect(throws: PersonExplanation.NotMatched.self) { try PersonExplanation.load(directory: folder.url, query: "张三") }
        #expect(error.map { "\($0)".contains("bidui match") } == true)
    }
}

/// 15- or 18-character ID numbers written out in full.
enum UnmaskedNumbers {
    static func `in`(_ text: String) -> [String] {
        let pattern = try? NSRegularExpression(pattern: "(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])|(?<![0-9])[0-9]{15}(?![0-9])")
        let range = NSRange(text.startIndex..., in: text)
        return pattern?.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } } ?? []
    }
}
