import Foundation
import GRDB
import Testing
import TestSupport
@testable import BiduiCore
@testable import Ingest

@Suite struct IngestStageTests {
    @Test func gb18030AidListWithTitleBlankAndTotalRows() throws {
        let h = try IngestHarness.run("  - {role: aid, paths: [\"../data/*.csv\"]}") {
            try $0.copyFixture("csv/aid_gb18030_title_total.csv", to: "data/aid.csv")
        }
        let line = try #require(h.line("../data/aid.csv"), "files are named relative to the pipeline's folder")
        #expect(line.encoding == "GB18030")
        #expect(line.format == "csv")
        #expect(line.counts == (7, 3, 4, 0) as (Int, Int, Int, Int))
        let rows = try h.rows()
        #expect(rows.map(\.row) == [3, 4, 6])
        #expect(rows[1].cells["name"] == "李㐀", "four-byte GB18030 characters decode")
        #expect(rows[1].cells["school_name"] == "蕲春县实验小学（东校区,分部）")
        #expect(rows[2].cells["id_number"] == "42112620080505678x", "cells are stored raw; normalization comes later")
        #expect(rows.allSatisfy { $0.sheet == nil })
        #expect(try h.issues().map(\.reason) == ["title_row", "header_row", "blank_row", "total_row"])
        #expect(try h.issues().map(\.row) == [1, 2, 5, 7])
        #expect(h.report.exitCode == .success)
    }

    @Test func twoLevelHeaderWithAGuardianGroupAndAMultiLineCell() throws {
        let h = try IngestHarness.run("  - {role: enrollment, paths: [\"../data/enrollment.csv\"]}") {
            try $0.copyFixture("csv/enrollment_two_level.csv", to: "data/enrollment.csv")
        }
        let rows = try h.rows()
        #expect(rows.map(\.row) == [3, 4])
        #expect(rows[0].cells["name"] == "王小明")
        #expect(rows[0].cells["guardian_name"] == "王大明")
        #expect(rows[0].cells["guardian_id_number"] == "420102198001011234")
        #expect(rows[0].cells["class"] == "三(2)班\n（原三(5)班）")
        #expect(rows[1].cells["school_name"] == "江岸区\"育才\"小学")
        #expect(h.line("../data/enrollment.csv")?.encoding == "UTF-8 with BOM")
        #expect(try h.issues().filter { $0.reason == "header_row" }.map(\.row) == [1, 2])
    }

    @Test func tabAndSemicolonFilesAreSniffed() throws {
        let h = try IngestHarness.run("""
              - {role: rural, paths: ["../data/rural.tsv"]}
              - {role: civil, paths: ["../data/civil.csv"]}
            """) {
            try $0.copyFixture("csv/rural_tab.tsv", to: "data/rural.tsv")
            try $0.copyFixture("csv/civil_semicolon.csv", to: "data/civil.csv")
        }
        #expect(h.line("../data/rural.tsv")?.format == "tsv")
        #expect(h.line("../data/rural.tsv")?.counts.accepted == 2)
        #expect(h.line("../data/civil.csv")?.format == "delimited(;)")
        #expect(h.line("../data/civil.csv")?.encoding == "GB18030")
        let civil = try h.rows().filter { $0.file == "../data/civil.csv" }
        #expect(civil.map { $0.cells["assistance_type"] } == ["城市低保", "孤儿"])
    }

    @Test func badFilesAreNamedAndTheOthersStillGoThrough() throws {
        let h = try IngestHarness.run("""
              - {role: civil, paths: ["../data/*"]}
              - {role: aid, paths: ["../data/aid/*.csv", "../missing/*.csv"]}
            """) {
            try $0.copyFixture("csv/civil_biff.xls", to: "data/dibao.xls")
            try $0.copyFixture("csv/civil_utf16.txt", to: "data/tekun.txt")
            try $0.copyFixture("csv/civil_semicolon.csv", to: "data/good.csv")
            try $0.write("序号,姓名,身份证号,资助金额\n1,张三,420102199001011234,100\n", to: "data/aid/no_programme.csv")
        }
        #expect(h.line("../data/dibao.xls")?.problem?.contains("binary Excel 97-2003 workbook (BIFF)") == true)
        #expect(h.line("../data/dibao.xls")?.problem?.contains("save it as .xlsx") == true)
        #expect(h.line("../data/tekun.txt")?.problem?.contains("UTF-16") == true)
        let missing = try #require(h.line("../data/aid/no_programme.csv")?.problem)
        #expect(missing == "missing column programme (资助项目) (expected one of: 资助项目, 资助项目名称, 项目名称); headers found in row 1: 序号, 姓名, 身份证号, 资助金额. Add the header as an alias under the source's `columns:` in the pipeline if it is named differently")
        #expect(h.line("../missing/*.csv")?.problem?.contains("no file matches") == true)
        #expect(h.line("../data/good.csv")?.counts.accepted == 2)
        #expect(h.report.exitCode == .partial)
        #expect(h.report.failedFiles == 4)
        let statuses = try h.store.database.read { try String.fetchAll($0, sql: "SELECT status FROM source_files ORDER BY id") }
        #expect(statuses.filter { $0 == "failed" }.count == 3)
        #expect(statuses.contains("missing"))
    }

