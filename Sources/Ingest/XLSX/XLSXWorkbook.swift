import Foundation

/// The parts of an XLSX workbook that say what its sheets are: names, order and where each lives.
struct XLSXWorkbook {
    struct Sheet {
        var name: String
        var part: String
    }

    var sheets: [Sheet] = []
    var uses1904Dates = false
    var sharedStringsPart: String?
    var stylesPart: String?

    init(archive: ZipArchive) throws {
        guard let workbookEntry = archive.entry("xl/workbook.xml") else {
            throw ZipProblem(message: "no xl/workbook.xml: this ZIP file is not an XLSX workbook")
        }
        let workbook = WorkbookPart()
        try SAXParser(delegate: workbook).parse(name: "xl/workbook.xml", bytes: try ZipEntryReader.readAll(archive, workbookEntry))
        let relationships = RelationshipsPart()
        if let entry = archive.entry("xl/_rels/workbook.xml.rels") {
            try SAXParser(delegate: relationships).parse(name: "xl/_rels/workbook.xml.rels", bytes: try ZipEntryReader.readAll(archive, entry))
        }
        uses1904Dates = workbook.uses1904Dates
        for (index, sheet) in workbook.sheets.enumerated() {
            let target = sheet.relationship.flatMap { relationships.targets[$0] } ?? "worksheets/sheet\(index + 1).xml"
            sheets.append(Sheet(name: sheet.name, part: Self.resolve(target)))
        }
        sharedStringsPart = relationships.typed["sharedStrings"].map(Self.resolve) ?? "xl/sharedStrings.xml"
        stylesPart = relationships.typed["styles"].map(Self.resolve) ?? "xl/styles.xml"
    }

    /// Relationship targets are relative to `xl/`, or absolute from the package root.
    static func resolve(_ target: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = ["xl"]
        for component in target.split(separator: "/") {
            if component == ".." { _ = parts.popLast() } else if component != "." { parts.append(String(component)) }
        }
        return parts.joined(separator: "/")
    }
}

private final class WorkbookPart: SAXDelegate {
    var sheets: [(name: String, relationship: String?)] = []
    var uses1904Dates = false

    func startElement(_ name: SAXName, attributes: SAXAttributes) {
        if name.is("sheet") {
            sheets.append((attributes.string("name") ?? "Sheet\(sheets.count + 1)", attributes.string("id")))
        } else if name.is("workbookPr") {
            let value = attributes.string("date1904")
            uses1904Dates = value == "1" || value == "true"
        }
    }

    func endElement(_ name: SAXName) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}

private final class RelationshipsPart: SAXDelegate {
    var targets: [String: String] = [:]
    /// Last path component of the relationship type → target (sharedStrings, styles).
    var typed: [String: String] = [:]

    func startElement(_ name: SAXName, attributes: SAXAttributes) {
        guard name.is("Relationship"), let id = attributes.string("Id"), let target = attributes.string("Target") else { return }
        targets[id] = target
        if let type = attributes.string("Type")?.split(separator: "/").last { typed[String(type)] = target }
    }

    func endElement(_ name: SAXName) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}
