import BiduiCore
import Foundation
import Writers

/// Writes the truth as the households are written: every data row's true person (`rows.csv`) and
/// the true findings (`findings.jsonl`, the machine contract's form), household by household.
final class TruthStream {
    private let rows: BufferedFileOutput
    private let findings: BufferedFileOutput
    private(set) var counts: [String: Int] = [:]

    static let rowsHeader = "file,sheet,row,role,true_id_number,id_quirks,name_quirk\n"

    /// Writes one part of the truth (one county's); `merge` puts the parts together in order.
    init(folder: URL, part: Int) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        rows = try BufferedFileOutput(url: Self.partURL(folder, "rows", part))
        findings = try BufferedFileOutput(url: Self.partURL(folder, "findings", part))
    }

    static func partURL(_ folder: URL, _ kind: String, _ part: Int) -> URL {
        folder.appendingPathComponent(".\(kind).part\(part)")
    }

    /// Joins the parts `0..<parts` into `rows.csv` and `findings.jsonl`, and removes them.
    static func merge(_ folder: URL, parts: Int) throws {
        for (kind, name, header) in [("rows", "rows.csv", rowsHeader), ("findings", "findings.jsonl", "")] {
            let output = try BufferedFileOutput(url: folder.appendingPathComponent(name))
            output.write(header)
            for part in 0..<parts {
                let url = partURL(folder, kind, part)
                guard FileManager.default.fileExists(atPath: url.path) else { continue }
                try output.flush()
                let input = try FileHandle(forReadingFrom: url)
                while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                    output.write(Array(chunk))
                    try output.rowEnded()
                }
                try input.close()
                try FileManager.default.removeItem(at: url)
            }
            try output.close()
        }
    }

    /// Records one household: its rows, the rule-based findings of its records, and those its quirks make.
    func add(_ household: Population.Household, records term: TermRecords, written: [SourceRole: [WrittenRow]]) throws {
        for role in SourceRole.allCases {
            for row in written[role] ?? [] {
                rows.write("\(row.file),\(row.sheet ?? ""),\(row.row),\(role.rawValue),\(row.trueIDNumber),"
                    + row.idQuirks.map(\.rawValue).joined(separator: "+") + ",\(row.nameQuirk?.rawValue ?? "")\n")
            }
        }
        let year = term.settings.schoolYear, termName = term.settings.term.rawValue
        func source(_ record: TruthFinding.RecordRef) -> ContractFinding.Source? {
            guard let rows = written[record.role], record.index < rows.count else { return nil }
            return ContractFinding.Source(rows[record.index])
        }
        var result: [ContractFinding] = []
        for finding in term.truthFindings(person: { household.members[$0.member] }) {
            let detail: String
            switch finding.category {
            case .unaidedEligible: detail = "在读学生，属乡村振兴或民政在册对象，\(year)学年\(termName)无资助记录"
            case .aidEligibilityUnverified: detail = "资助依据未核实：困难类型为“\(term.aid[finding.records[0].index].hardshipType)”，但不在该部门有效名单中"
            case .duplicateAid: detail = "\(term.aid[finding.records[0].index].programme)在\(year)学年\(termName)有\(finding.records.count)条发放记录"
            case .possibleDropout: detail = "义务教育年龄，乡村振兴或民政在册，未见在读学籍"
            case .enrollmentStatusMismatch: detail = "乡村振兴记为“\(term.rural[finding.records[0].index].schoolingStatus)”，与学籍不一致"
            case .identityConflict, .invalidIDNumber: detail = ""
            }
            result.append(ContractFinding(category: finding.category.rawValue, person: household.members[finding.person.member],
                                          detail: detail, sources: finding.records.compactMap(source)))
        }
        // From the quirks: each row whose number is present but invalid, and each person whose rows disagree.
        var rowsByPerson: [String: [WrittenRow]] = [:]
        for role in SourceRole.allCases {
            for row in written[role] ?? [] {
                rowsByPerson[row.trueIDNumber, default: []].append(row)
                if !row.writtenIDNumber.isEmpty, let first = row.idQuirks.first, first.changesNumber,
                   first != .lostDigits || !IDNumberChecksum.isValid(Self.cleaned(row.writtenIDNumber)) {
                    result.append(ContractFinding(category: "invalid_id_number", person: person(row.trueIDNumber, household),
                                                  detail: "证件号码无效：\(first.rawValue)", sources: [ContractFinding.Source(row)]))
                }
            }
        }
        for (trueID, rows) in rowsByPerson.sorted(by: { $0.key < $1.key }) where rows.count >= 2 {
            let numbers = Set(rows.filter { !$0.writtenIDNumber.isEmpty }.map { $0.idQuirks.first?.changesNumber == true ? $0.writtenIDNumber : trueID })
            let names = Set(rows.map { $0.nameQuirk?.changesName == true ? $0.writtenName : "" })
            if numbers.count > 1 || names.count > 1 {
                result.append(ContractFinding(
                    category: "identity_conflict", person: person(trueID, household),
                    detail: numbers.count > 1 ? "同一人的身份证号不一致" : "同一人的姓名不一致", sources: rows.map(ContractFinding.Source.init)))
            }
        }
        for finding in result {
            findings.write(finding.jsonLine)
            counts[finding.category, default: 0] += 1
        }
        try rows.rowEnded()
        try findings.rowEnded()
    }

    func finish() throws {
        try rows.close()
        try findings.close()
    }

    /// The number as normalisation sees it once the formatting quirks are undone (apostrophe, spaces,
    /// full-width digits, lower-case x): a number padded with 000 that is then valid is a quality
    /// flag, not an invalid number (DOMAIN.md), whatever formatting it was written with.
    static func cleaned(_ written: String) -> String {
        var out = ""
        for scalar in written.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39: out.unicodeScalars.append(scalar)
            case 0xFF10...0xFF19: out.append(Character(Unicode.Scalar(UInt8(scalar.value - 0xFEE0))))
            case 0x58, 0x78, 0xFF38, 0xFF58: out += "X"
            default: continue
            }
        }
        return out
    }

    private func person(_ idNumber: String, _ household: Population.Household) -> Population.Person {
        household.members.first { $0.idNumber == idNumber } ?? household.members[0]
    }
}
