import CBiduiZlib
import Foundation

/// Writes a ZIP archive entry by entry, deflating each as it streams (zlib raw deflate), so an
/// entry of any size passes through a fixed buffer. Sizes and CRC follow each entry in a data
/// descriptor; the central directory is written at `finish()`.
///
/// Deflating runs on a serial queue of its own, a few 64 KiB chunks behind the caller, so building
/// the XML and compressing it use two cores. The archive's state lives on that queue; the caller's
/// thread only fills the next chunk. The bytes written are the same as deflating in line.
public final class ZipWriter: @unchecked Sendable {
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    private struct Entry {
        var name: [UInt8]
        var offset: UInt64
        var crc: UInt32
        var compressed: UInt64
        var uncompressed: UInt64
    }

    private let handle: FileHandle
    private var offset: UInt64 = 0
    private var entries: [Entry] = []
    private var current: Entry?
    private var stream = z_stream()
    private var deflating = false
    private let output = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256 << 10)
    private var pending: [UInt8] = []
    private let compressor = DispatchQueue(label: "bidui.zip.deflate")
    /// Chunks handed to the compressor and not yet deflated (bounds memory).
    private let inFlight = DispatchSemaphore(value: 4)
    /// The first error the compressor met; thrown at the caller's next call.
    private var failure: (any Error)?
    private let failureLock = NSLock()

    private let level: Int32

    /// `level` is zlib's (1 fastest … 9 smallest); 6, zlib's default, unless a caller trades size for time.
    public init(url: URL, level: Int32 = 6) throws {
        self.level = level
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw WriteError(description: "cannot create \(url.path)")
        }
        handle = try FileHandle(forWritingTo: url)
    }

    deinit {
        if deflating { deflateEnd(&stream) }
        output.deallocate()
        try? handle.close()
    }

    /// Starts a new entry; the previous one is closed first.
    public func beginEntry(_ name: String) throws {
        try onCompressor { try self.startEntry(name) }
    }

    private func startEntry(_ name: String) throws {
        try endEntry()
        var header = [UInt8]()
        header.le32(0x0403_4B50)
        header.le16(20)          // version needed
        header.le16(0x0808)      // data descriptor follows; names are UTF-8
        header.le16(8)           // deflate
        header.le16(0); header.le16(0x21)  // time, date (1980-01-01: reproducible bytes)
        header.le32(0); header.le32(0); header.le32(0)
        let nameBytes = Array(name.utf8)
        header.le16(UInt16(nameBytes.count))
        header.le16(0)
        header += nameBytes
        current = Entry(name: nameBytes, offset: offset, crc: 0, compressed: 0, uncompressed: 0)
        try emit(header)
        stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw WriteError(description: "zlib could not start deflating \(name)")
        }
        deflating = true
    }

    /// Appends uncompressed bytes to the current entry.
    public func write(_ bytes: [UInt8]) throws {
        pending += bytes
        guard pending.count >= 64 << 10 else { return }
        try throwFailure()
        let chunk = pending
        pending.removeAll(keepingCapacity: true)
        inFlight.wait()
        compressor.async {
            do {
                if self.currentFailure == nil { try self.compress(chunk, finish: false) }
            } catch {
                self.record(error)
            }
            self.inFlight.signal()
        }
    }

    /// Runs `body` on the compressor after the chunks before it, with what is still pending, and
    /// rethrows the compressor's first error.
    private func onCompressor(_ body: @escaping () throws -> Void) throws {
        let chunk = pending
        pending.removeAll(keepingCapacity: true)
        compressor.sync {
            guard currentFailure == nil else { return }
            do {
                if !chunk.isEmpty { try compress(chunk, finish: false) }
                try body()
            } catch {
                record(error)
            }
        }
        try throwFailure()
    }

    private var currentFailure: (any Error)? {
        failureLock.lock()
        defer { failureLock.unlock() }
        return failure
    }

    private func record(_ error: any Error) {
        failureLock.lock()
        if failure == nil { failure = error }
        failureLock.unlock()
    }

    private func throwFailure() throws {
        if let error = currentFailure { throw error }
    }

    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Deflates `chunk` into the open entry (on the compressor).
    private func compress(_ chunk: [UInt8], finish: Bool) throws {
        guard var entry = current else { throw WriteError(description: "no entry is open") }
        var chunk = chunk
        entry.crc = UInt32(truncatingIfNeeded: chunk.withUnsafeBufferPointer { crc32(uLong(entry.crc), $0.baseAddress, uInt($0.count)) })
        entry.uncompressed += UInt64(chunk.count)
        try chunk.withUnsafeMutableBufferPointer { input in
            stream.next_in = input.baseAddress
            stream.avail_in = uInt(input.count)
            while true {
                stream.next_out = output.baseAddress
                stream.avail_out = uInt(output.count)
                let status = deflate(&stream, finish ? Z_FINISH : Z_NO_FLUSH)
                guard status != Z_STREAM_ERROR else { throw WriteError(description: "zlib deflate failed") }
                let produced = output.count - Int(stream.avail_out)
                entry.compressed += UInt64(produced)
                try emit(Array(UnsafeBufferPointer(rebasing: output[0..<produced])))
                // Without Z_FINISH, deflate is done with the input once it leaves output space free.
                if finish ? status == Z_STREAM_END : stream.avail_out != 0 { break }
            }
        }
        current = entry
    }

    private func endEntry() throws {
        guard current != nil else { return }
        try compress([], finish: true)
        deflateEnd(&stream)
        deflating = false
        guard let entry = current else { return }
        guard entry.compressed < 0xFFFF_FFFF, entry.uncompressed < 0xFFFF_FFFF, entry.offset < 0xFFFF_FFFF else {
            throw WriteError(description: "entry \(String(decoding: entry.name, as: UTF8.self)) passes 4 GiB, which this writer does not support (no ZIP64)")
        }
        var descriptor = [UInt8]()
        descriptor.le32(0x0807_4B50)
        descriptor.le32(entry.crc)
        descriptor.le32(UInt32(entry.compressed))
        descriptor.le32(UInt32(entry.uncompressed))
        try emit(descriptor)
        entries.append(entry)
        current = nil
    }

    /// Closes the last entry and writes the central directory.
    public func finish() throws {
        try onCompressor { try self.writeDirectory() }
    }

    private func writeDirectory() throws {
        try endEntry()
        let directoryOffset = offset
        var directory = [UInt8]()
        for entry in entries {
            directory.le32(0x0201_4B50)
            directory.le16(20); directory.le16(20); directory.le16(0x0808); directory.le16(8)
            directory.le16(0); directory.le16(0x21)
            directory.le32(entry.crc)
            directory.le32(UInt32(entry.compressed))
            directory.le32(UInt32(entry.uncompressed))
            directory.le16(UInt16(entry.name.count))
            directory.le16(0); directory.le16(0); directory.le16(0); directory.le16(0)
            directory.le32(0)
            directory.le32(UInt32(entry.offset))
            directory += entry.name
        }
        var end = [UInt8]()
        end.le32(0x0605_4B50)
        end.le16(0); end.le16(0)
        end.le16(UInt16(entries.count)); end.le16(UInt16(entries.count))
        end.le32(UInt32(directory.count))
        end.le32(UInt32(directoryOffset))
        end.le16(0)
        try emit(directory + end)
        try handle.synchronize()
        try handle.close()
    }

    private func emit(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try handle.write(contentsOf: bytes)
        offset += UInt64(bytes.count)
    }
}

extension Array where Element == UInt8 {
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { le16(UInt16(v & 0xFFFF)); le16(UInt16(v >> 16)) }
}
