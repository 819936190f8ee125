/// The workbook's shared string table, streamed: rich-text runs joined, phonetic runs (`rPh`) left out.
///
/// Memory is bounded by this table, never by the sheet: it is the only part held whole, so the table
/// itself is bounded too (`maximumCount` strings, `maximumBytes` of text; each string cut at
/// `TextCollector.maximumBytes`): a hostile table is refused before it can exhaust memory.
final class SharedStrings: SAXDelegate {
    static let maximumCount = 8_000_000
    static let maximumBytes = 256 << 20
    private var totalBytes = 0
    private var parser: SAXParser?
    private(set) var strings: [String] = []
    private var text = TextCollector()
    private var inItem = false
    private var phoneticDepth = 0
    private var current: [UInt8] = []

    static func load(_ archive: ZipArchive, part: String?) throws -> [String] {
        guard let part, let entry = archive.entry(part) else { return [] }
        let table = SharedStrings()
        let reader = try ZipEntryReader(archive: archive, entry: entry)
        let parser = SAXParser(delegate: table)
        table.parser = parser
        defer { table.parser = nil }
        try parser.parse(name: part) { try reader.read(into: $0) }
        return table.strings
    }

    func startElement(_ name: SAXName, attributes: SAXAttributes) {
        if name.is("si") {
            inItem = true
            current.removeAll(keepingCapacity: true)
        } else if name.is("rPh") {
            phoneticDepth += 1
        } else if name.is("t") && inItem && phoneticDepth == 0 {
            text.start()
        }
    }

    func endElement(_ name: SAXName) {
        if name.is("t") && text.isCollecting {
            current.append(contentsOf: text.bytes.prefix(max(0, TextCollector.maximumBytes - current.count)))
            text.isCollecting = false
        } else if name.is("rPh") {
            phoneticDepth -= 1
        } else if name.is("si") {
            strings.append(String(decoding: current, as: UTF8.self))
            inItem = false
            totalBytes += current.count
            if strings.count > Self.maximumCount || totalBytes > Self.maximumBytes {
                parser?.stop(XMLProblem(message: "the shared string table holds more than \(Self.maximumCount) strings or \(Self.maximumBytes >> 20) MiB of text, far beyond any roster; refused as a possible zip bomb. Open the workbook in Excel or WPS and check it, or split it", isRefusal: true))
            }
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) { text.append(bytes) }
}
