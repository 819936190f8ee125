import BiduiCore
import Foundation
import Writers

/// Writes one term's department exports household by household, as the households are made: the
/// files of one county are open at a time, each township's rural sheet follows the last, and
/// nothing of a household is kept once its rows and truth are written.
final class StreamingExport {
    private let folder: URL
    private let truthPrefix: String
    private let quirks: Quirks
    private let seed: UInt64
    private let settings: ReconciliationSettings
    /// The county's position in the layout: odd ones write GB18030 and CSV where even ones do not.
    private let countyIndex: Int
    private var county: Population.County?
    private var enrollment: (writer: DelimitedTextWriter, name: String, row: Int)?
    private var aid: (writer: XLSXWriter, name: String, row: Int, total: Int)?
    private var rural: (writer: XLSXWriter, name: String, township: String, row: Int)?
    private var civilXML: (writer: SpreadsheetMLWriter, name: String, row: Int)?
    private var civilCSV: (writer: DelimitedTextWriter, name: String, row: Int)?

    init(folder: URL, truthPrefix: String, quirks: Quirks, seed: UInt64, settings: ReconciliationSettings, countyIndex: Int) {
        self.countyIndex = countyIndex
        self.folder = folder
        self.truthPrefix = truthPrefix
        self.quirks = quirks
        self.seed = seed
        self.settings = settings
    }

