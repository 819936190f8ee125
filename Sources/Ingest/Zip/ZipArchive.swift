import Foundation

/// Why a ZIP container (an XLSX workbook) cannot be read.
struct ZipProblem: Error, Sendable, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The central directory of a ZIP file: which entries it has and where their data is.
///
/// Only the directory is read up front; entries are inflated on demand by `ZipEntryReader`.
struct ZipArchive {
    struct Entry: Sendable {
        var name: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: Int64
        var uncompressedSize: Int64
        var localHeaderOffset: Int64
    }

    /// A workbook has a few dozen parts (a few thousand with many sheets and pictures).
    static let maximumEntries: Int64 = 100_000
    let url: URL
    let size: Int64
    private(set) var entries: [String: Entry] = [:]

    init(url: URL) throws {
        self.url = url
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        size = Int64(try handle.seekToEnd())
        guard size >= 22 else { throw ZipProblem(message: "the file is too short to be an XLSX workbook (truncated?)") }
        let tailLength = Int(min(size, 65_557))
        try handle.seek(toOffset: UInt64(size - Int64(tailLength)))
        let tail = [UInt8](try handle.read(upToCount: tailLength) ?? Data())
        guard let eocd = Self.lastIndex(of: [0x50, 0x4B, 0x05, 0x06], in: tail) else {
            throw ZipProblem(message: "no ZIP end-of-directory record: the XLSX file is truncated or corrupt; export it again")
        }
        var count = Int64(tail.le16(eocd + 10))
        var directorySize = Int64(tail.le32(eocd + 12))
        var directoryOffset = Int64(tail.le32(eocd + 16))
        // ZIP64: the real values are in the ZIP64 end record named by the locator just before.
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF, eocd >= 20,
           tail.le32(eocd - 20) == 0x0706_4B50 {
            let recordOffset = Int64(clamping: tail.le64(eocd - 20 + 8))
            try handle.seek(toOffset: UInt64(recordOffset))
            let record = [UInt8](try handle.read(upToCount: 56) ?? Data())
            guard record.count == 56, record.le32(0) == 0x0606_4B50 else {
                throw ZipProblem(message: "corrupt ZIP64 directory record; export the workbook again")
            }
            count = Int64(clamping: record.le64(32))
            directorySize = Int64(clamping: record.le64(40))
            directoryOffset = Int64(clamping: record.le64(48))
        }
        guard count <= Self.maximumEntries else {
            throw ZipProblem(message: "the ZIP directory lists \(count) entries, where a workbook has a few dozen: refused as a possible zip bomb; open the workbook in Excel or WPS and save it again")
        }
        // 64-bit fields are clamped, not trapped on, and compared without overflowing (found by fuzzing).
        guard directoryOffset >= 0, directorySize >= 0, directoryOffset <= size, directorySize <= size - directoryOffset else {
            throw ZipProblem(message: "the ZIP directory points outside the file: the XLSX file is truncated or corrupt")
        }
        try handle.seek(toOffset: UInt64(directoryOffset))
        let directory = [UInt8](try handle.read(upToCount: Int(directorySize)) ?? Data())
        var p = 0
        for _ in 0..<count {
            guard p + 46 <= directory.count, directory.le32(p) == 0x0201_4B50 else {
                throw ZipProblem(message: "corrupt ZIP directory entry: the XLSX file is truncated or corrupt")
            }
            let nameLength = Int(directory.le16(p + 28)), extraLength = Int(directory.le16(p + 30))
            let commentLength = Int(directory.le16(p + 32))
            guard p + 46 + nameLength + extraLength + commentLength <= directory.count else {
                throw ZipProblem(message: "corrupt ZIP directory entry: the XLSX file is truncated or corrupt")
            }
            var entry = Entry(
                name: String(decoding: directory[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self),
                method: directory.le16(p + 10), flags: directory.le16(p + 8), crc32: directory.le32(p + 16),
                compressedSize: Int64(directory.le32(p + 20)), uncompressedSize: Int64(directory.le32(p + 24)),
                localHeaderOffset: Int64(directory.le32(p + 42)))
            Self.applyZip64Extra(&entry, extra: Array(directory[(p + 46 + nameLength)..<(p + 46 + nameLength + extraLength)]))
            entries[entry.name] = entry
            p += 46 + nameLength + extraLength + commentLength
        }
    }

    /// Finds an entry by its part name, tolerating a leading slash and backslashes.
    func entry(_ name: String) -> Entry? {
        var key = name.replacingOccurrences(of: "\\", with: "/")
        while key.hasPrefix("/") { key.removeFirst() }
        return entries[key] ?? entries.first { $0.key.lowercased() == key.lowercased() }?.value
    }

    private static func applyZip64Extra(_ entry: inout Entry, extra: [UInt8]) {
        var p = 0
        while p + 4 <= extra.count {
            let id = extra.le16(p), length = Int(extra.le16(p + 2))
            guard p + 4 + length <= extra.count else { return }
            if id == 0x0001 {
                var q = p + 4
                if entry.uncompressedSize == 0xFFFF_FFFF, q + 8 <= p + 4 + length { entry.uncompressedSize = Int64(clamping: extra.le64(q)); q += 8 }
                if entry.compressedSize == 0xFFFF_FFFF, q + 8 <= p + 4 + length { entry.compressedSize = Int64(clamping: extra.le64(q)); q += 8 }
                if entry.localHeaderOffset == 0xFFFF_FFFF, q + 8 <= p + 4 + length { entry.localHeaderOffset = Int64(clamping: extra.le64(q)) }
            }
            p += 4 + length
        }
    }

    private static func lastIndex(of signature: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        var i = bytes.count - 22
        while i >= 0 {
            if bytes[i] == signature[0] && bytes[i + 1] == signature[1] && bytes[i + 2] == signature[2] && bytes[i + 3] == signature[3] {
                return i
            }
            i -= 1
        }
        return nil
    }
}

extension Array where Element == UInt8 {
    func le16(_ i: Int) -> UInt16 { UInt16(self[i]) | UInt16(self[i + 1]) << 8 }
    func le32(_ i: Int) -> UInt32 { UInt32(le16(i)) | UInt32(le16(i + 2)) << 16 }
    func le64(_ i: Int) -> UInt64 { UInt64(le32(i)) | UInt64(le32(i + 4)) << 32 }
}
