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
struct TextCollector {
    private(set) var bytes: [UInt8] = []
    var isCollecting = false

    mutating func start() {
        bytes.removeAll(keepingCapacity: true)
        isCollecting = true
    }

    mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        if isCollecting { bytes.append(contentsOf: text) }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
