import BiduiCore
import Foundation

/// Ingests an HTML page saved as .xls: the first table whose header matches the role's columns.
struct HTMLFileIngester {
    let source: ResolvedSource
    let detector: SheetHeaderDetector
    let scan: EncodingScan
    let temporaryFolder: URL
    let send: (IngestEvent) -> Void

    /// Bytes invalid in the page's encoding, or NUL bytes, would make libxml2 fall back to Latin-1 for
    /// the whole page (every name garbled, silently) or drop them: such a page is first copied to
    /// UTF-8 with U+FFFD in their place, and the rows holding them are rejected, as for CSV.
    func run(outcome: inout FileOutcome) throws {
        outcome.format = "html"
        let encoding = Self.encoding(declaredIn: scan.prefix, choice: source.spec.encoding, scan: scan)
        outcome.encoding = encoding
        let invalid = (encoding == "UTF-8" ? scan.invalidUTF8 : scan.invalidGB18030) + scan.nulBytes
        var readURL = source.url, readEncoding = encoding
        var temporary: URL?
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        if invalid > 0 {
            let url = temporaryFolder.appendingPathComponent("ingest-\(source.index)-\(getpid()).html")
            temporary = url
            do {
                try UTF8Transcoder.transcode(source.url, from: encoding == "UTF-8" ? .utf8 : .gb18030, to: url, replacingNUL: true)
            } catch let error as IngestFileError {
                throw error
            } catch {
                throw IngestFileError.unreadable("converting it to UTF-8 failed: \(error.localizedDescription)")
            }
            readURL = url
            readEncoding = "UTF-8"
            outcome.notes.append("\(invalid) byte sequences are not valid \(encoding) or are NUL bytes; the rows holding them are rejected")
        }
        let workbook = WorkbookIngestion(source: source, detector: detector, checkReplacementCharacters: invalid > 0, send: send)
        HTMLTableReader.read(readURL, encoding: readEncoding, into: workbook)
        try workbook.finish(outcome: &outcome)
    }

    /// The page's `<meta charset>` (GB2312 and GBK read as their superset GB18030), unless the
    /// pipeline says otherwise; without a declaration, what the bytes look like.
    static func encoding(declaredIn prefix: [UInt8], choice: TextEncodingChoice, scan: EncodingScan) -> String {
        switch choice {
        case .utf8: return "UTF-8"
        case .gb18030: return "GB18030"
        case .auto: break
        }
        let head = String(decoding: prefix.prefix(4096), as: UTF8.self).lowercased()
        if let range = head.range(of: "charset=") {
            let name = head[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
                .prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            switch name {
            case "gb2312", "gbk", "gb18030", "cp936", "x-gbk": return "GB18030"
            case "utf-8", "utf8": return "UTF-8"
            default: break
            }
        }
        // Undeclared: judged as for CSV, so a few bad bytes in a UTF-8 page do not make it GB18030.
        if case .success(let decision) = TextEncodingDecision.decide(scan, choice: .auto) { return decision.encoding.rawValue }
        return scan.invalidUTF8 == 0 ? "UTF-8" : "GB18030"
    }
}
