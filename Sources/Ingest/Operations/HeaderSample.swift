import BiduiCore
import Foundation

/// The first rows of every sheet of a file, as ingest's readers deliver them: what `bidui init` looks
/// at to find each sheet's header and propose a role, before any pipeline (and so any role) exists.
///
/// Only the rows header detection looks at are kept (`SheetHeaderDetector.searchDepth`), and only in
/// memory; nothing of them is printed or written but header texts.
struct HeaderSample {
    struct Sheet {
        /// nil for delimited text, which has one unnamed sheet.
        var name: String?
        var rows: [(number: Int, cells: [String])]
    }

    var format: SourceFormat?
    /// The format as ingest reports it: "csv", "tsv" or "delimited(;)" for text, else the format's name.
    var formatLabel: String?
    /// How a delimited text file would be decoded with `encoding: auto`.
    var textEncoding: TextEncodingDecision?
    /// The encoding as ingest reports it ("UTF-8 with BOM", "GB18030"), for text and HTML.
    var encodingLabel: String?
    var problem: IngestFileError?
    var sheets: [Sheet] = []

    /// Reads the head of every sheet of `url`; a file that cannot be read comes back with its `problem`.
    /// An HTML page's tables are offered until one has a header, as ingest reads them.
    static func read(_ url: URL, detector: SheetHeaderDetector, temporaryFolder: URL) -> HeaderSample {
        var sample = HeaderSample()
        do {
            let scan: EncodingScan
            do { scan = try EncodingScan.scan(url) } catch { throw IngestFileError.unreadable(FileIngestion.reason(error)) }
            let format = SourceFormat.sniff(scan.prefix)
            sample.format = format
            sample.formatLabel = format.rawValue
            let sink = Sampler(detector: detector)
            var notes: [String] = []
            switch format {
            case .xlsx: try XLSXFileIngester.read(url, into: sink, notes: &notes)
            case .spreadsheetML: try SpreadsheetMLReader.read(url, into: sink)
            case .htmlTable:
                let encoding = HTMLFileIngester.encoding(declaredIn: scan.prefix, choice: .auto, scan: scan)
                sample.encodingLabel = encoding
                HTMLTableReader.read(url, encoding: encoding, into: sink)
            case .biff: throw IngestFileError.binaryExcel
            case .delimitedText:
                let decision = try TextEncodingDecision.decide(scan, choice: .auto).get()
                sample.textEncoding = decision
                sample.encodingLabel = decision.label
                let (sheet, delimiter) = try delimitedHead(url, decision: decision, temporaryFolder: temporaryFolder)
                sink.sheets = [sheet]
                sample.formatLabel = delimiter == 0x09 ? "tsv" : delimiter == 0x2C ? "csv" : "delimited(\(UnicodeScalar(delimiter)))"
            }
            sink.endSheet()
            sample.sheets = sink.sheets
        } catch let error as IngestFileError {
            sample.problem = error
        } catch let problem as ZipProblem {
            sample.problem = .malformed(problem.description)
        } catch let problem as XMLProblem {
            sample.problem = .malformed(problem.description)
        } catch {
            sample.problem = .unreadable(FileIngestion.reason(error))
        }
        return sample
    }

    /// The first records of a delimited file, decoded and split as `DelimitedFileIngester` does.
    private static func delimitedHead(_ url: URL, decision: TextEncodingDecision, temporaryFolder: URL) throws -> (Sheet, UInt8) {
        var readURL = url
        var start: Int64 = decision.hasBOM ? 3 : 0
        var temporary: URL?
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        if decision.encoding == .gb18030 || decision.invalidSequences > 0 {
            let converted = temporaryFolder.appendingPathComponent("init-\(UUID().uuidString).utf8")
            try UTF8Transcoder.transcode(url, from: decision.encoding, to: converted)
            temporary = converted
            readURL = converted
            start = decision.encoding == .utf8 && decision.hasBOM ? 3 : 0
        }
        let handle = try FileHandle(forReadingFrom: readURL)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(start))
        let head = [UInt8](try handle.read(upToCount: 64 << 10) ?? Data())
        let delimiter = url.pathExtension.lowercased() == "tsv" && head.contains(0x09) ? 0x09 : DelimiterSniffer.sniff(head)
        var reader = try DelimitedRecordReader(file: handle, delimiter: delimiter, startOffset: start)
        var sheet = Sheet(name: nil, rows: [])
        var row = CellRow()
        while sheet.rows.count < SheetHeaderDetector.searchDepth, try reader.next(into: &row) {
            sheet.rows.append((row.number, row.strings))
        }
        return (sheet, delimiter)
    }

    /// Keeps each sheet's first rows and stops its reader there.
    private final class Sampler: SheetRowSink {
        let detector: SheetHeaderDetector
        var sheets: [Sheet] = []
        private var open = false
        private(set) var sheetsRead = 0

        init(detector: SheetHeaderDetector) { self.detector = detector }

        var wantsRows: Bool { open && (sheets.last?.rows.count ?? 0) < SheetHeaderDetector.searchDepth }

        func beginSheet(named name: String) -> Bool {
            endSheet()
            sheets.append(Sheet(name: name, rows: []))
            open = true
            return true
        }

        func accept(_ row: CellRow) -> Bool {
            guard wantsRows else { return false }
            sheets[sheets.count - 1].rows.append((row.number, row.strings))
            return wantsRows
        }

        func endSheet() {
            guard open else { return }
            open = false
            if let last = sheets.last, detector.detect(last.rows) != nil { sheetsRead += 1 }
        }
    }
}
