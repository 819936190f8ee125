import BiduiCore
import Foundation

/// Writes the truth beside the exports: every data row's true person (`rows.csv`) and the true
/// findings in the machine contract's JSONL form of DOMAIN.md (`findings.jsonl`).
public struct TruthWriter {
    public let population: Population
    public let term: TermRecords
    public let written: [SourceRole: [WrittenRow]]

    public init(population: Population, term: TermRecords, written: [SourceRole: [WrittenRow]]) {
        self.population = population
        self.term = term
        self.written = written
    }

    /// Writes `rows.csv` and `findings.jsonl`; returns the findings written.
    @discardableResult
    public func write(to folder: URL) throws -> [ContractFinding] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var rows = "file,sheet,row,role,true_id_number,id_quirks,name_quirk\n"
        for role in SourceRole.allCases {
            for row in written[role] ?? [] {
                rows += "\(row.file),\(row.sheet ?? ""),\(row.row),\(role.rawValue),\(row.trueIDNumber),"
                    + row.idQuirks.map(\.rawValue).joined(separator: "+") + ",\(row.nameQuirk?.rawValue ?? "")\n"
            }
        }
        try Data(rows.utf8).write(to: folder.appendingPathComponent("rows.csv"))
        let all = findings()
        try Data(all.map(\.jsonLine).joined().utf8).write(to: folder.appendingPathComponent("findings.jsonl"))
        return all
    }

    /// Every true finding, rule-based ones first, then those that follow from the quirks.
    public func findings() -> [ContractFinding] {
        var result: [ContractFinding] = []
        var people: [String: Population.Person] = [:]
        for household in population.households { for person in household.members { people[person.idNumber] = person } }
        func personWith(_ idNumber: String) -> Population.Person {
            people[idNumber] ?? Population.Person(name: "", idNumber: idNumber, birthDate: term.settings.referenceDate, male: true, relation: "")
        }
        let year = term.settings.schoolYear, termName = term.settings.term.rawValue
        for finding in term.truthFindings(population) {
            let person = member(finding.person)
            let detail: String
            switch finding.category {
            case .unaidedEligible: detail = "在读学生，属乡村振兴或民政在册对象，\(year)学年\(termName)无资助记录"
            case .aidEligibilityUnverified: detail = "资助依据未核实：困难类型为“\(term.aid[finding.records[0].index].hardshipType)”，但不在该部门有效名单中"
            case .duplicateAid: detail = "\(term.aid[finding.records[0].index].programme)在\(year)学年\(termName)有\(finding.records.count)条发放记录"
            case .possibleDropout: detail = "义务教育年龄，乡村振兴或民政在册，未见在读学籍"
            case .enrollmentStatusMismatch: detail = "乡村振兴记为“\(term.rural[finding.records[0].index].schoolingStatus)”，与学籍不一致"
            case .identityConflict, .invalidIDNumber: detail = ""
            }
            result.append(ContractFinding(
                category: finding.category.rawValue, person: person, detail: detail,
                sources: finding.records.compactMap { source($0.role, $0.index) }))
        }
        // From the quirks: each row whose number is present but invalid, and each person whose rows disagree.
        var damaged = Set<String>()
        for role in SourceRole.allCases {
            for row in written[role] ?? [] {
                if row.idQuirks.first?.changesNumber == true || row.nameQuirk?.changesName == true { damaged.insert(row.trueIDNumber) }
                if !row.writtenIDNumber.isEmpty, let first = row.idQuirks.first, first.changesNumber,
                   first != .lostDigits || !IDNumberChecksum.isValid(row.writtenIDNumber) {
                    result.append(ContractFinding(
                        category: "invalid_id_number", person: personWith(row.trueIDNumber), detail: "证件号码无效：\(first.rawValue)",
                        sources: [ContractFinding.Source(row)]))
                }
            }
        }
        // Only people with a damaged row can disagree with themselves.
        var rowsByPerson: [String: [WrittenRow]] = [:]
        for role in SourceRole.allCases {
            for row in written[role] ?? [] where damaged.contains(row.trueIDNumber) { rowsByPerson[row.trueIDNumber, default: []].append(row) }
        }
        for (trueID, rows) in rowsByPerson.sorted(by: { $0.key < $1.key }) where rows.count >= 2 {
            let numbers = Set(rows.filter { !$0.writtenIDNumber.isEmpty }.map { $0.idQuirks.first?.changesNumber == true ? $0.writtenIDNumber : trueID })
            let names = Set(rows.map { $0.nameQuirk?.changesName == true ? $0.writtenName : "" })
            if numbers.count > 1 || names.count > 1 {
                result.append(ContractFinding(
                    category: "identity_conflict", person: personWith(trueID),
                    detail: numbers.count > 1 ? "同一人的身份证号不一致" : "同一人的姓名不一致", sources: rows.map(ContractFinding.Source.init)))
            }
        }
        return result
    }

    private func member(_ ref: TermRecords.PersonRef) -> Population.Person {
        population.households[ref.household].members[ref.member]
    }

    private func source(_ role: SourceRole, _ index: Int) -> ContractFinding.Source? {
        guard let rows = written[role], index < rows.count else { return nil }
        return ContractFinding.Source(rows[index])
    }
}

/// A finding in the machine contract's form (DOMAIN.md, "The machine contract").
public struct ContractFinding: Sendable, Equatable {
    public struct Source: Sendable, Equatable {
        public var role: String, file: String, sheet: String?, row: Int
        init(_ row: WrittenRow) {
            role = row.role
            file = row.file
            sheet = row.sheet
            self.row = row.row
        }
    }

    public var category: String
    public var person: Population.Person
    public var detail: String
    public var sources: [Source]

    public var severity: String {
        switch category {
        case "unaided_eligible", "possible_dropout", "duplicate_aid": "high"
        case "aid_eligibility_unverified", "enrollment_status_mismatch": "medium"
        default: "low"
        }
    }

    /// A stable identifier that does not spell out the ID number (64-bit FNV-1a of it).
    public var personID: String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in person.idNumber.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        return "T" + String(hash, radix: 16)
    }

    var jsonLine: String {
        let sources = sources.map { s in
            "{\"role\":\(JSON.string(s.role)),\"file\":\(JSON.string(s.file)),\"sheet\":\(s.sheet.map(JSON.string) ?? "null"),\"row\":\(s.row)}"
        }.joined(separator: ",")
        return "{\"schema\":1,\"category\":\(JSON.string(category)),\"severity\":\(JSON.string(severity)),\"person_id\":\(JSON.string(personID)),"
            + "\"name\":\(JSON.string(person.name)),\"id_number\":\(JSON.string(person.idNumber)),\"detail\":\(JSON.string(detail)),"
            + "\"review\":false,\"sources\":[\(sources)]}\n"
    }
}

enum JSON {
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
