import Foundation

/// Where XLSX ingest spends its time, for the benchmark: inflating alone, then inflating and parsing.
package enum XLSXPhaseTiming {
    package struct Result: Sendable {
        package var inflateSeconds: Double
        package var inflateAndParseSeconds: Double
        package var uncompressedBytes: Int64
    }

    private final class NullDelegate: SAXDelegate {
        func startElement(_ name: SAXName, attributes: SAXAttributes) {}
        func endElement(_ name: SAXName) {}
        func characters(_ text: UnsafeBufferPointer<UInt8>) {}
    }

    /// Times the first worksheet of `url`.
    package static func measure(_ url: URL) throws -> Result {
        let archive = try ZipArchive(url: url)
        let workbook = try XLSXWorkbook(archive: archive)
        guard let part = workbook.sheets.first?.part, let entry = archive.entry(part) else {
            throw ZipProblem(message: "no worksheet")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 1)
        defer { buffer.deallocate() }
        var start = Date()
        let reader = try ZipEntryReader(archive: archive, entry: entry)
        while try reader.read(into: buffer) > 0 {}
        let inflate = Date().timeIntervalSince(start)
        start = Date()
        let second = try ZipEntryReader(archive: archive, entry: entry)
        let delegate = NullDelegate()
        try SAXParser(delegate: delegate).parse(name: part) { try second.read(into: $0) }
        return Result(inflateSeconds: inflate, inflateAndParseSeconds: Date().timeIntervalSince(start), uncompressedBytes: reader.produced)
    }
}