    /// Writes a household's rows; returns each record's written row, per role, in record order.
    func add(_ household: Population.Household, index h: Int, records term: TermRecords) throws -> [SourceRole: [WrittenRow]] {
        if county != household.county {
            try closeCounty()
            county = household.county
        }
        var random = SeededGenerator(seed: (seed ^ 0x4558_504F) &+ UInt64(h + 1) &* 0xBF58_476D_1CE4_E5B9)
        let year = settings.schoolYear, termName = settings.term.rawValue
        let c = countyIndex
        let countyName = household.county.name
        var written: [SourceRole: [WrittenRow]] = [:]
        func row(_ role: SourceRole, _ file: String, _ sheet: String?, _ number: Int, _ person: Population.Person, _ damage: RowDamage) {
            written[role, default: []].append(WrittenRow(
                role: role.rawValue, file: truthPrefix + file, sheet: sheet, row: number, trueIDNumber: person.idNumber,
                idQuirks: damage.idQuirks, nameQuirk: damage.nameQuirk, writtenIDNumber: damage.idNumber, writtenName: damage.name))
        }
        let head = household.members[0]

        for record in term.enrollment {
            if enrollment == nil {
                let name = "学籍/\(countyName)_学籍.csv"
                let gb = c % 2 == 1
                let writer = try DelimitedTextWriter(url: try file(name), encoding: gb ? .gb18030 : .utf8WithBOM)
                var rows = 0
                if gb { try writer.writeRow(["\(countyName)\(year)学年\(termName)学籍名单"]); rows += 1 }
                try writer.writeRow(["学校标识码", "学校名称", "年级", "班级", "姓名", "性别", "出生日期", "民族", "身份证件号", "全国学籍号", "学籍状态", "监护人", "监护人身份证号", "县(市、区)"])
                enrollment = (writer, name, rows + 1)
            }
            guard var file = enrollment else { continue }
            let person = household.members[record.person.member]
            let damage = RowDamage(role: .enrollment, idNumber: person.idNumber, name: person.name, adult: false, quirks: quirks, random: &random)
            let guardianID = random.chance(0.15) ? Quirks.apply(.legacy15, to: head.idNumber, using: &random) : head.idNumber
            try file.writer.writeRow([record.school.code, record.school.name, record.grade, "\(Int.random(in: 1...8, using: &random))班",
                                      damage.name, sex(person, &random), dateText(person.birthDate, &random), person.name.contains("·") ? "维吾尔族" : "汉族",
                                      damage.idNumber, "G" + person.idNumber, record.status, head.name, guardianID, countyName])
            file.row += 1
            enrollment = file
            row(.enrollment, file.name, nil, file.row, person, damage)
        }

        for record in term.aid {
            if aid == nil {
                let name = "资助/\(countyName)_\(year)\(termName)资助名单.xlsx"
                let writer = try XLSXWriter(url: try file(name))
                try writer.beginSheet("资助名单", options: .init(frozenRows: 2))
                try writer.writeRow([.text("\(countyName)\(year)学年\(termName)学生资助发放名单")])
                writer.mergeCells("A1:J1")
                try writer.writeRow(["序号", "学年", "学期", "学校名称", "姓名", "身份证号", "资助项目", "资助金额", "家庭经济困难类型", "区县"].map { .text($0) })
                aid = (writer, name, 2, 0)
            }
            guard var file = aid else { continue }
            let person = household.members[record.person.member]
            let damage = RowDamage(role: .aid, idNumber: person.idNumber, name: person.name, adult: false, quirks: quirks, random: &random)
            file.row += 1
            try file.writer.writeRow([.number("\(file.row - 2)"), .text(year), .text(termName), .text(record.school.name), .text(damage.name),
                                      damage.isNumericCell ? .number(damage.idNumber) : .text(damage.idNumber),
                                      .text(record.programme), .number(record.amount), .text(record.hardshipType), .text(countyName)])
            file.total += Int(record.amount) ?? 0
            aid = file
            row(.aid, file.name, "资助名单", file.row, person, damage)
        }

        for record in term.rural {
            if rural == nil {
                let name = "乡村振兴/\(countyName)_防返贫监测成员.xlsx"
                rural = (try XLSXWriter(url: try file(name)), name, "", 0)
            }
            guard var file = rural else { continue }
            if file.township != household.township {
                file.township = household.township
                try file.writer.beginSheet(household.township)
                try file.writer.writeRow([.text("\(countyName)防返贫监测信息系统 脱贫户及监测户成员信息（\(household.township)）")])
                file.writer.mergeCells("A1:M1")
                try file.writer.writeRow(["县(市、区)", "乡(镇)", "行政村", "户编号", "人编号", "成员姓名", "证件号码", "性别", "与户主关系", "户类型", "监测对象类别", "风险是否消除", "在校生状况"].map { .text($0) })
                file.row = 2
            }
            let person = household.members[record.person.member]
            let adult = person.birthDate.year < 2000  // only numbers issued before 1999 had 15 digits
            let damage = RowDamage(role: .rural, idNumber: person.idNumber, name: person.name, adult: adult, quirks: quirks, random: &random)
            try file.writer.writeRow([.text(countyName), .text(household.township), .text(household.village), .text(household.number),
                                      .text(household.number + (record.person.member + 1).zeroPadded(2)), .text(damage.name),
                                      damage.isNumericCell ? .number(damage.idNumber) : .text(damage.idNumber), .text(sex(person, &random)),
                                      .text(person.relation), .text(record.householdType), .text(record.monitoringCategory),
                                      .text(record.riskEliminated), .text(record.schoolingStatus)])
            file.row += 1
            rural = file
            row(.rural, file.name, household.township, file.row, person, damage)
        }

        let header = ["区县", "户主姓名", "户主身份证号", "姓名", "身份证号码", "与户主关系", "保障类型", "保障状态", "起始年月", "终止年月"]
        for record in term.civil {
            let person = household.members[record.person.member]
            let adult = person.birthDate.year < 2000  // only numbers issued before 1999 had 15 digits
            let damage = RowDamage(role: .civil, idNumber: person.idNumber, name: person.name, adult: adult, quirks: quirks, random: &random)
            let cells = [countyName, head.name, head.idNumber, damage.name, damage.idNumber, person.relation,
                         record.assistanceType, record.status, record.startMonth, record.endMonth]
            if c % 2 == 0 {
                if civilXML == nil {
                    let name = "民政/\(countyName)_低保特困.xls"
                    let writer = try SpreadsheetMLWriter(url: try file(name))
                    try writer.beginSheet("低保特困")
                    try writer.writeRow(header.map { .text($0) })
                    civilXML = (writer, name, 1)
                }
                guard var file = civilXML else { continue }
                try file.writer.writeRow(cells.enumerated().map { k, v in
                    v.isEmpty ? .empty : (k == 8 || k == 9 || (k == 4 && damage.isNumericCell)) ? .number(v) : .text(v)
                })
                file.row += 1
                civilXML = file
                row(.civil, file.name, "低保特困", file.row, person, damage)
            } else {
                if civilCSV == nil {
                    let name = "民政/\(countyName)_低保特困.csv"
                    let writer = try DelimitedTextWriter(url: try file(name), encoding: .gb18030)
                    try writer.writeRow(header)
                    civilCSV = (writer, name, 1)
                }
                guard var file = civilCSV else { continue }
                try file.writer.writeRow(cells)
                file.row += 1
                civilCSV = file
                row(.civil, file.name, nil, file.row, person, damage)
            }
        }
        return written
    }

    /// Closes the last county's files.
    func finish() throws { try closeCounty() }

    private func closeCounty() throws {
        try enrollment?.writer.finish()
        if let aid {
            try aid.writer.writeRow([.text("合计"), .empty, .empty, .empty, .empty, .empty, .empty, .number("\(aid.total)")])
            try aid.writer.finish()
        }
        try rural?.writer.finish()
        try civilXML?.writer.finish()
        try civilCSV?.writer.finish()
        enrollment = nil
        aid = nil
        rural = nil
        civilXML = nil
        civilCSV = nil
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