    @Test func rowsWithTheWrongCellCountAreRejectedAndStrayQuotesRecovered() throws {
        let h = try IngestHarness.run("  - {role: rural, paths: [\"../r.csv\"]}") {
            try $0.write("""
                成员姓名,证件号码,户类型
                张三,421126198001011234,脱贫户
                李四,421126198001011234,脱贫户,多余
                王五,421126198001011234,脱贫户,,
                "赵六,421126198001011234,脱贫户
                钱七,421126198001011234,脱贫户
                成员姓名,证件号码,户类型
                ,,监测户
                孙八,421126198001011234

                """, to: "r.csv")
        }
        let rows = try h.rows()
        #expect(rows.map { $0.cells["name"] } == ["张三", "王五", "钱七"], "trailing empty cells are tolerated")
        let issues = try h.issues().filter { $0.reason != "header_row" }
        #expect(issues.map(\.reason) == ["cell_count", "unterminated_quote", "no_person", "cell_count"])
        #expect(issues.map(\.row) == [3, 5, 8, 9])
        #expect(issues[0].message == "row has 4 cells but the header has 3; check for a stray delimiter or quote in this row")
        let counts = try #require(h.line("../r.csv")?.counts)
        #expect(counts.read == counts.accepted + counts.skipped + counts.rejected)
        #expect(counts == (9, 3, 3, 3) as (Int, Int, Int, Int))
    }

    @Test func invalidBytesRejectTheirRowOnly() throws {
        // A UTF-8 roster with one corrupted name among twenty good rows.
        var bytes = Array("姓名,身份证号码,保障类型\n刘芳,420102201001011234,城市低保\n".utf8)
        bytes += [0xC0, 0x80] + Array(",420102201001011234,孤儿\n".utf8)
        bytes += Array(String(repeating: "陈静,420102201102021234,孤儿\n", count: 20).utf8)
        let h = try IngestHarness.run("  - {role: civil, paths: [\"../c.csv\"]}") {
            try $0.write(Data(bytes), to: "c.csv")
        }
        #expect(h.line("../c.csv")?.encoding == "UTF-8")
        #expect(try h.rows().map { $0.cells["name"] } == ["刘芳"] + Array(repeating: "陈静", count: 20))
        let issue = try #require(try h.issues().first { $0.reason == "invalid_encoding" })
        #expect(issue.row == 3)
        #expect(issue.message.hasPrefix("column A (姓名) holds bytes that are not valid"))
    }

    @Test func rerunningReplacesThePreviousIngestAndRecordsTheStage() throws {
        let folder = try TemporaryFolder()
        try folder.copyFixture("csv/civil_semicolon.csv", to: "c.csv")
        let pipeline = try folder.write(Fixtures.pipeline("  - {role: civil, paths: [c.csv]}"), to: "p.yaml")
        let runDirectory = folder.url.appendingPathComponent("run").path
        for _ in 0..<2 {
            let context = try StageRunContext(stage: .ingest, pipeline: pipeline.path, runDirectory: runDirectory)
            _ = try IngestStage.run(context)
        }
        let store = try RunStore(directory: URL(fileURLWithPath: runDirectory))
        #expect(try store.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM raw_rows") } == 2)
        let run = try #require(try store.stageRun(.ingest))
        #expect(run.rowsOut == 2)
        #expect(run.rowsIn == 3)
        let inputs = try store.database.read { try StageInput.fetchAll($0, sql: "SELECT * FROM stage_inputs WHERE kind = 'file'") }
        #expect(inputs.map(\.name) == ["c.csv"])
        #expect(inputs.first?.sha256?.count == 64)
        let copy = try String(contentsOfFile: runDirectory + "/pipeline.yaml", encoding: .utf8)
        #expect(copy == (try String(contentsOf: pipeline, encoding: .utf8)), "the run keeps the configuration it ran with")
    }
}
