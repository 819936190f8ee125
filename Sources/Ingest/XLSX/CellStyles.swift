/// Which cell styles (`s` attribute, an index into `cellXfs`) display numbers as dates.
final class CellStyles: SAXDelegate {
    private var customFormats: [Int: String] = [:]
    private var styleFormats: [Int] = []
    private var inCellXfs = false

    /// Built-in number formats that are dates or times (ECMA-376 §18.8.30), plus the CJK date formats.
    static let builtInDateFormats: Set<Int> = Set(14...22).union(45...47).union(27...36).union(50...58)

    static func load(_ archive: ZipArchive, part: String?) throws -> Set<Int> {
        guard let part, let entry = archive.entry(part) else { return [] }
        let styles = CellStyles()
        try SAXParser(delegate: styles).parse(name: part, bytes: try ZipEntryReader.readAll(archive, entry))
        var dates = Set<Int>()
        for (index, format) in styles.styleFormats.enumerated() {
            if builtInDateFormats.contains(format) || styles.customFormats[format].map(isDateFormat) == true {
                dates.insert(index)
            }
        }
        return dates
    }

    /// A format code shows a date when it uses y, m, d, h or s outside quotes, brackets and escapes
    /// (`[Red]0.00` and `"年"0` are not dates; `yyyy"年"m"月"d"日"` is).
    static func isDateFormat(_ code: String) -> Bool {
        var inQuotes = false, inBrackets = false, escaped = false
        for ch in code.lowercased() {
            if escaped { escaped = false; continue }
            if ch == "\\" { escaped = true; continue }
            if ch == "\"" { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if ch == "[" { inBrackets = true; continue }
            if ch == "]" { inBrackets = false; continue }
            if !inBrackets && "ymdhs".contains(ch) { return true }
        }
        return false
    }

    func startElement(_ name: SAXName, attributes: SAXAttributes) {
        if name.is("numFmt"), let id = attributes.integer("numFmtId"), let code = attributes.string("formatCode") {
            customFormats[id] = code
        } else if name.is("cellXfs") {
            inCellXfs = true
        } else if name.is("xf") && inCellXfs {
            styleFormats.append(attributes.integer("numFmtId") ?? 0)
        }
    }

    func endElement(_ name: SAXName) {
        if name.is("cellXfs") { inCellXfs = false }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}
