import BiduiCore
import Foundation
import Match
@testable import Report
import Testing
import TestSupport

/// discrepancies.xlsx as another program reads it: openpyxl (PyPI), which Excel-compatible tools
/// agree with on cell types, frozen panes, filters and column widths. Skipped, with the reason
/// shown, where Python or openpyxl is absent (`pip install openpyxl`).
@Suite struct IndependentWorkbookTests {
    /// The `python3` found on PATH (where pip installs openpyxl), else a system one.
    static let python: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { "\($0)/python3" } + ["/usr/bin/python3", "/usr/local/bin/python3"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) && ((try? run($0, ["-c", "import openpyxl"]).status) == 0) }
            ?? candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let openpyxlAvailable: Bool = {
        guard let python else { return false }
        return (try? run(python, ["-c", "import openpyxl"]).status) == 0
    }()

    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }

    static let script = #"""
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames, "detail": {}}
for ws in wb.worksheets:
    rows = [[{"v": (c.value.isoformat() if hasattr(c.value, "isoformat") else c.value), "t": c.data_type} for c in row]
            for row in ws.iter_rows()]
    out["detail"][ws.title] = {
        "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
        "widths": {k: v.width for k, v in ws.column_dimensions.items() if v.customWidth},
        "rows": rows,
    }
print(json.dumps(out, ensure_ascii=False))
"""#

    struct Cell: Decodable { var v: JSONValue?; var t: String }
    enum JSONValue: Decodable, Equatable {
        case text(String), number(Double)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let d = try? c.decode(Double.self) { self = .number(d) } else { self = .text(try c.decode(String.self)) }
        }
        var text: String? { if case .text(let s) = self { s } else { nil } }
    }
    struct Sheet: Decodable { var freeze: String?; var filter: String?; var widths: [String: Double]; var rows: [[Cell]] }
    struct Workbook: Decodable { var sheets: [String]; var detail: [String: Sheet] }

    @Test(.enabled(if: openpyxlAvailable, "Python with openpyxl is not installed here (pip install openpyxl)"))
    func openpyxlReadsTheSheetsHeadersTypesFrozenRowsFiltersAndWidths() throws {
        let run = try SampleRun.get()
        let folder = try TemporaryFolder()
        let script = try folder.write(Self.script, to: "read.py")
        let result = try Self.run(try #require(Self.python), [script.path, run.report.file("discrepancies.xlsx").path])
        try #require(result.status == 0, "openpyxl could not read the workbook: \(result.error)")
        let workbook = try JSONDecoder().decode(Workbook.self, from: Data(result.output.utf8))
        #expect(workbook.sheets == ["汇总"] + FindingCategory.allCases.map(\.chineseName) + ["待人工核实"])

        let contract = try run.contractLines().map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        let headers = WorkListColumns.sheetColumns.map(\.header)
        let idColumn = try #require(headers.firstIndex(of: "身份证号"))
        let dateColumn = try #require(headers.firstIndex(of: "出生日期"))
        for category in FindingCategory.allCases {
            let sheet = try #require(workbook.detail[category.chineseName])
            #expect(sheet.rows.first?.map { $0.v?.text } == headers, "\(category.chineseName): the header row")
            #expect(sheet.freeze == "A2", "\(category.chineseName): the header stays in view")
            let findings = contract.filter { $0["category"] as? String == category.rawValue }
            #expect(sheet.rows.count - 1 == findings.count)
            if !findings.isEmpty {
                #expect(sheet.filter == "A1:\(SpreadsheetColumn.letters(headers.count - 1))\(findings.count + 1)", "filter buttons over the list")
            }
            #expect(sheet.widths["C"] == 21, "the ID number column fits 18 digits")
            for (line, finding) in zip(sheet.rows.dropFirst(), findings) {
                let id = line[idColumn]
                if let number = finding["id_number"] as? String {
                    #expect(id.t == "s" && id.v?.text == number, "ID numbers are text, never numbers: \(number)")
                }
                if line[dateColumn].v != nil { #expect(line[dateColumn].t == "d" || line[dateColumn].t == "n", "birth dates are dates") }
            }
        }
        let review = try #require(workbook.detail["待人工核实"])
        #expect(review.rows.first?.compactMap { $0.v?.text } == ReviewDecisions.headers)
        #expect(review.freeze == "A2")
        let summary = try #require(workbook.detail["汇总"])
        #expect(summary.rows.contains { $0.first?.v?.text == "区县" })
    }
}
