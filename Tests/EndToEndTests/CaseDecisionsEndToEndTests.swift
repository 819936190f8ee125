import BiduiCore
import Foundation
import GRDB
import Ingest
import Testing
import TestSupport

/// The officers' loop, as they run it: the sample pipeline's work list comes out, an officer fills
/// in 核实结果 for a possible dropout (不属实, 异地就读) and a duplicate payment (属实) and saves it as
/// a CSV, the pipeline names the file, and reconcile and report run again; then next term's
/// pipeline names only the previous run, and the decisions are carried over.
@Suite struct CaseDecisionsEndToEndTests {
    let folder: TemporaryFolder
    let samplePipeline = Fixtures.repositoryRoot.appendingPathComponent("pipelines/sample.yaml").path

    init() throws { folder = try TemporaryFolder() }

    func run(_ stages: [String], _ pipeline: String, _ runDirectory: URL) throws {
        for stage in stages {
            let result = try Executables.run("bidui", [stage, pipeline, "--run-dir", runDirectory.path, "--quiet"])
            try #require(result.status == 0, "\(stage): \(result.standardError)")
        }
    }

    /// The sample pipeline with its paths made absolute, so it can live in the temporary folder.
    func pipeline(_ name: String, reconciliation extra: String = "", topLevel: String = "") throws -> String {
        let samples = Fixtures.repositoryRoot.appendingPathComponent("samples").path + "/"
        var text = try String(contentsOfFile: samplePipeline, encoding: .utf8).replacingOccurrences(of: "../samples/", with: samples)
        text = text.replacingOccurrences(of: "\nreconciliation:\n", with: "\nreconciliation:\n\(extra)")
        return try folder.write(text + topLevel, to: name).path
    }

    func rows(_ url: URL) throws -> [[String]] {
        try #require(try SheetDump.read(url).first).rows.sorted { $0.key < $1.key }.map(\.value)
    }

    func csvText(_ rows: [[String]]) -> String {
        rows.map { $0.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    func summary(_ run: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: run.appendingPathComponent("report/summary.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["case_decisions"] as? [String: Any])
    }

    func categoryCounts(_ decisions: [String: Any], _ code: String) throws -> [String: Int] {
        let categories = try #require(decisions["categories"] as? [[String: Any]])
        let category = try #require(categories.first { $0["code"] as? String == code })
        return category.compactMapValues { $0 as? Int }
    }

    @Test func decisionsAreFollowedShownApartAndCarriedToTheNextTerm() throws {
        // This term's first run, as `make sample` runs it.
        let term = folder.url.appendingPathComponent("term1")
        try run(["ingest", "normalize", "match", "reconcile", "report"], samplePipeline, term)
        let before = try String(contentsOf: term.appendingPathComponent("report/discrepancies.jsonl"), encoding: .utf8)
        var lines = try rows(term.appendingPathComponent("report/discrepancies.csv"))
        let header = lines[0]
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "\(name) in \(header)") }
        let category = try column("类别"), person = try column("人员编号")
        #expect(Array(header.suffix(4)) == CaseDecisionColumns.all, "the decision columns come last, after 人员编号")
        #expect(lines.dropFirst().allSatisfy { $0.count <= header.count - 4 || $0.suffix(4).allSatisfy(\.isEmpty) }, "blank for the officer")

        // The officer's decisions, saved as a CSV.
        let dropoutLine = try #require(lines.indices.first { lines[$0][category] == "疑似失学辍学" })
        let paidTwiceLine = try #require(lines.indices.first { lines[$0][category] == "重复资助" })
        let dropoutPerson = lines[dropoutLine][person], paidTwicePerson = lines[paidTwiceLine][person]
        for i in lines.indices.dropFirst() { lines[i] += Array(repeating: "", count: max(0, header.count - lines[i].count)) }
        lines[dropoutLine][try column("核实结果")] = "不属实"
        lines[dropoutLine][try column("核实原因")] = "异地就读"
        lines[dropoutLine][try column("核实说明")] = "在武汉市就读"
        lines[paidTwiceLine][try column("核实结果")] = "属实"
        lines[paidTwiceLine][try column("核实说明")] = "已追回多发金额"
        let filled = try folder.write(csvText(lines), to: "核实/discrepancies-filled.csv")
        let decided = try pipeline("decided.yaml", reconciliation: "  case_decisions: \"\(filled.path)\"\n")

        let reconcile = try Executables.run("bidui", ["reconcile", decided, "--run-dir", term.path])
        try #require(reconcile.status == 0, "\(reconcile.standardError)")
        #expect(reconcile.standardOutput.contains("1 kept off by an officer's decision"), "\(reconcile.standardOutput)")
        #expect(reconcile.standardOutput.contains("2 in force (2 from this term's files, 0 carried"), "\(reconcile.standardOutput)")
        try run(["report"], decided, term)
        try expectDecided(term, dropoutPerson: dropoutPerson, paidTwicePerson: paidTwicePerson, before: before, carried: false)
        var readOnly = Configuration()
        readOnly.readonly = true
        let inputs = try DatabaseQueue(path: term.appendingPathComponent("run.sqlite").path, configuration: readOnly).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM stage_inputs WHERE stage = 'reconcile' AND kind = 'case_decisions' AND sha256 IS NOT NULL")
        }
        #expect(inputs == [filled.path], "the file is recorded, with its hash, as what reconcile read")

        // Next term: the pipeline names the previous run and no decision file.
        let nextTerm = folder.url.appendingPathComponent("term2")
        let next = try pipeline("next.yaml", topLevel: "previous_run: \"\(term.path)\"\n")
        try run(["ingest", "normalize", "match", "reconcile", "report"], next, nextTerm)
        try expectDecided(nextTerm, dropoutPerson: dropoutPerson, paidTwicePerson: paidTwicePerson, before: before, carried: true)
    }

