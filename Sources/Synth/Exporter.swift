import BiduiCore
import Foundation
import Writers

/// Writes one term's department exports, in the forms each department really uses, with quirks,
/// and records where every record went.
public struct Exporter {
    public let population: Population
    public let term: TermRecords
    public let quirks: Quirks
    public let seed: UInt64
    /// Folder the files go in; file names in the truth are relative to it.
    public let folder: URL
    /// Prefix of file names in the truth, so they read as a pipeline elsewhere names them
    /// (`../samples/` for pipelines/sample.yaml); empty for a pipeline in `folder` itself.
    public var truthPrefix = ""

    public init(population: Population, term: TermRecords, quirks: Quirks, seed: UInt64, folder: URL) {
        self.population = population
        self.term = term
        self.quirks = quirks
        self.seed = seed
        self.folder = folder
    }

    /// Writes every file; returns the written rows per role, indexed like the term's records.
    public func write() throws -> [SourceRole: [WrittenRow]] {
        var random = SeededGenerator(seed: seed ^ 0x4558_504F)
        var written: [SourceRole: [WrittenRow?]] = [
            .enrollment: Array(repeating: nil, count: term.enrollment.count), .aid: Array(repeating: nil, count: term.aid.count),
            .rural: Array(repeating: nil, count: term.rural.count), .civil: Array(repeating: nil, count: term.civil.count),
        ]
        let year = term.settings.schoolYear
        let termName = term.settings.term.rawValue
        let cutoff = term.settings.ageCutoffDate ?? term.settings.referenceDate
        for (c, county) in Population.counties.enumerated() {
            let inCounty = { (ref: TermRecords.PersonRef) in population.households[ref.household].county == county }

            // 学籍: CSV, UTF-8 with BOM or GB18030 with a title row.
            let enrollment = term.enrollment.indices.filter { inCounty(term.enrollment[$0].person) }
            if !enrollment.isEmpty {
                let name = "学籍/\(county.name)_学籍.csv"
                let gb = c % 2 == 1
                let writer = try DelimitedTextWriter(url: try file(name), encoding: gb ? .gb18030 : .utf8WithBOM)
                var row = 0
                if gb { try writer.writeRow(["\(county.name)\(year)学年\(termName)学籍名单"]); row += 1 }
                try writer.writeRow(["学校标识码", "学校名称", "年级", "班级", "姓名", "性别", "出生日期", "民族", "身份证件号", "全国学籍号", "学籍状态", "监护人", "监护人身份证号", "县(市、区)"])
                row += 1
                for i in enrollment {
                    let record = term.enrollment[i]
                    let person = member(record.person)
                    let head = population.households[record.person.household].members[0]
                    let damage = RowDamage(idNumber: person.idNumber, name: person.name, adult: false, quirks: quirks, random: &random)
                    let guardianID = random.chance(0.15) ? Quirks.apply(.legacy15, to: head.idNumber, using: &random) : head.idNumber
                    try writer.writeRow([record.school.code, record.school.name, record.grade, "\(Int.random(in: 1...8, using: &random))班",
                                         damage.name, sex(person, &random), dateText(person.birthDate, &random), person.name.contains("·") ? "维吾尔族" : "汉族",
                                         damage.idNumber, "G" + person.idNumber, record.status, head.name, guardianID, county.name])
                    row += 1
                    written[.enrollment]?[i] = WrittenRow(role: "enrollment", file: truthPrefix + name, sheet: nil, row: row, trueIDNumber: person.idNumber,
                                                          idQuirks: damage.idQuirks, nameQuirk: damage.nameQuirk, writtenIDNumber: damage.idNumber, writtenName: damage.name)
                }
                try writer.finish()
            }

            // 学生资助: XLSX with a merged title and a 合计 row.
            let aid = term.aid.indices.filter { inCounty(term.aid[$0].person) }
            if !aid.isEmpty {
                let name = "资助/\(county.name)_\(year)\(termName)资助名单.xlsx"
                let writer = try XLSXWriter(url: try file(name))
                try writer.beginSheet("资助名单", options: .init(frozenRows: 2))
                try writer.writeRow([.text("\(county.name)\(year)学年\(termName)学生资助发放名单")])
                writer.mergeCells("A1:J1")
                try writer.writeRow(["序号", "学年", "学期", "学校名称", "姓名", "身份证号", "资助项目", "资助金额", "家庭经济困难类型", "区县"].map { .text($0) })
                var total = 0
                for (n, i) in aid.enumerated() {
                    let record = term.aid[i]
                    let person = member(record.person)
                    let damage = RowDamage(idNumber: person.idNumber, name: person.name, adult: false, quirks: quirks, random: &random)
                    try writer.writeRow([.number("\(n + 1)"), .text(year), .text(termName), .text(record.school.name), .text(damage.name),
                                         damage.isNumericCell ? .number(damage.idNumber) : .text(damage.idNumber),
                                         .text(record.programme), .number(record.amount), .text(record.hardshipType), .text(county.name)])
                    total += Int(record.amount) ?? 0
                    written[.aid]?[i] = WrittenRow(role: "aid", file: truthPrefix + name, sheet: "资助名单", row: n + 3, trueIDNumber: person.idNumber,
                                                   idQuirks: damage.idQuirks, nameQuirk: damage.nameQuirk, writtenIDNumber: damage.idNumber, writtenName: damage.name)
                }
                try writer.writeRow([.text("合计"), .empty, .empty, .empty, .empty, .empty, .empty, .number("\(total)")])
                try writer.finish()
            }

            // 乡村振兴: XLSX, a title row and one sheet per township.
            let rural = term.rural.indices.filter { inCounty(term.rural[$0].person) }
            if !rural.isEmpty {
                let name = "乡村振兴/\(county.name)_防返贫监测成员.xlsx"
                let writer = try XLSXWriter(url: try file(name))
                for township in county.townships {
                    let rows = rural.filter { population.households[term.rural[$0].person.household].township == township }
                    guard !rows.isEmpty else { continue }
                    try writer.beginSheet(township)
                    try writer.writeRow([.text("\(county.name)防返贫监测信息系统 脱贫户及监测户成员信息（\(township)）")])
                    writer.mergeCells("A1:M1")
                    try writer.writeRow(["县(市、区)", "乡(镇)", "行政村", "户编号", "人编号", "成员姓名", "证件号码", "性别", "与户主关系", "户类型", "监测对象类别", "风险是否消除", "在校生状况"].map { .text($0) })
                    for (n, i) in rows.enumerated() {
                        let record = term.rural[i]
                        let household = population.households[record.person.household]
                        let person = member(record.person)
                        let adult = TermAssigner.age(person.birthDate, on: cutoff) >= 18
                        let damage = RowDamage(idNumber: person.idNumber, name: person.name, adult: adult, quirks: quirks, random: &random)
                        try writer.writeRow([.text(county.name), .text(township), .text(household.village), .text(household.number),
                                             .text(household.number + (record.person.member + 1).zeroPadded(2)), .text(damage.name),
                                             damage.isNumericCell ? .number(damage.idNumber) : .text(damage.idNumber), .text(sex(person, &random)),
                                             .text(person.relation), .text(record.householdType), .text(record.monitoringCategory),
                                             .text(record.riskEliminated), .text(record.schoolingStatus)])
                        written[.rural]?[i] = WrittenRow(role: "rural", file: truthPrefix + name, sheet: township, row: n + 3, trueIDNumber: person.idNumber,
                                                         idQuirks: damage.idQuirks, nameQuirk: damage.nameQuirk, writtenIDNumber: damage.idNumber, writtenName: damage.name)
                    }
                }
                try writer.finish()
            }

            // 民政: SpreadsheetML saved as .xls, or CSV in GB18030.
            let civil = term.civil.indices.filter { inCounty(term.civil[$0].person) }
            if !civil.isEmpty {
                let header = ["区县", "户主姓名", "户主身份证号", "姓名", "身份证号码", "与户主关系", "保障类型", "保障状态", "起始年月", "终止年月"]
                let spreadsheet = c % 2 == 0
                let name = "民政/\(county.name)_低保特困" + (spreadsheet ? ".xls" : ".csv")
                let xml = spreadsheet ? try SpreadsheetMLWriter(url: try file(name)) : nil
                let csv = spreadsheet ? nil : try DelimitedTextWriter(url: try file(name), encoding: .gb18030)
                try xml?.beginSheet("低保特困")
                try xml?.writeRow(header.map { .text($0) })
                try csv?.writeRow(header)
                for (n, i) in civil.enumerated() {
                    let record = term.civil[i]
                    let person = member(record.person)
                    let head = population.households[record.person.household].members[0]
                    let adult = TermAssigner.age(person.birthDate, on: cutoff) >= 18
                    let damage = RowDamage(idNumber: person.idNumber, name: person.name, adult: adult, quirks: quirks, random: &random)
                    let cells = [county.name, head.name, head.idNumber, damage.name, damage.idNumber, person.relation,
                                 record.assistanceType, record.status, record.startMonth, record.endMonth]
                    try xml?.writeRow(cells.enumerated().map { k, v in
                        v.isEmpty ? .empty : (k == 8 || k == 9 || (k == 4 && damage.isNumericCell)) ? .number(v) : .text(v)
                    })
                    try csv?.writeRow(cells)
                    written[.civil]?[i] = WrittenRow(role: "civil", file: truthPrefix + name, sheet: spreadsheet ? "低保特困" : nil, row: n + 2, trueIDNumber: person.idNumber,
                                                     idQuirks: damage.idQuirks, nameQuirk: damage.nameQuirk, writtenIDNumber: damage.idNumber, writtenName: damage.name)
                }
                try xml?.finish()
                try csv?.finish()
            }
        }
        return written.mapValues { $0.compactMap { $0 } }
    }

    private func member(_ ref: TermRecords.PersonRef) -> Population.Person {
        population.households[ref.household].members[ref.member]
    }

    private func file(_ relative: String) throws -> URL {
        let url = folder.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url
    }

    private func sex(_ person: Population.Person, _ random: inout SeededGenerator) -> String {
        random.chance(0.1) ? (person.male ? "1" : "2") : (person.male ? "男" : "女")
    }

    /// A birth date in one of the forms DOMAIN.md lists.
    private func dateText(_ date: CalendarDate, _ random: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<11, using: &random) {
        case 10: "\(date.year).\(date.month)"  // the year and month only, as some systems keep it
        case 0: "\(date.year)/\(date.month)/\(date.day)"
        case 1: date.compactDigits
        case 2: "\(date.year)年\(date.month)月\(date.day)日"
        case 3: String(XLSXWriter.serial(date))
        default: date.description
        }
    }
}
