import Foundation

/// Cuts an inflated worksheet into self-contained XML documents of whole rows, so several cores can
/// parse one sheet: each block is the worksheet's own root start tag (with every namespace
/// declaration), a run of complete `<row>` elements, and the matching end tag.
struct WorksheetSplitter {
    struct Block {
        var sequence: Int
        var xml: [UInt8]
        /// Where the block's first row starts in the original part, for error messages.
        var line: Int
        var column: Int
        /// Bytes of wrapper before the rows (its root start tag).
        var wrapperLength: Int
    }

    static let blockSize = 2 << 20
    /// No row of a real sheet comes near this; more without a row end means a broken or hostile file.
    static let maximumPending = 64 << 20
    /// What comes before `<sheetData>` (sheet properties, views, up to 16,384 `<col>`s) is far smaller.
    static let maximumPrelude = 4 << 20
    private var pending: [UInt8] = []
    /// `pending` before this offset holds no row end (searched already).
    private var searchedForRowEnd = 0
    private(set) var oversizedRow = false
    /// No `<sheetData>` within `maximumPrelude` bytes: not a worksheet, or a hostile one.
    private(set) var oversizedPrelude = false
    /// The part declares a DTD (billion laughs, external entities): it is not read.
    private(set) var declaresDocumentType = false
    private var rootStart: [UInt8]?
    private var rootEnd: [UInt8] = []
    private var inSheetData = false
    private(set) var finished = false
    private var sequence = 0
    private var line = 1
    private var column = 1

