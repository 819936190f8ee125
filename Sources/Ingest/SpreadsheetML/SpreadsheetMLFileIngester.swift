import BiduiCore
import Foundation

/// Ingests a SpreadsheetML 2003 file (.xml, or an .xls that is really XML).
struct SpreadsheetMLFileIngester {
    let source: ResolvedSource
    let detector: SheetHeaderDetector
    let send: (IngestEvent) -> Void
    /// The first pass over the file; nil where a caller has none (no encoding check then).
    var scan: EncodingScan? = nil

    func run(outcome: inout FileOutcome) throws {
        outcome.format = "spreadsheetml"
        if let scan, let declared = Self.declaredEncoding(scan.prefix),
           ["gb18030", "gbk", "gb2312", "cp936"].contains(declared), scan.invalidGB18030 > 0 {
            // libxml2 would stop with "parse error 81" and print iconv's complaint on standard error.
            throw IngestFileError.unsupportedEncoding(
                "declares the encoding \(declared.uppercased()) but holds \(scan.invalidGB18030) byte sequence(s) that are not valid GB18030: the file is damaged. Open it in Excel or WPS and save it again")
        }
        let workbook = WorkbookIngestion(source: source, detector: detector, send: send)
        do {
            try SpreadsheetMLReader.read(source.url, into: workbook)
        } catch let problem as XMLProblem {
            throw IngestFileError.malformed("\(problem)")
        }
        try workbook.finish(outcome: &outcome)
    }

    /// The `encoding` of the XML declaration, lower-cased; nil when there is none.
    static func declaredEncoding(_ prefix: [UInt8]) -> String? {
        let head = String(decoding: prefix.prefix(256), as: UTF8.self)
        guard let declaration = head.range(of: "<?xml"), let end = head.range(of: "?>", range: declaration.upperBound..<head.endIndex),
              let key = head.range(of: "encoding=", range: declaration.upperBound..<end.lowerBound) else { return nil }
        let value = head[key.upperBound..<end.lowerBound].drop { $0 == "\"" || $0 == "'" }
            .prefix { $0 != "\"" && $0 != "'" && $0 != " " }
        return value.isEmpty ? nil : value.lowercased()
    }
}
