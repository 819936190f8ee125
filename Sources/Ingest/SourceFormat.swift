/// What a file really is, judged by its first bytes: department files' extensions lie (DOMAIN.md).
enum SourceFormat: String, Sendable {
    case xlsx, spreadsheetML = "spreadsheetml", htmlTable = "html", biff, delimitedText = "text"

    static func sniff(_ prefix: [UInt8]) -> SourceFormat {
        if prefix.starts(with: [0x50, 0x4B, 0x03, 0x04]) || prefix.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .xlsx }
        if prefix.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .biff }
        // Look past a BOM and white space at the start of markup.
        let head = String(decoding: prefix.prefix(2048), as: UTF8.self).lowercased()
        let trimmed = head.drop { $0 == "\u{FEFF}" || $0.isWhitespace }
        if trimmed.hasPrefix("<?xml") || trimmed.hasPrefix("<workbook") {
            if head.contains("progid=\"excel.sheet\"") || head.contains("urn:schemas-microsoft-com:office:spreadsheet") {
                return .spreadsheetML
            }
            if head.contains("<html") { return .htmlTable }
            return .spreadsheetML
        }
        if trimmed.hasPrefix("<html") || trimmed.hasPrefix("<!doctype html") || trimmed.hasPrefix("<table")
            || trimmed.hasPrefix("<meta") {
            return .htmlTable
        }
        // Any other document type before a page (one with entity declarations, say) is still a page:
        // read by the HTML parser, which expands no declared entity, rather than as text.
        if trimmed.hasPrefix("<!doctype") && (head.contains("<html") || head.contains("<table")) { return .htmlTable }
        return .delimitedText
    }
}