    /// Adds inflated bytes; returns the blocks now complete.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [Block] {
        guard !finished else { return [] }
        var searchFrom = max(0, pending.count - 16)
        pending.append(contentsOf: bytes)
        if !inSheetData {
            findSheetData()
            searchFrom = 0
            if !inSheetData && !finished && pending.count > Self.maximumPrelude {
                oversizedPrelude = true
                finished = true
                pending = []
            }
        }
        guard inSheetData && !finished else { return [] }
        var blocks: [Block] = []
        if let end = Self.find(Array("sheetData>".utf8), in: pending, closing: true, from: searchFrom) {
            cut(at: end.start, into: &blocks)
            finished = true
            pending = []
        } else if pending.count >= Self.blockSize {
            if let boundary = Self.lastRowEnd(in: pending, after: searchedForRowEnd) {
                cut(at: boundary, into: &blocks)
                searchedForRowEnd = 0
            } else if pending.count > Self.maximumPending {
                oversizedRow = true
                finished = true
                pending = []
            } else {
                searchedForRowEnd = max(0, pending.count - 8)
            }
        }
        return blocks
    }

    /// The last block at the end of the part (a sheet whose `</sheetData>` is missing is cut off here).
    mutating func finish() -> [Block] {
        var blocks: [Block] = []
        if inSheetData && !finished, let boundary = Self.lastRowEnd(in: pending) { cut(at: boundary, into: &blocks) }
        finished = true
        return blocks
    }

    /// True when the part ended before its rows did.
    var sawNoSheetData: Bool { rootStart == nil || !inSheetData }

    private mutating func findSheetData() {
        if rootStart == nil, let root = Self.rootElement(in: pending) {
            let prolog = pending[..<root.range.lowerBound], doctype = Array("<!DOCTYPE".utf8)
            if prolog.indices.contains(where: { prolog[$0...].starts(with: doctype) }) {
                declaresDocumentType = true
                finished = true
                pending = []
                return
            }
            rootStart = Array(pending[root.range])
            rootEnd = Array("</".utf8) + root.name + [UInt8(ascii: ">")]
        }
        guard rootStart != nil, let start = Self.find(Array("sheetData".utf8), in: pending, closing: false),
              let close = pending[start.end...].firstIndex(of: UInt8(ascii: ">")) else { return }
        advancePosition(over: pending[0...close])
        if close > 0 && pending[close - 1] == UInt8(ascii: "/") {  // <sheetData/>: no rows
            finished = true
            inSheetData = true
            pending = []
            return
        }
        pending.removeFirst(close + 1)
        inSheetData = true
    }

    private mutating func cut(at end: Int, into blocks: inout [Block]) {
        guard end > 0, let rootStart else {
            if end > 0 { pending.removeFirst(end) }
            return
        }
        var xml = rootStart
        xml.reserveCapacity(rootStart.count + end + rootEnd.count)
        xml.append(contentsOf: pending[0..<end])
        xml.append(contentsOf: rootEnd)
        blocks.append(Block(sequence: sequence, xml: xml, line: line, column: column, wrapperLength: rootStart.count))
        sequence += 1
        advancePosition(over: pending[0..<end])
        pending.removeFirst(end)
    }

    /// Line and byte column after `bytes`, for error messages.
    private mutating func advancePosition(over bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { p in
            var lastBreak = -1
            var breaks = 0
            for i in 0..<p.count where p[i] == 0x0A {
                breaks += 1
                lastBreak = i
            }
            if breaks == 0 {
                column += p.count
            } else {
                line += breaks
                column = p.count - lastBreak
            }
        }
    }

    /// The document element's start tag (its byte range) and qualified name.
    static func rootElement(in bytes: [UInt8]) -> (range: Range<Int>, name: [UInt8])? {
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "<") && bytes[i + 1] != UInt8(ascii: "?") && bytes[i + 1] != UInt8(ascii: "!") {
                guard let close = bytes[i...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
                var nameEnd = i + 1
                while nameEnd < close, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "/")].contains(bytes[nameEnd]) { nameEnd += 1 }
                return (i..<(close + 1), Array(bytes[(i + 1)..<nameEnd]))
            }
            i += 1
        }
        return nil
    }

    /// A `<sheetData` (or `</sheetData>` when `closing`) tag, with or without a namespace prefix.
    static func find(_ name: [UInt8], in bytes: [UInt8], closing: Bool, from start: Int = 0) -> (start: Int, end: Int)? {
        guard bytes.count >= name.count + 2 else { return nil }
        var i = start
        while i + name.count <= bytes.count {
            // memchr finds the next candidate first byte at C speed; most calls find none.
            let found: Int? = bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress, let hit = memchr(base + i, Int32(name[0]), raw.count - i) else { return nil }
                return base.distance(to: UnsafeRawPointer(hit))
            }
            guard let hit = found, hit + name.count <= bytes.count else { return nil }
            i = hit
            if bytes[i..<(i + name.count)].elementsEqual(name) {
                // Walk back over an optional prefix to the '<' (or '</').
                var j = i - 1
                while j >= 0 && bytes[j] != UInt8(ascii: "<") && bytes[j] != UInt8(ascii: ">") && bytes[j] != 0x20 { j -= 1 }
                if j >= 0 && bytes[j] == UInt8(ascii: "<") {
                    let isClosing = j + 1 < bytes.count && bytes[j + 1] == UInt8(ascii: "/")
                    if isClosing == closing { return (j, i + name.count) }
                }
            }
            i += 1
        }
        return nil
    }

    /// The offset just past the last `row>` end tag (`</row>` or `</x:row>`).
    static func lastRowEnd(in bytes: [UInt8], after start: Int = 0) -> Int? {
        let tail = Array("row>".utf8)
        var i = bytes.count - tail.count
        while i > max(1, start) {
            if bytes[i] == tail[0] && bytes[i..<(i + tail.count)].elementsEqual(tail) {
                var j = i - 1
                while j > 0 && bytes[j] != UInt8(ascii: "/") && bytes[j] != UInt8(ascii: "<") && bytes[j] != 0x20 { j -= 1 }
                // j is 0 when the walk reached the start: no '<' before it (`/xrow>`, found by fuzzing).
                if j > 0 && bytes[j] == UInt8(ascii: "/") && bytes[j - 1] == UInt8(ascii: "<") { return i + tail.count }
            }
            i -= 1
        }
        return nil
    }
}
