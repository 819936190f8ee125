import Foundation
import Testing
import TestSupport
@testable import BiduiCore
@testable import Ingest

/// `bidui init`: a first pipeline proposed from a folder of exports, that loads and reads what it names.
@Suite struct PipelineProposalTests {
    static let today = CalendarDate(year: 2025, month: 11, day: 20)!

    /// A folder of exports of every role, and the files init must leave alone.
    func exports() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("学校名称,姓名,身份证件号,全国学籍号,学籍状态\n一中,张三,420102201001011234,G420102201001011234,在读\n", to: "教育/学籍/a.csv")
        try folder.write("学校名称,姓名,身份证件号,全国学籍号,学籍状态\n二中,李四,420102201001015678,G420102201001015678,在读\n", to: "教育/学籍/b.csv")
        try folder.copyFixture("csv/aid_gb18030_title_total.csv", to: "教育/2025年秋季学期资助.csv")
        try folder.copyFixture("workbooks/openpyxl_rural.xlsx", to: "乡村振兴/成员.xlsx")
        try folder.copyFixture("csv/civil_semicolon.csv", to: "民政/低保.csv")
        try folder.write("姓名,身份证号\n王五,420102199001011234\n", to: "民政/特困名单.csv")
        try folder.write("# 说明\n", to: "README.md")
        try folder.write("x\n", to: "truth/rows.csv")
        try folder.write("x\n", to: "runs/old/x.csv")
        try folder.write("x\n", to: "expected/discrepancies.csv")
        try folder.write("x\n", to: ".cache/hidden.csv")
        return folder
    }

    func propose(_ folder: TemporaryFolder, output: String = "pipeline.yaml") throws -> (PipelineProposal, String, URL) {
        let proposal = try PipelineProposal.make(folder: folder.url, today: Self.today)
        let url = folder.url.appendingPathComponent(output)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let text = try proposal.pipelineText(for: url)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return (proposal, text, url)
    }

    @Test func proposesEachRoleFromHeadersOrNameAndTheResultLoadsAndReads() throws {
        let folder = try exports()
        let (proposal, text, url) = try propose(folder)
        let roles = Dictionary(uniqueKeysWithValues: proposal.files.map { ($0.path, $0.role) })
        #expect(roles == [
            "教育/学籍/a.csv": .enrollment, "教育/学籍/b.csv": .enrollment, "教育/2025年秋季学期资助.csv": .aid,
            "乡村振兴/成员.xlsx": .rural, "民政/低保.csv": .civil, "民政/特困名单.csv": .civil,
        ], "README, truth/, runs/, expected/ and hidden folders are left out")
        #expect(proposal.files.first { $0.path == "民政/特困名单.csv" }?.guess.evidence == .name("特困"), "姓名 and 身份证号 alone say nothing: the name does")
        #expect(proposal.ignored == ["README.md"])
        #expect(proposal.skippedFolders == ["expected", "runs", "truth"])
        #expect(text.contains("paths: [\"教育/学籍/*.csv\"]   # 2 个文件"), "a folder of one role's files becomes a glob:\n\(text)")
        #expect(text.contains("\"民政/*.csv\""))
        #expect(text.contains("乡村振兴/成员.xlsx 的 说明 前20行中没有可识别的表头"), "a notes sheet is said to be skipped")
        #expect(text.contains("school_year: \"2025-2026\"") && text.contains("term: 秋季学期") && text.contains("reference_date: 2025-10-31"))

        let configuration = try PipelineConfiguration.load(from: url)
        #expect(configuration.sources.map(\.role) == [.enrollment, .aid, .rural, .civil])
        let check = try PipelineCheck.run(configuration, pipelineArgument: url.path)
        #expect(check.exitCode == .success, "\(check.text)")
        #expect(check.usableFiles == 6)
    }

    @Test func whatCannotBeDecidedIsWrittenCommentedOutWithTheReason() throws {
        let folder = try TemporaryFolder()
        try folder.write("姓名,身份证号\n王五,420102199001011234\n", to: "学籍/在校生.csv")
        try folder.write("姓名,身份证号,备注\n赵六,420102199001011234,\n", to: "其他/名单.csv")
        try folder.copyFixture("csv/civil_biff.xls", to: "民政/低保.xls")
        try folder.write("姓名,身份证号,学校名称,资助金额\n钱七,420102199001011234,一中,500\n", to: "资助/发放.csv")
        try folder.write("编号,内容\n1,2\n", to: "资助/说明.csv")
        let (proposal, text, _) = try propose(folder)
        #expect(proposal.decidedFiles == 1)
        #expect(text.contains("# - role: ?   # 未能判断来源: 表头中没有能区分来源的列"), "\(text)")
        #expect(text.contains("#   paths: [\"其他/名单.csv\"]"))
        #expect(text.contains("# - role: civil   # 二进制 .xls (Excel 97-2003), bidui 不能读取: 请用 Excel 或 WPS 另存为 .xlsx"))
        #expect(text.contains("# - role: aid   # 缺少必需列 programme (资助项目); 表头为: 姓名, 身份证号, 学校名称, 资助金额"))
        #expect(text.contains("#   paths: [\"资助/说明.csv\"]") && text.contains("前20行中没有可识别的表头"))
        #expect(!text.contains("王五") && !text.contains("420102199001011234"), "no data cell reaches the file")
        #expect(text.contains("- role: enrollment") && text.contains("仅凭文件名 (学籍) 判断, 请核对"))
    }

    @Test func unknownHeadersThatClearlyCarryANeededFieldBecomeAliases() throws {
        let folder = try TemporaryFolder()
        try folder.write("学生名字,公民身份证号码,学籍状态,学校名称\n孙八,420102201001011234,在读,一中\n", to: "学籍/a.csv")
        try folder.write("姓名,证件号(一),证件号(二),资助项目\n周九,420102201001011234,,营养改善计划\n", to: "资助/b.csv")
        let (proposal, text, url) = try propose(folder)
        let enrollment = try #require(proposal.files.first { $0.path == "学籍/a.csv" })
        #expect(enrollment.isDecided)
        #expect(enrollment.aliases == [.name: ["学生名字"], .idNumber: ["公民身份证号码"]])
        #expect(text.contains("    columns:   # 请核对") && text.contains("      id_number: [\"公民身份证号码\"]"), "\(text)")
        let aid = try #require(proposal.files.first { $0.path == "资助/b.csv" })
        #expect(!aid.isDecided && aid.doubtfulAliases == [.idNumber: ["证件号(一)", "证件号(二)"]], "two candidates: the officer chooses")
        #expect(text.contains("#     id_number: [\"证件号(一)\", \"证件号(二)\"]"))
        let check = try PipelineCheck.run(try PipelineConfiguration.load(from: url), pipelineArgument: url.path)
        #expect(check.exitCode == .success, "the alias makes the file readable:\n\(check.text)")
    }

    @Test func anEncodingThatHadToBeGuessedIsWrittenOut() throws {
        let folder = try TemporaryFolder()
        var bytes = Data("姓名,身份证号,保障状态,保障类型\n".utf8)
        for i in 0..<30 { bytes += Data("李四\(i),420102199001011234,在保,农村低保\n".utf8) }
        bytes += Data([0xFF]) + Data(",420102199001011234,在保,农村低保\n".utf8)
        try folder.write(bytes, to: "民政/低保.csv")
        let (proposal, text, _) = try propose(folder)
        #expect(proposal.files.first?.guessedEncoding == .utf8)
        #expect(text.contains("    encoding: utf-8   # 请核对: 自动识别时有 1 处字节"), "\(text)")
    }

    @Test func anOutputElsewhereNamesTheFilesRelativeToIt() throws {
        let folder = try exports()
        let (_, text, url) = try propose(folder, output: "pipelines/county.yaml")
        #expect(text.contains("\"../教育/学籍/*.csv\""), "\(text)")
        let check = try PipelineCheck.run(try PipelineConfiguration.load(from: url), pipelineArgument: url.path)
        #expect(check.usableFiles == 6)
    }

    @Test func aFolderWithoutAnyUsableFileHasNothingToWrite() throws {
        let folder = try TemporaryFolder()
        try folder.write("编号,内容\n1,2\n", to: "a.csv")
        let proposal = try PipelineProposal.make(folder: folder.url, today: Self.today)
        #expect(throws: PipelineProposalError.self) { try proposal.pipelineText(for: folder.url.appendingPathComponent("pipeline.yaml")) }
        #expect(throws: PipelineProposalError.self) { try PipelineProposal.make(folder: folder.url.appendingPathComponent("nope"), today: Self.today) }
    }

    @Test func theTermComesFromNamesAndTitlesElseFromToday() {
        let named = TermProposal.propose(from: ["蕲春县_2025-2026秋季学期资助名单.xlsx", "2025年秋季学期学籍", "2026年春季"], today: Self.today)
        #expect(named.schoolYear == "2025-2026" && named.term == .autumn && named.referenceDate == CalendarDate(year: 2025, month: 10, day: 31))
        let spring = TermProposal.propose(from: ["2026年春季学期资助名单"], today: CalendarDate(year: 2026, month: 3, day: 10)!)
        #expect(spring.schoolYear == "2025-2026" && spring.term == .spring)
        #expect(spring.referenceDate == CalendarDate(year: 2026, month: 3, day: 10), "a usual date still ahead within the term becomes today")
        let unnamed = TermProposal.propose(from: ["名单.xlsx"], today: CalendarDate(year: 2026, month: 1, day: 5)!)
        #expect(unnamed.basis == .today && unnamed.schoolYear == "2025-2026" && unnamed.term == .autumn)
    }

    @Test func theRoleComesFromDistinctiveHeadersThenTheName() {
        #expect(SourceRoleGuess.guess(headers: [.name: "姓名", .householdType: "户类型"], path: "x.xlsx").role == .rural)
        #expect(SourceRoleGuess.guess(headers: [.assistanceStatus: "保障状态"], path: "乡村振兴/x.xlsx").role == .civil, "headers before names")
        #expect(SourceRoleGuess.guess(headers: [.name: "姓名"], path: "防返贫监测/x.xlsx").role == .rural)
        #expect(SourceRoleGuess.guess(headers: [.name: "姓名"], path: "学籍与资助.xlsx").role == nil, "a name naming two roles decides nothing")
    }
}
