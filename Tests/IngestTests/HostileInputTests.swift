import Foundation
import GRDB
import Testing
import TestSupport
@testable import BiduiCore
@testable import Ingest

/// Hostile text files (issue 10): each is built at test time beside a good file; the hostile one is
/// refused, or its bad rows rejected, with a message naming what to do, and the good file still arrives.
@Suite struct HostileInputTests {
    static let good = "姓名,身份证号\n张三,420102199001011234\n"

    /// Ingests `data/*` (role civil) after `prepare`, with a good file beside whatever it writes.
    static func ingest(_ prepare: (TemporaryFolder) throws -> Void) throws -> IngestHarness {
        try IngestHarness.run("  - {role: civil, paths: [\"../data/*\"]}") {
            try $0.write(good, to: "data/good.csv")
            try prepare($0)
        }
    }

    static func expectGoodFileArrived(_ h: IngestHarness, partial: Bool = true) throws {
        #expect(h.line("../data/good.csv")?.counts.accepted == 1, "the rest of the run goes on")
        #expect(try h.rows().contains { $0.file == "../data/good.csv" && $0.cells["name"] == "张三" })
        #expect(h.report.exitCode == (partial ? .partial : .success))
    }

    /// The columns the store names for the issues with `reason`.
    static func columns(_ h: IngestHarness, reason: String) throws -> [String?] {
        try h.store.database.read { db in
            try String?.fetchAll(db, sql: "SELECT column_name FROM row_issues WHERE reason = ? ORDER BY id", arguments: [reason])
        }
    }

