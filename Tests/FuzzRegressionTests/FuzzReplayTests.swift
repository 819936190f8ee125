import Foundation
import FuzzTargets
import Testing

/// The fuzz inputs kept in the repository, replayed through the same entry points libFuzzer drives:
/// every seed of fuzz/corpus/ and every crash input of fuzz/regressions/ must run without a crash.
enum FuzzInputs {
    /// The repository root, from this file's path (Tests/FuzzRegressionTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// (file name, bytes) of every input under fuzz/<kind>/<target>/, sorted by name.
    static func files(_ kind: String, _ target: FuzzTarget) -> [(name: String, bytes: [UInt8])] {
        let folder = root.appendingPathComponent("fuzz/\(kind)/\(target.rawValue)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { name in
            FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).map { (name, Array($0)) }
        }
    }

    static func bytes(_ kind: String, _ target: FuzzTarget, _ name: String) -> [UInt8] {
        let url = root.appendingPathComponent("fuzz/\(kind)/\(target.rawValue)/\(name)")
        return FileManager.default.contents(atPath: url.path).map(Array.init) ?? []
    }
}

@Suite struct FuzzReplayTests {
    @Test(arguments: FuzzTarget.allCases)
    func corpusSeedsReplay(_ target: FuzzTarget) {
        let seeds = FuzzInputs.files("corpus", target)
        #expect(!seeds.isEmpty, "fuzz/corpus/\(target.rawValue) has no seeds")
        for seed in seeds {
            #expect(seed.bytes.count <= target.maximumLength, "\(seed.name) is longer than the target tries")
            _ = target.run(seed.bytes)
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func regressionInputsReplay(_ target: FuzzTarget) {
        for input in FuzzInputs.files("regressions", target) { _ = target.run(input.bytes) }
    }

    /// The seeds reach the code they are for: a target that refused all of them would fuzz nothing.
    @Test func seedsAreReadAsTheirFormat() {
        let csv = FuzzTarget.csv.run(FuzzInputs.bytes("corpus", .csv, "utf8.csv"))
        #expect(csv.rejection == nil && csv.acceptedRows == 2)
        let gb = FuzzTarget.csv.run(FuzzInputs.bytes("corpus", .csv, "gb18030-title-total.csv"))
        #expect(gb.values["encoding"] == "GB18030" && gb.acceptedRows == 2)
        for name in ["parts-full.txt", "parts-prefixed-1904.txt", "xlsxwriter.xlsx", "openpyxl.xlsx"] {
            let xlsx = FuzzTarget.xlsx.run(FuzzInputs.bytes("corpus", .xlsx, name))
            #expect(xlsx.values["format"] == "xlsx" && xlsx.rejection == nil && xlsx.acceptedRows >= 1, "\(name): \(xlsx)")
        }
        let xml = FuzzTarget.spreadsheetml.run(FuzzInputs.bytes("corpus", .spreadsheetml, "basic.xml"))
        #expect(xml.values["format"] == "spreadsheetml" && xml.acceptedRows == 2, "\(xml)")
        let html = FuzzTarget.html.run(FuzzInputs.bytes("corpus", .html, "gb2312.xls"))
        #expect(html.values["format"] == "html" && html.acceptedRows >= 1, "\(html)")
        let config = FuzzTarget.config.run(FuzzInputs.bytes("corpus", .config, "full.yaml"))
        #expect(config.rejection == nil && config.acceptedRows == 1, "\(config)")
        let fifteen = FuzzTarget.idnumber.run(FuzzInputs.bytes("corpus", .idnumber, "fifteen.txt"))
        #expect(fifteen.values["problem"] == "-" && fifteen.values["valid"]?.count == 18, "\(fifteen)")
        let name = FuzzTarget.name.run(FuzzInputs.bytes("corpus", .name, "name04.txt"))
        #expect(name.values["comparison"] == "张伟", "\(name)")
    }
}

/// What each crash input found by fuzzing comes to now that its bug is fixed: refused or rejected
/// with a message that says why, not merely "did not crash".
@Suite struct FuzzRegressionTests {
    /// `<sheetData>/xrow>`: looking for the last row end walked back to the part's first byte and read before it.
    @Test func rowEndAtTheStartOfSheetDataIsNoRow() {
        let outcome = FuzzTarget.xlsx.run(FuzzInputs.bytes("regressions", .xlsx, "row-end-at-sheetdata-start.txt"))
        #expect(outcome.acceptedRows == 0)
        #expect(outcome.rejection?.contains("no sheet has a header") == true, "\(outcome)")
    }

    /// A mutated openpyxl workbook whose entry's local header is damaged: the reader freed its buffer
    /// when the header check threw, and its deinit freed it again (AddressSanitizer: double free).
    @Test func damagedLocalHeaderIsRefusedOnce() {
        let outcome = FuzzTarget.xlsx.run(FuzzInputs.bytes("regressions", .xlsx, "local-header-error-double-free.xlsx"))
        #expect(outcome.acceptedRows == 0)
        #expect(outcome.rejection.map { $0.contains("corrupt") || $0.contains("truncated") } == true, "\(outcome)")
    }

    /// `<row r="99999999999">` after a valid header: the row number trapped converting to 32 bits.
    @Test func xlsxRowNumberPastInt32IsRejectedNamingTheRow() {
        let outcome = FuzzTarget.xlsx.run(FuzzInputs.bytes("regressions", .xlsx, "row-number-past-int32.txt"))
        #expect(outcome.rejection == nil && outcome.acceptedRows == 0, "\(outcome)")
        #expect(outcome.rowIssues.contains { $0.hasPrefix("row 99999999999 rejected row_number: row number 99999999999 is beyond") }, "\(outcome.rowIssues)")
    }

    /// `<td colspan=1000 rowspan=10000>` then 3,000 bare `<tr>`s (12 KB): three million cells and
    /// minutes of work before; now rowspan repeats at most 100,000 cells plus 16 per byte of the page.
    @Test func rowspanRepeatsABoundedNumberOfCells() {
        let outcome = FuzzTarget.html.run(FuzzInputs.bytes("regressions", .html, "rowspan-repeated-by-bare-rows.html"))
        // Row 2 itself, then (100,000 + 16 × 12,086) / 1,000 = 293 rows below it that the span still fills.
        #expect(outcome.rejection == nil && outcome.acceptedRows == 294, "\(outcome)")
    }

    /// `<Row ss:Index="99999999999">` in SpreadsheetML: the same trap, the same rejection.
    @Test func spreadsheetMLRowIndexPastInt32IsRejectedNamingTheRow() {
        let outcome = FuzzTarget.spreadsheetml.run(FuzzInputs.bytes("regressions", .spreadsheetml, "row-index-past-int32.xml"))
        #expect(outcome.rejection == nil && outcome.acceptedRows == 0, "\(outcome)")
        #expect(outcome.rowIssues.contains { $0.hasPrefix("row 99999999999 rejected row_number:") }, "\(outcome.rowIssues)")
    }
}
