import Foundation
import Testing
import TestSupport
@testable import Ingest

/// The readers against what Python's zipfile, ElementTree and html.parser (checked against openpyxl)
/// read in the same files: `Tests/Fixtures/spreadsheets/expected.json`, written with the fixtures by
/// `Tests/Fixtures/make_spreadsheet_fixtures.py`. Its conventions are in that folder's README.md.
@Suite struct IndependentReadingTests {
    struct Expected: Decodable {
        struct Sheet: Decodable {
            var name: String
            var rows: [String: [String]]
        }
        var sheets: [Sheet]
    }

    static let expected: [String: Expected] = {
        guard let data = try? Data(contentsOf: Fixtures.url("spreadsheets/expected.json")),
              let decoded = try? JSONDecoder().decode([String: Expected].self, from: data) else { return [:] }
        return decoded
    }()

    @Test func theExpectationsAreThere() {
        #expect(Self.expected.count >= 9)
    }

    @Test(arguments: expected.keys.sorted())
    func readsWhatOtherProgramsRead(_ file: String) throws {
        let expected = try #require(Self.expected[file])
        let sheets = try SheetDump.read(Fixtures.url("spreadsheets/\(file)"))
        // Ours names an HTML page's tables "table 1", "table 2", …
        #expect(sheets.map { $0.name.replacingOccurrences(of: "table ", with: "table") } == expected.sheets.map(\.name))
        for (sheet, want) in zip(sheets, expected.sheets) {
            let wantRows = Dictionary(uniqueKeysWithValues: want.rows.compactMap { key, cells in Int(key).map { ($0, cells) } })
            #expect(sheet.rows.keys.sorted() == wantRows.keys.sorted(), "row numbers of \(file), sheet \(want.name)")
            for (number, cells) in wantRows.sorted(by: { $0.key < $1.key }) {
                #expect(sheet.rows[number] == cells, "\(file), sheet \(want.name), row \(number)")
            }
        }
    }
}
