import Testing
@testable import BiduiCore
@testable import Normalize

/// The rules of one row, through the same byte-level code the stage runs.
@Suite struct PersonRecordTests {
    let builder = PersonRecordBuilder(today: CalendarDate(year: 2025, month: 10, day: 31)!)

    @Test func birthDateAndSexComeFromTheNumberWhenTheRowHasNone() {
        let record = builder.build(role: .rural, cells: [.name: "张 伟", .idNumber: "'42010220150301113X"])
        #expect(record[.idNumber] == "42010220150301113X")
        #expect(record[.idRaw] == "'42010220150301113X", "the raw text is kept when cleaning changed it")
        #expect(record.idValid == true)
        #expect(record[.birthDate] == "2015-03-01")
        #expect(record[.sex] == "男")
        #expect(record[.name] == "张伟")
        #expect(record[.namePinyin] == "zhang wei")
        #expect(record.flags.isEmpty)
    }

    @Test func givenBirthDateAndSexAreCheckedAgainstTheNumber() {
        let agrees = builder.build(role: .enrollment, cells: [.idNumber: "42010220150301113X", .birthDate: "2015年3月1日", .sex: "1"])
        #expect(!agrees.flags.contains(.birthDateMismatch) && !agrees.flags.contains(.sexMismatch))
        let differs = builder.build(role: .enrollment, cells: [.idNumber: "42010220150301113X", .birthDate: "42063", .sex: "女"])
        #expect(differs[.birthDate] == "2015-02-28", "the row's own date is kept (Excel serial 42063)")
        #expect(differs[.sex] == "女")
        #expect(differs.flags.contains(.birthDateMismatch))
        #expect(differs.flags.contains(.sexMismatch))
        let monthOnly = builder.build(role: .enrollment, cells: [.idNumber: "42010220150301113X", .birthDate: "2015.3"])
        #expect(monthOnly[.birthDate] == "2015-03")
        #expect(!monthOnly.flags.contains(.birthDateMismatch), "a month that agrees is not a mismatch")
        let unreadable = builder.build(role: .enrollment, cells: [.idNumber: "42010220150301113X", .birthDate: "三月一日", .sex: "未知"])
        #expect(unreadable.flags.contains(.unreadableBirthDate))
        #expect(unreadable.flags.contains(.unreadableSex))
        #expect(unreadable[.birthDate] == "2015-03-01", "falls back to the number's date")
    }

    @Test func anInvalidNumberKeepsItsTextAndReason() {
        let record = builder.build(role: .aid, cells: [.name: "李娜", .idNumber: "4.20102E+17"], numeric: [.idNumber])
        #expect(record.idValid == false)
        #expect(record[.idNumber] == "4.20102E+17")
        #expect(record[.idProblem] == "scientific_notation")
        #expect(record.flags.contains(.idScientificNotation))
        #expect(record.flags.contains(.idNumericCell))
        #expect(record[.birthDate] == nil, "nothing is derived from an invalid number")
    }

    @Test func theStudentNumberSuppliesAMissingIDNumber() {
        let record = builder.build(role: .enrollment, cells: [.name: "王芳", .studentNumber: "G420102201503011148"])
        #expect(record[.idNumber] == "420102201503011148")
        #expect(record.idValid == true)
        #expect(record.flags.contains(.idFromStudentNumber))
        #expect(!record.flags.contains(.missingIDNumber))
        let temporary = builder.build(role: .enrollment, cells: [.name: "王芳", .studentNumber: "L2015030100123"])
        #expect(temporary.idValid == nil)
        #expect(temporary.flags.contains(.missingIDNumber), "J… and L… numbers carry no ID number")
    }

    @Test func categoriesAreCanonicalOrFlagged() {
        let record = builder.build(role: .civil, cells: [
            .name: "赵敏", .assistanceType: "农村最低生活保障", .assistanceStatus: "正常", .startMonth: "202107", .endMonth: "不详",
        ])
        #expect(record[.assistanceType] == "农村低保")
        #expect(record[.assistanceStatus] == "在保")
        #expect(record[.startMonth] == "2021-07")
        #expect(record[.endMonth] == nil)
        #expect(record.flags.contains(.unreadableEndMonth))
        let unknown = builder.build(role: .aid, cells: [.programme: "爱心午餐", .schoolYear: "2025-2026学年", .term: "秋", .amount: "￥1,250.00"])
        #expect(unknown[.programme] == nil, "an unknown value is never guessed")
        #expect(unknown.flags.contains(.unknownProgramme))
        #expect(unknown[.schoolYear] == "2025-2026")
        #expect(unknown[.term] == "秋季学期")
        #expect(unknown[.amount] == "￥1,250.00")
        #expect(builder.build(role: .aid, cells: [.amount: "一千"]).flags.contains(.unreadableAmount))
    }

    @Test func pipelineSynonymsAreUsed() {
        let custom = PersonRecordBuilder(maps: CategoryMaps(extra: [.programme: ["营养改善计划": ["爱心午餐"]]]),
                                         today: CalendarDate(year: 2025, month: 10, day: 31)!)
        #expect(custom.build(role: .aid, cells: [.programme: "爱心午餐"])[.programme] == "营养改善计划")
    }

    @Test func householdColumnsAreTidiedAndRelativesNumbersChecked() {
        let record = builder.build(role: .civil, cells: [
            .county: " 蕲春县 ", .village: "青石镇\u{3000}中心村", .householdID: "４２１１２６００１", .headIDNumber: "420102900101113", .guardianIDNumber: "123",
        ])
        #expect(record[.county] == "蕲春县")
        #expect(record[.village] == "青石镇中心村")
        #expect(record[.householdID] == "421126001")
        #expect(record[.headID] == "42010219900101113X", "a 15-digit head's number is made 18")
        #expect(record[.guardianID] == "123")
        #expect(record.flags.contains(.invalidGuardianIDNumber))
    }

    @Test func everyFlagHasItsOwnCode() {
        let codes = QualityFlag.allCases.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(QualityFlag.allCases.count <= 64, "flags are stored as the bits of one UInt64")
    }
}