    /// Every row read is accepted, skipped or rejected, in the report and in the store.
    static func expectAccounted(_ h: IngestHarness) throws {
        for line in h.report.lines {
            #expect(line.counts.read == line.counts.accepted + line.counts.skipped + line.counts.rejected, "\(line.file)")
        }
        let issues = try h.issues()
        #expect(issues.count == h.report.totals.skipped + h.report.totals.rejected
                + h.report.lines.flatMap(\.notes).filter { $0.contains("duplicate") }.count)
    }

    @Test(arguments: ["empty.csv", "empty.xlsx", "empty.xls", "empty.xml", "empty.html", "empty.tsv"])
    func anEmptyFileOfAnyFormatIsReportedAsEmpty(_ name: String) throws {
        let h = try Self.ingest { try $0.write(Data(), to: "data/\(name)") }
        let problem = try #require(h.line("../data/\(name)")?.problem)
        #expect(problem == "is empty (0 bytes): the export did not finish or the copy failed; export it again, or remove it from the folder")
        try Self.expectGoodFileArrived(h)
    }

    @Test func aHeaderOnlyCSVIsReadWithANote() throws {
        let h = try Self.ingest { try $0.write("姓名,身份证号\r\n", to: "data/header.csv") }
        let line = try #require(h.line("../data/header.csv"))
        #expect(line.problem == nil)
        #expect(line.counts.read == 1 && line.counts.skipped == 1, "the header row itself is skipped as header_row")
        #expect(line.notes == ["has a header (row 1) but no data rows below it; check that the export is complete"])
        try Self.expectGoodFileArrived(h, partial: false)
    }

    @Test func aLineLongerThan64MiBWithoutHeaderRefusesTheFile() throws {
        // 65 MiB of digits on one line (the 300 MB version runs as a child process in HostileRunTests).
        let h = try Self.ingest { folder in
            let url = try folder.write(Data(), to: "data/long.csv")
            let handle = try FileHandle(forWritingTo: url)
            let chunk = Data(repeating: UInt8(ascii: "7"), count: 1 << 20)
            for _ in 0..<65 { try handle.write(contentsOf: chunk) }
            try handle.close()
        }
        let problem = try #require(h.line("../data/long.csv")?.problem)
        #expect(problem == "row 1 is longer than 64 MiB and no header was found: the file is probably not a roster export; check it, or split it")
        try Self.expectGoodFileArrived(h)
    }

    @Test func aLongLineUnderAHeaderRejectsThatRowOnly() throws {
        let h = try Self.ingest { folder in
            var text = Data("姓名,身份证号\n李四,420102199001015678\n王五,".utf8)
            text.append(Data(repeating: UInt8(ascii: "9"), count: (64 << 20) + 10))
            text.append(Data("\n赵六,420102199001013333\n".utf8))
            try folder.write(text, to: "data/long_row.csv")
        }
        let line = try #require(h.line("../data/long_row.csv"))
        #expect(line.counts.accepted == 2 && line.counts.rejected == 1)
        let issue = try #require(try h.issues().first { $0.reason == "row_too_long" })
        #expect(issue.row == 3)
        #expect(issue.message == "row is longer than 64 MiB; it cannot be a person record. Check the file around this row, or split it")
        try Self.expectAccounted(h)
        try Self.expectGoodFileArrived(h, partial: false)
    }

    @Test func aHeaderOf16384ColumnsIsRead() throws {
        let h = try Self.ingest { folder in
            let header = ["姓名", "身份证号"] + (3...16_384).map { "列\($0)" }
            var row = ["李四", "420102199001015678"] + Array(repeating: "", count: 16_382)
            row[16_383] = "末列"
            try folder.write(header.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n", to: "data/wide.csv")
        }
        #expect(h.line("../data/wide.csv")?.counts.accepted == 1)
        #expect(try h.rows().contains { $0.cells["name"] == "李四" })
        try Self.expectGoodFileArrived(h, partial: false)
    }

    @Test func aRowPastColumnXFDIsRejected() throws {
        let h = try Self.ingest { folder in
            let wide = ["王五", "420102199001019999"] + Array(repeating: "x", count: 20_000)
            try folder.write("姓名,身份证号\n李四,420102199001015678\n" + wide.joined(separator: ",") + "\n", to: "data/too_wide.csv")
        }
        let issue = try #require(try h.issues().first { $0.reason == "too_many_columns" })
        #expect(issue.row == 3)
        #expect(issue.message == "row has cells past column XFD (16384 columns, the most Excel allows); the file is corrupt or not a spreadsheet export. Open it in Excel or WPS and save it again")
        #expect(h.line("../data/too_wide.csv")?.counts.accepted == 1)
        try Self.expectAccounted(h)
    }

    @Test func invalidUTF8BytesRejectTheirRowsOnly() throws {
        let h = try Self.ingest { folder in
            var text = Data("姓名,身份证号\n李四,420102199001015678\n王".utf8)
            text.append(contentsOf: [0xFF, 0xC3])
            text.append(Data(",420102199001019999\n赵六,420102199001013333\n".utf8))
            try folder.write(text, to: "data/bad_utf8.csv")
        }
        let line = try #require(h.line("../data/bad_utf8.csv"))
        #expect(line.encoding == "UTF-8")
        #expect(line.counts.accepted == 2 && line.counts.rejected == 1)
        #expect(line.notes.contains("2 byte sequences are not valid UTF-8; the rows holding them are rejected"))
        let issue = try #require(try h.issues().first { $0.reason == "invalid_encoding" })
        #expect(issue.row == 3)
        #expect(try HostileInputTests.columns(h, reason: issue.reason) == ["A"])
        try Self.expectAccounted(h)
    }

    @Test func invalidGB18030SequencesRejectTheirRowsOnly() throws {
        let h = try Self.ingest { folder in
            var text = try Self.gb18030("姓名,身份证号,户籍地址\n")
            for i in 0..<40 { text.append(try Self.gb18030("李四\(i),420102199001015678,湖北省武汉市江岸区\n")) }
            text.append(try Self.gb18030("王"))
            text.append(contentsOf: [0x81, 0x20])  // a lead byte followed by a space: no GB18030 character
            text.append(Data(",420102199001019999,x\n".utf8))
            try folder.write(text, to: "data/bad_gb.csv")
        }
        let line = try #require(h.line("../data/bad_gb.csv"))
        #expect(line.encoding == "GB18030")
        #expect(line.counts.accepted == 40 && line.counts.rejected == 1)
        #expect(try h.issues().first { $0.reason == "invalid_encoding" }?.row == 42)
        try Self.expectAccounted(h)
    }

    /// `text` in GB18030, through the C library's iconv.
    static func gb18030(_ text: String) throws -> Data {
        let converter = iconv_open("GB18030", "UTF-8")
        try #require(converter != iconv_t(bitPattern: -1))
        defer { iconv_close(converter) }
        var input = Array(text.utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 2 + 8)
        let written: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress, inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress, outLeft = outBuffer.count
                _ = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                return outBuffer.count - outLeft
            }
        }
        return Data(output[0..<written].map { UInt8(bitPattern: $0) })
    }

    @Test func aFewNULBytesRejectTheirRowsAndManyRefuseTheFile() throws {
        let h = try Self.ingest { folder in
            try folder.write("姓名,身份证号\n李四,420102199001015678\n王\u{0}五,420102199001019999\n", to: "data/nul.csv")
            try folder.write(Data([0x41, 0, 0x42, 0, 0x0A, 0, 0x43, 0, 0, 0]), to: "data/binary.csv")
        }
        let issue = try #require(try h.issues().first { $0.reason == "nul_byte" })
        #expect(issue.row == 3)
        #expect(try HostileInputTests.columns(h, reason: issue.reason) == ["A"])
        #expect(issue.message == "column A (姓名) holds a NUL byte (0x00), which no roster text has; the file is damaged. Export it again")
        #expect(h.line("../data/nul.csv")?.counts.accepted == 1)
        #expect(h.line("../data/binary.csv")?.problem == "looks like UTF-16 or a binary file (byte-order mark or NUL bytes); save it as CSV UTF-8 or GB18030")
        try Self.expectAccounted(h)
        try Self.expectGoodFileArrived(h)
    }

    @Test func neitherUTF8NorGB18030RefusesTheFile() throws {
        var generator = SystemRandomNumberGenerator()
        let h = try Self.ingest { folder in
            let noise = (0..<20_000).map { _ in UInt8.random(in: 0x80...0xFF, using: &generator) }
            try folder.write(Data("姓名,身份证号\n".utf8) + Data(noise), to: "data/noise.csv")
        }
        let problem = try #require(h.line("../data/noise.csv")?.problem)
        #expect(problem.hasPrefix("is neither UTF-8 nor GB18030"))
        #expect(problem.hasSuffix("save it as CSV UTF-8, or set `encoding:` for this source"))
        try Self.expectGoodFileArrived(h)
    }
}
