import BiduiCore
import Foundation

/// Ingests one delimited text file: decides its encoding, converts it to UTF-8 if needed, sniffs the
/// delimiter, and feeds every record to a `SheetRowProcessor`.
struct DelimitedFileIngester {
    let source: ResolvedSource
    let detector: SheetHeaderDetector
    let scan: EncodingScan
    let temporaryFolder: URL
    let send: (IngestEvent) -> Void

    /// Reads the file; throws an `IngestFileError` for problems with the whole file.
    func run(outcome: inout FileOutcome) throws {
        let decision: TextEncodingDecision
        switch TextEncodingDecision.decide(scan, choice: source.spec.encoding) {
        case .success(let d): decision = d
        case .failure(let error): throw error
        }
        outcome.encoding = decision.label
        var readURL = source.url
        var startOffset: Int64 = decision.hasBOM ? 3 : 0
        var temporary: URL?
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        if decision.encoding == .gb18030 || decision.invalidSequences > 0 {
            let url = temporaryFolder.appendingPathComponent("ingest-\(source.index)-\(getpid()).utf8")
            temporary = url
            do {
                try UTF8Transcoder.transcode(source.url, from: decision.encoding, to: url)
            } catch let error as IngestFileError {
                throw error
            } catch {
                throw IngestFileError.unreadable("converting it to UTF-8 failed: \(error.localizedDescription)")
            }
            readURL = url
            startOffset = decision.encoding == .utf8 && decision.hasBOM ? 3 : 0
            if decision.invalidSequences > 0 {
                outcome.notes.append("\(decision.invalidSequences) byte sequences are not valid \(decision.encoding.rawValue); the rows holding them are rejected")
            }
        }
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: readURL)
        } catch {
            throw IngestFileError.unreadable(error.localizedDescription)
        }
        defer { try? handle.close() }
        let sample = try Self.sample(handle, from: startOffset)
        let delimiter = source.url.pathExtension.lowercased() == "tsv" && sample.contains(0x09)
            ? 0x09 : DelimiterSniffer.sniff(sample)
        outcome.format = delimiter == 0x09 ? "tsv" : delimiter == 0x2C ? "csv" : "delimited(\(UnicodeScalar(delimiter)))"

        var reader = try DelimitedRecordReader(file: handle, delimiter: delimiter, startOffset: startOffset)
        let processor = SheetRowProcessor(
            fileIndex: source.index, sheetKey: SheetKey.make(file: source.index, ordinal: 0), sheetName: nil, detector: detector,
            strictCellCount: true, checkReplacementCharacters: decision.invalidSequences > 0, send: send)
        var row = CellRow()
        while try reader.next(into: &row) {
            if case .rejected(rereadAfterFirstLine: true) = try processor.accept(row), let lineEnd = row.firstLineEnd {
                try reader.resume(at: lineEnd)
            }
        }
        _ = try processor.finish()
        if processor.rowsAfterHeader == 0, let header = processor.header {
            outcome.notes.append(Self.headerOnlyNote(headerRow: header.lastRow, sheet: nil))
        }
    }

    /// A header without rows reads fine, yet an officer expects people: say so.
    static func headerOnlyNote(headerRow: Int, sheet: String?) -> String {
        (sheet.map { "sheet \($0) " } ?? "")
            + "has a header (row \(headerRow)) but no data rows below it; check that the export is complete"
    }

    private static func sample(_ handle: FileHandle, from offset: Int64) throws -> [UInt8] {
        try handle.seek(toOffset: UInt64(offset))
        let data = try handle.read(upToCount: 64 << 10) ?? Data()
        return [UInt8](data)
    }
}
