/// The workbook's shared string table, streamed: rich-text runs joined, phonetic runs (`rPh`) left out.
///
/// Memory is bounded by this table, never by the sheet: it is the only part held whole.
final class SharedStrings: SAXDelegate {
    private(set) var strings: [String] = []
    private var text = TextCollector()
    private var inItem = false
    private var phoneticDepth = 0
    private var current: [UInt8] = []

    static func load(_ archive: ZipArchive, part: String?) throws -> [String] {
        guard let part, let entry = archive.entry(part) else { return [] }
        let table = SharedStrings()
        let reader = try ZipEntryReader(archive: archive, entry: entry)
        try SAXParser(delegate: table).parse(name: part) { try reader.read(into: $0) }
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
            current.append(contentsOf: text.bytes)
            text.isCollecting = false
        } else if name.is("rPh") {
            phoneticDepth -= 1
        } else if name.is("si") {
            strings.append(String(decoding: current, as: UTF8.self))
            inItem = false
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) { text.append(bytes) }
}
