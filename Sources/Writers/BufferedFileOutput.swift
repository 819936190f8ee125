import Foundation

/// A file written through a 1 MiB buffer, created owner-only.
public final class BufferedFileOutput {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let transform: (([UInt8]) throws -> [UInt8])?

    /// `transform` (e.g. UTF-8 → GB18030) is applied to each flushed chunk, which always ends on a
    /// whole row, so no character is split.
    public init(url: URL, transform: (([UInt8]) throws -> [UInt8])? = nil) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw ZipWriter.WriteError(description: "cannot create \(url.path)")
        }
        handle = try FileHandle(forWritingTo: url)
        self.transform = transform
        buffer.reserveCapacity(1 << 20)
    }

    public func write(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }
    public func write(_ text: String) { buffer.append(contentsOf: text.utf8) }
    /// Bytes that bypass `transform` (a byte-order mark).
    public func writeRaw(_ bytes: [UInt8]) throws { try handle.write(contentsOf: bytes) }

    /// Flushes when the buffer is full; call after each whole row.
    public func rowEnded() throws {
        if buffer.count >= 1 << 20 { try flush() }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: try transform?(buffer) ?? buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() throws {
        try flush()
        try handle.synchronize()
        try handle.close()
    }
}
