import CLibXML2
import Foundation

/// Receives a document's events from `SAXParser`. Names are local names (no prefix), as UTF-8 bytes.
protocol SAXDelegate: AnyObject {
    func startElement(_ name: SAXName, attributes: SAXAttributes)
    func endElement(_ name: SAXName)
    func characters(_ text: UnsafeBufferPointer<UInt8>)
    /// Checked after each end tag: true stops the parse (the delegate wants no more).
    var stopRequested: Bool { get }
}

extension SAXDelegate {
    var stopRequested: Bool { false }
}

/// An element's local name as libxml2 hands it over: valid only during the callback.
struct SAXName {
    let pointer: UnsafePointer<xmlChar>

    /// Compares with an ASCII name without building a String.
    @inline(__always)
    func `is`(_ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        let expected = name.utf8Start
        for i in 0..<count where pointer[i] != expected[i] { return false }
        return pointer[count] == 0
    }

    var string: String { String(cString: pointer) }
}

/// An element's attributes during a start-element callback.
struct SAXAttributes {
    let count: Int
    let raw: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

    /// The value of the attribute with this local name, in any namespace.
    func value(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let raw else { return nil }
        for i in 0..<count {
            guard let local = raw[i * 5], SAXName(pointer: local).is(name),
                  let start = raw[i * 5 + 3], let end = raw[i * 5 + 4] else { continue }
            return UnsafeBufferPointer(start: start, count: end - start)
        }
        return nil
    }

    func string(_ name: StaticString) -> String? {
        value(name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A non-negative decimal attribute (row numbers, indexes); nil when absent or not a number.
    func integer(_ name: StaticString) -> Int? {
        guard let bytes = value(name), !bytes.isEmpty, bytes.count < 18 else { return nil }
        var n = 0
        for b in bytes {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            n = n * 10 + Int(b - 0x30)
        }
        return n
    }
}

/// What went wrong while parsing XML, with the line and column libxml2 reports.
struct XMLProblem: Error, Sendable, CustomStringConvertible {
    var message: String
    var line: Int?
    var column: Int?
    /// The XML may be well formed but bidui will not read it (a DTD, a table past its limits).
    var isRefusal = false

    var description: String {
        if isRefusal { return message }
        var where_ = ""
        if let line { where_ = " at line \(line)" + (column.map { ", column \($0)" } ?? "") }
        return "malformed XML\(where_): \(message); the file is damaged or was not saved by a spreadsheet program. Open it in Excel or WPS and save it again"
    }
}

extension XMLProblem {
    /// Any `<!DOCTYPE`: the only way to billion laughs and external entities, and no spreadsheet has one.
    static let documentTypeDeclaration = XMLProblem(
        message: "the XML declares a DTD (<!DOCTYPE>), which spreadsheet files never do; it may be malicious (entity expansion or external entities) and is not read. Open the file in Excel or WPS and save it again",
        isRefusal: true)
}

/// libxml2's SAX2 push parser, fed chunk by chunk, so a document is never held in memory.
///
/// Safe by construction: no network (`XML_PARSE_NONET`), no entity substitution (no
/// `XML_PARSE_NOENT`), no DTD loading, and any document type declaration stops the parse:
/// spreadsheet XML never has one, so a DTD can only be an attack (billion laughs, external entities).
final class SAXParser {
    /// Keeps the delegate alive for the parser's lifetime…
    private let delegate: SAXDelegate
    /// …so the callbacks can reach it without retaining it: millions of calls per sheet.
    private unowned(unsafe) let callee: SAXDelegate
    private var context: xmlParserCtxtPtr?
    private(set) var problem: XMLProblem?

    init(delegate: SAXDelegate) {
        self.delegate = delegate
        self.callee = delegate
    }

    /// Parses everything `next` yields (chunks of bytes; an empty chunk ends the document).
    func parse(name: String, next: (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { context, localname, _, _, _, _, attributeCount, _, attributes in
            guard let context, let localname else { return }
            Unmanaged<SAXParser>.fromOpaque(context)._withUnsafeGuaranteedRef {
                $0.callee.startElement(
                    SAXName(pointer: localname), attributes: SAXAttributes(count: Int(attributeCount), raw: attributes))
            }
        }
        handler.endElementNs = { context, localname, _, _ in
            guard let context, let localname else { return }
            Unmanaged<SAXParser>.fromOpaque(context)._withUnsafeGuaranteedRef { parser in
                parser.callee.endElement(SAXName(pointer: localname))
                if parser.callee.stopRequested { parser.stop(XMLProblem(message: "stopped by the reader")) }
            }
        }
        handler.characters = { context, text, length in
            guard let context, let text else { return }
            Unmanaged<SAXParser>.fromOpaque(context)._withUnsafeGuaranteedRef {
                $0.callee.characters(UnsafeBufferPointer(start: text, count: Int(length)))
            }
        }
        handler.cdataBlock = handler.characters
        handler.internalSubset = { context, _, _, _ in
            guard let context else { return }
            let parser = Unmanaged<SAXParser>.fromOpaque(context).takeUnretainedValue()
            parser.stop(XMLProblem.documentTypeDeclaration)
        }
        handler.serror = { context, error in
            guard let context, let error else { return }
            let parser = Unmanaged<SAXParser>.fromOpaque(context).takeUnretainedValue()
            guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue, parser.problem == nil else { return }
            let message = error.pointee.message.map { String(cString: $0) }?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown error"
            parser.problem = XMLProblem(
                message: message, line: error.pointee.line > 0 ? Int(error.pointee.line) : nil,
                column: error.pointee.int2 > 0 ? Int(error.pointee.int2) : nil)
        }
        let me = Unmanaged.passUnretained(self).toOpaque()
        guard let context = xmlCreatePushParserCtxt(&handler, me, nil, 0, name) else {
            throw XMLProblem(message: "libxml2 could not create a parser")
        }
        self.context = context
        defer {
            xmlFreeParserCtxt(context)
            self.context = nil
        }
        _ = xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 1)
        defer { buffer.deallocate() }
        while problem == nil {
            let count = try next(buffer)
            let terminate: Int32 = count == 0 ? 1 : 0
            let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self)
            let status = xmlParseChunk(context, base, Int32(count), terminate)
            if status != 0 && problem == nil {
                problem = XMLProblem(message: "parse error \(status)")
            }
            if count == 0 { break }
        }
        if let problem { throw problem }
    }

    /// Stops the parse from inside a callback; `parse` then throws `problem`.
    func stop(_ problem: XMLProblem) {
        if self.problem == nil { self.problem = problem }
        if let context { xmlStopParser(context) }
    }
}
