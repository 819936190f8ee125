/// Turns fuzz input into an XLSX file. Input starting with `PK` is taken as the file itself (the ZIP
/// container's own parsing); anything else is the workbook's XML parts separated by `partSeparator`
/// (worksheet, shared strings, styles, workbook, workbook relationships, in that order), packed with
/// correct sizes and CRCs, so mutations of the XML are not all refused by the container's checks.
enum XLSXInput {
    static let partSeparator = Array("<!--bidui-part-->".utf8)

    static let partNames = [
        "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
    ]

    /// The workbook and relationships a part list that stops early is completed with.
    static let defaultWorkbook = Array("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="学籍" sheetId="1" r:id="rId1"/></sheets></workbook>
        """.utf8)
    static let defaultRelationships = Array("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
        """.utf8)

    static func workbook(from bytes: [UInt8]) -> [UInt8] {
        if bytes.starts(with: [0x50, 0x4B]) { return bytes }
        let parts = split(bytes)
        var entries: [(name: String, data: [UInt8])] = []
        for (index, name) in partNames.enumerated() {
            if index < parts.count {
                entries.append((name, parts[index]))
            } else if index == 3 {
                entries.append((name, defaultWorkbook))
            } else if index == 4 {
                entries.append((name, defaultRelationships))
            }
        }
        return StoredZip.archive(entries)
    }

    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var start = 0, i = 0
        let separator = partSeparator
        while i + separator.count <= bytes.count {
            if bytes[i] == separator[0] && bytes[i..<(i + separator.count)].elementsEqual(separator) {
                parts.append(Array(bytes[start..<i]))
                i += separator.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(Array(bytes[start...]))
        return parts
    }
}

/// A ZIP archive of uncompressed entries, written in memory.
enum StoredZip {
    static func archive(_ entries: [(name: String, data: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            let crc = crc32(entry.data)
            let offset = UInt32(out.count)
            out.le32(0x0403_4B50); out.le16(20); out.le16(0); out.le16(0); out.le16(0); out.le16(0x21)
            out.le32(crc); out.le32(UInt32(entry.data.count)); out.le32(UInt32(entry.data.count))
            out.le16(UInt16(name.count)); out.le16(0)
            out += name
            out += entry.data
            directory.le32(0x0201_4B50); directory.le16(20); directory.le16(20); directory.le16(0); directory.le16(0)
            directory.le16(0); directory.le16(0x21); directory.le32(crc)
            directory.le32(UInt32(entry.data.count)); directory.le32(UInt32(entry.data.count))
            directory.le16(UInt16(name.count)); directory.le16(0); directory.le16(0); directory.le16(0); directory.le16(0)
            directory.le32(0); directory.le32(offset)
            directory += name
        }
        let directoryOffset = UInt32(out.count)
        out += directory
        out.le32(0x0605_4B50); out.le16(0); out.le16(0)
        out.le16(UInt16(entries.count)); out.le16(UInt16(entries.count))
        out.le32(UInt32(directory.count)); out.le32(directoryOffset); out.le16(0)
        return out
    }

    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

private extension Array where Element == UInt8 {
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { le16(UInt16(v & 0xFFFF)); le16(UInt16(v >> 16)) }
}
