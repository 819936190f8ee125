import Crypto
import Foundation

/// One pass over a file: its size and SHA-256, its first bytes, and how well it reads as UTF-8 and as GB18030.
struct EncodingScan {
    var size: Int64 = 0
    var sha256 = ""
    /// The first 4 KiB, for format sniffing.
    var prefix: [UInt8] = []
    var invalidUTF8 = 0
    var invalidGB18030 = 0
    /// Multi-byte sequences started (a rough count of non-ASCII characters).
    var nonASCII = 0
    var nulBytes = 0

    var hasUTF8BOM: Bool { prefix.starts(with: [0xEF, 0xBB, 0xBF]) }
    var hasUTF16BOM: Bool { prefix.starts(with: [0xFF, 0xFE]) || prefix.starts(with: [0xFE, 0xFF]) }

    static func scan(_ url: URL) throws -> EncodingScan {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var scan = EncodingScan()
        var hasher = SHA256()
        var utf8 = UTF8Validator()
        var gb = GB18030Validator()
        let chunk = ChunkBuffer(capacity: 1 << 20)
        while true {
            let n = try chunk.fill(from: handle)
            if n == 0 { break }
            let bytes = UnsafeBufferPointer(rebasing: chunk.bytes[0..<n])
            hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
            if scan.prefix.count < 4096 { scan.prefix.append(contentsOf: bytes.prefix(4096 - scan.prefix.count)) }
            scan.size += Int64(n)
            // ZIP and binary Excel files are not text: hashing is all they need.
            if scan.prefix.starts(with: [0x50, 0x4B]) || scan.prefix.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { continue }
            for b in bytes {
                if b < 0x80 {
                    if b == 0 { scan.nulBytes += 1 }
                    if utf8.need == 0 && gb.state == 0 { continue }
                }
                utf8.feed(b)
                gb.feed(b)
            }
        }
        utf8.finish()
        gb.finish()
        scan.invalidUTF8 = utf8.invalid
        scan.invalidGB18030 = gb.invalid
        scan.nonASCII = utf8.sequences
        scan.sha256 = hasher.finalize().hexString
        return scan
    }
}

/// Counts invalid UTF-8 sequences, chunk boundaries allowed anywhere.
struct UTF8Validator {
    var need = 0
    private var low: UInt8 = 0x80, high: UInt8 = 0xBF
    var invalid = 0
    var sequences = 0

    mutating func feed(_ b: UInt8) {
        if need > 0 {
            if b >= low && b <= high {
                need -= 1
                low = 0x80
                high = 0xBF
                return
            }
            invalid += 1
            need = 0
        }
        guard b >= 0x80 else { return }
        guard let lead = Self.lead(b) else {
            invalid += 1
            return
        }
        (need, low, high) = lead
        sequences += 1
    }

    mutating func finish() {
        if need > 0 { invalid += 1; need = 0 }
    }

    /// For a lead byte of a multi-byte sequence: how many continuation bytes follow, and the range
    /// the first of them must lie in (which excludes overlong forms and surrogates); nil when the
    /// byte cannot start a sequence.
    static func lead(_ b: UInt8) -> (need: Int, low: UInt8, high: UInt8)? {
        switch b {
        case 0xC2...0xDF: (1, 0x80, 0xBF)
        case 0xE0: (2, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE, 0xEF: (2, 0x80, 0xBF)
        case 0xED: (2, 0x80, 0x9F)
        case 0xF0: (3, 0x90, 0xBF)
        case 0xF1...0xF3: (3, 0x80, 0xBF)
        case 0xF4: (3, 0x80, 0x8F)
        default: nil
        }
    }
}

/// Counts byte sequences that cannot be GB18030 (one, two or four bytes).
struct GB18030Validator {
    var state = 0
    var invalid = 0

    mutating func feed(_ b: UInt8) {
        switch state {
        case 1:
            if (0x40...0x7E).contains(b) || (0x80...0xFE).contains(b) { state = 0; return }
            if (0x30...0x39).contains(b) { state = 2; return }
            invalid += 1
            state = 0
        case 2:
            if (0x81...0xFE).contains(b) { state = 3; return }
            invalid += 1
            state = 0
        case 3:
            state = 0
            if (0x30...0x39).contains(b) { return }
            invalid += 1
        default: break
        }
        if b < 0x80 { return }
        if b == 0x80 || b == 0xFF { invalid += 1; return }
        state = 1
    }

    mutating func finish() {
        if state != 0 { invalid += 1; state = 0 }
    }
}