    /// The dropout is gone, the duplicate payment is decided (属实) on the 已核实 sheet, last in the
    /// CSV and in summary.json, and the machine contract is the first run's without the dropout.
    func expectDecided(_ run: URL, dropoutPerson: String, paidTwicePerson: String, before: String, carried: Bool) throws {
        let report = run.appendingPathComponent("report")
        let contract = try String(contentsOf: report.appendingPathComponent("discrepancies.jsonl"), encoding: .utf8)
        let dropout = "\"category\":\"possible_dropout\",\"severity\":\"high\",\"person_id\":\"\(dropoutPerson)\""
        #expect(!contract.contains(dropout), "kept off the dropout list")
        if !carried {  // (next term's pipeline names its files by absolute paths, so its lines differ there)
            #expect(contract.split(separator: "\n") == before.split(separator: "\n").filter { !$0.contains(dropout) },
                    "the same lines, keys and order as before, but for the dropout")
        }
        #expect(contract.contains("\"category\":\"duplicate_aid\",\"severity\":\"high\",\"person_id\":\"\(paidTwicePerson)\""), "a decided finding is still a finding")

        let sheets = try SheetDump.read(report.appendingPathComponent("discrepancies.xlsx"))
        let decidedSheet = try #require(sheets.first { $0.name == CaseDecisionColumns.decidedSheetName }, "\(sheets.map(\.name))")
        let paidTwiceSheet = try #require(sheets.first { $0.name == "重复资助" })
        let decidedRows = decidedSheet.rows.sorted { $0.key < $1.key }.map(\.value)
        let header = decidedRows[0]
        let line = try #require(decidedRows.first { $0.contains(paidTwicePerson) })
        let outcome = try #require(header.firstIndex(of: CaseDecisionColumns.outcome))
        #expect(line[1] == "重复资助" && line[outcome] == "属实" && line[outcome + 2] == "已追回多发金额", "\(line)")
        #expect(line[outcome + 3] == "2025-10-31", "dated with the reference date of the run that first stored it")
        #expect(decidedRows.count == 2, "only the decided finding: the kept-off dropout is no finding")
        #expect(!paidTwiceSheet.rows.values.contains { $0.contains(paidTwicePerson) }, "the category sheet lists the new cases only")

        let csv = try rows(report.appendingPathComponent("discrepancies.csv"))
        let csvOutcome = try #require(csv[0].firstIndex(of: CaseDecisionColumns.outcome))
        #expect(csv.last?.contains(paidTwicePerson) == true && csv.last?[csvOutcome] == "属实", "the decided line comes after the new ones")
        #expect(csv.dropFirst().dropLast().allSatisfy { $0.count <= csvOutcome || $0[csvOutcome].isEmpty })

        let decisions = try summary(run)
        #expect(decisions["kept_off_dropout_list"] as? Int == 1)
        #expect(decisions["from_files"] as? Int == (carried ? 0 : 2) && decisions["carried"] as? Int == (carried ? 2 : 0))
        let paidTwice = try categoryCounts(decisions, "duplicate_aid")
        #expect(paidTwice["decided"] == 1 && paidTwice["confirmed"] == 1 && paidTwice["rejected"] == 0)
        #expect(try categoryCounts(decisions, "possible_dropout")["decided"] == 0)
        let page = try String(contentsOf: report.appendingPathComponent("summary.html"), encoding: .utf8)
        #expect(page.contains("<h2>核实结果</h2>"))
    }
}
