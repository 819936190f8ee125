import CBiduiZlib
import Foundation

/// Streams one ZIP entry's uncompressed bytes (zlib raw inflate), checking its CRC-32 and size at the
/// end and refusing zip bombs: an entry may not inflate past `maximumSize`, nor past 50 MiB at a
/// ratio above `maximumRatio`.
final class ZipEntryReader {
    static let defaultMaximumSize: Int64 = 4 << 30
    static let defaultMaximumRatio: Int64 = 200

    private let entry: ZipArchive.Entry
    private let handle: FileHandle
    private var stream = z_stream()
    private var inflating = false
    private let input: UnsafeMutableBufferPointer<UInt8>
    private var compressedLeft: Int64
    private var crc: uLong = 0
    private(set) var produced: Int64 = 0
    private var finished = false
    private let maximumSize: Int64
    private let maximumRatio: Int64

    init(archive: ZipArchive, entry: ZipArchive.Entry,
         maximumSize: Int64 = ZipEntryReader.defaultMaximumSize,
         maximumRatio: Int64 = ZipEntryReader.defaultMaximumRatio) throws {
        self.entry = entry
        self.maximumSize = maximumSize
        self.maximumRatio = maximumRatio
        guard entry.flags & 1 == 0 else {
            throw ZipProblem(message: "\(entry.name) is encrypted: the workbook has a password; save it without one")
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw ZipProblem(message: "\(entry.name) uses ZIP compression method \(entry.method), which bidui does not read; save the workbook again from Excel or WPS")
        }
        handle = try FileHandle(forReadingFrom: archive.url)
        input = .allocate(capacity: 256 << 10)
        compressedLeft = entry.compressedSize
        // Every stored property is set from here on, so a throw runs deinit, which frees `input` and
        // closes `handle`: freeing them here too was a double free (found by fuzzing).
        guard entry.localHeaderOffset <= archive.size, entry.compressedSize <= archive.size else {
            throw ZipProblem(message: "\(entry.name) lies past the end of the file: the XLSX file is truncated or corrupt")
        }
        do {
            try handle.seek(toOffset: UInt64(entry.localHeaderOffset))
            let header = [UInt8](try handle.read(upToCount: 30) ?? Data())
            guard header.count == 30, header.le32(0) == 0x0403_4B50 else {
                throw ZipProblem(message: "\(entry.name): corrupt local header; the XLSX file is truncated or corrupt")
            }
            let dataOffset = entry.localHeaderOffset + 30 + Int64(header.le16(26)) + Int64(header.le16(28))
            guard dataOffset + entry.compressedSize <= archive.size else {
                throw ZipProblem(message: "\(entry.name) extends past the end of the file: the XLSX file is truncated")
            }
            try handle.seek(toOffset: UInt64(dataOffset))
        }
        if entry.method == 8 {
            let status = inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else {
                throw ZipProblem(message: "zlib could not start inflating \(entry.name)")
            }
            inflating = true
        }
    }

    deinit {
        if inflating { inflateEnd(&stream) }
        input.deallocate()
        try? handle.close()
    }

    /// Fills `buffer` with the next uncompressed bytes; 0 at the end (after the CRC has been checked).
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, let out = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        var count = 0
        if entry.method == 0 {
            let wanted = Int(min(Int64(buffer.count), compressedLeft))
            if wanted > 0 { count = try readCompressed(into: UnsafeMutableBufferPointer(start: out, count: wanted)) }
            if count == 0 && wanted > 0 { throw ZipProblem(message: "\(entry.name) ends early: the XLSX file is truncated") }
        } else {
            stream.next_out = out
            stream.avail_out = uInt(buffer.count)
            while stream.avail_out > 0 {
                if stream.avail_in == 0 && compressedLeft > 0 {
                    let n = try readCompressed(into: UnsafeMutableBufferPointer(start: input.baseAddress, count: Int(min(Int64(input.count), compressedLeft))))
                    if n == 0 { throw ZipProblem(message: "\(entry.name) ends early: the XLSX file is truncated") }
                    stream.next_in = input.baseAddress
                    stream.avail_in = uInt(n)
                }
                let status = inflate(&stream, Z_NO_FLUSH)
                if status == Z_STREAM_END { break }
                if status == Z_BUF_ERROR && stream.avail_in == 0 && compressedLeft == 0 {
                    throw ZipProblem(message: "\(entry.name) ends early: the XLSX file is truncated or corrupt")
                }
                if status != Z_OK && status != Z_BUF_ERROR {
                    throw ZipProblem(message: "\(entry.name) is corrupt (inflate error \(status)); export the workbook again")
                }
            }
            count = buffer.count - Int(stream.avail_out)
        }
        if count > 0 {
            crc = crc32(crc, out, uInt(count))
            produced += Int64(count)
            try checkLimits()
            return count
        }
        finished = true
        guard produced == entry.uncompressedSize || entry.uncompressedSize == 0xFFFF_FFFF else {
            throw ZipProblem(message: "\(entry.name) inflates to \(produced) bytes but the directory says \(entry.uncompressedSize): the file is corrupt")
        }
        guard UInt32(truncatingIfNeeded: crc) == entry.crc32 else {
            throw ZipProblem(message: "\(entry.name) fails its CRC check: the XLSX file is corrupt; export it again")
        }
        return 0
    }

    private static let bombAdvice = "open the workbook in Excel or WPS and save it again, or split it if it really is that large"

    private func checkLimits() throws {
        if produced > maximumSize {
            throw ZipProblem(message: "\(entry.name) inflates past \(maximumSize >> 20) MiB: refused as a possible zip bomb; \(Self.bombAdvice)")
        }
        // The directory's size is checked at the end anyway; checking it as bytes come stops a bomb
        // that declares a small size at once instead of after gigabytes.
        if entry.uncompressedSize != 0xFFFF_FFFF && produced > entry.uncompressedSize {
            throw ZipProblem(message: "\(entry.name) inflates past the \(entry.uncompressedSize) bytes its ZIP directory declares: the workbook is corrupt or a zip bomb; \(Self.bombAdvice)")
        }
        let consumed = max(1, entry.compressedSize - compressedLeft)
        if produced > 50 << 20 && produced / consumed > maximumRatio {
            throw ZipProblem(message: "\(entry.name) inflates more than \(maximumRatio) times its compressed size: refused as a possible zip bomb; \(Self.bombAdvice)")
        }
    }

    private func readCompressed(into buffer: UnsafeMutableBufferPointer<UInt8>) throws -> Int {
        let fd = handle.fileDescriptor
        var filled = 0
        while filled < buffer.count {
            let n = Glibc.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw ZipProblem(message: "read error: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            filled += n
        }
        compressedLeft -= Int64(filled)
        return filled
    }

    /// The whole entry as bytes, for small parts (workbook, relationships); refuses anything over `limit`.
    static func readAll(_ archive: ZipArchive, _ entry: ZipArchive.Entry, limit: Int = 64 << 20) throws -> [UInt8] {
        let reader = try ZipEntryReader(archive: archive, entry: entry, maximumSize: Int64(limit))
        var bytes: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let n = try reader.read(into: buffer)
            if n == 0 { break }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return bytes
    }
}
