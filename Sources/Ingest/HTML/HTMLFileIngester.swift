import BiduiCore
import Foundation

/// Ingests an HTML page saved as .xls: the first table whose header matches the role's columns.
struct HTMLFileIngester {
    let source: ResolvedSource
    let detector: SheetHeaderDetector
    let scan: EncodingScan
    let send: (IngestEvent) -> Void

    func run(outcome: inout FileOutcome) throws {
        outcome.format = "html"
        let encoding = Self.encoding(declaredIn: scan.prefix, choice: source.spec.encoding, scan: scan)
        outcome.encoding = encoding
        let workbook = WorkbookIngestion(source: source, detector: detector, send: send)
        HTMLTableReader.read(source.url, encoding: encoding, into: workbook)
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
        return scan.invalidUTF8 == 0 ? "UTF-8" : "GB18030"
    }
}
