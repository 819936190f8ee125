extension SAXParser {
    /// Parses a small document held in memory (workbook parts, relationships, styles).
    func parse(name: String, bytes: [UInt8]) throws {
        var offset = 0
        try parse(name: name) { buffer in
            let count = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
            }
            offset += count
            return count
        }
    }
}

/// Collects the text inside the current element, as bytes, across several `characters` calls.
///
/// Text past `maximumBytes` is dropped and `overflowed` set: Excel holds at most 32,767 characters in
/// a cell, so more is a hostile or broken file, and memory stays bounded.
struct TextCollector {
    static let maximumBytes = 1 << 20
    private(set) var bytes: [UInt8] = []
    private(set) var overflowed = false
    var isCollecting = false

    mutating func start() {
        bytes.removeAll(keepingCapacity: true)
        overflowed = false
        isCollecting = true
    }

    mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        guard isCollecting else { return }
        if bytes.count + text.count > Self.maximumBytes {
            overflowed = true
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text.prefix(max(0, Self.maximumBytes - bytes.count))))
            return
        }
        bytes.append(contentsOf: text)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
