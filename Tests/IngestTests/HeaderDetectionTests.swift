import Foundation
import Testing
@testable import BiduiCore
@testable import Ingest

@Suite struct HeaderDetectionTests {
    func detector(_ role: SourceRole) throws -> SheetHeaderDetector {
        let configuration = try PipelineConfiguration.parse(text: """
            reconciliation: {school_year: "2025-2026", term: 秋季学期, reference_date: 2025-10-31}
            sources: [{role: \(role.rawValue), paths: [x.csv]}]
            """, fileURL: URL(fileURLWithPath: "/p/x.yaml"))
        return SheetHeaderDetector(configuration: configuration, source: configuration.sources[0])
    }

    func rows(_ lines: [[String]]) -> [(number: Int, cells: [String])] {
        lines.enumerated().map { ($0.offset + 1, $0.element) }
    }

    @Test func findsTheHeaderBelowTitleRows() throws {
        let found = try #require(try detector(.aid).detect(rows([
            ["XX县2025年秋季学期资助名单", "", "", ""],
            ["制表单位：XX县学生资助管理中心", "", "", ""],
            ["序号", "姓名", "身份证号", "资助项目"],
            ["1", "张三", "420102199001011234", "营养改善计划"],
        ])))
        #expect(found.header.firstRow == 3)
        #expect(found.header.lastRow == 3)
        #expect(found.header.columns.map(\.field) == [.name, .idNumber, .programme])
        #expect(found.header.columns.map(\.index) == [1, 2, 3])
    }

    @Test func combinesAGroupRowWithTheSubHeadersUnderIt() throws {
        let found = try #require(try detector(.enrollment).detect(rows([
            ["序号", "学生信息", "", "", "监护人信息", ""],
            ["", "姓名", "性别", "身份证件号", "姓名", "身份证号"],
            ["1", "王小明", "男", "420102201401011231", "王大明", "420102198001011234"],
        ])))
        #expect(found.header.firstRow == 1)
        #expect(found.header.lastRow == 2)
        let byField = Dictionary(uniqueKeysWithValues: found.header.columns.map { ($0.field, $0.index) })
        #expect(byField[.name] == 1, "the student's 姓名, not the guardian's")
        #expect(byField[.idNumber] == 3)
        #expect(byField[.guardianName] == 4)
        #expect(byField[.guardianIDNumber] == 5)
        #expect(found.header.headers[4] == "监护人信息/姓名")
    }

    @Test func aGuardianSubHeaderNeverBecomesThePersonsColumn() throws {
        // Only the guardian group carries 身份证号: it must not be taken for the student's number.
        let found = try #require(try detector(.enrollment).detect(rows([
            ["学生信息", "", "监护人信息", ""],
            ["姓名", "全国学籍号", "姓名", "身份证号"],
        ])))
        let fields = found.header.columns.map(\.field)
        #expect(!fields.contains(.idNumber))
        #expect(fields.contains(.guardianIDNumber))
    }

    @Test func reportsMissingRequiredColumns() throws {
        let detector = try detector(.aid)
        let found = try #require(detector.detect(rows([["姓名", "身份证号", "资助金额"]])))
        #expect(detector.missingFields(found.header) == [.programme])
    }

    @Test func noHeaderInGarbage() throws {
        #expect(try detector(.civil).detect(rows([["a", "b"], ["1", "2"]])) == nil)
    }
}
