import Foundation

/// Reading and writing Unicode scalars directly on UTF-8 bytes: the normalizers' hot path builds no
/// `String` for a cell unless it needs a Foundation transform (NFKC), which is rare.
enum UTF8Scalars {
    /// The scalar at `i`, advancing `i` past it. Ingest stored valid UTF-8; a stray byte reads as U+FFFD.
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32 {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { i += 1; return b0 }
        let n = p.count
        if b0 < 0xE0 {
            guard b0 >= 0xC2, i + 1 < n else { i += 1; return 0xFFFD }
            let v = (b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F)
            i += 2
            return v
        }
        if b0 < 0xF0 {
            guard i + 2 < n else { i = n; return 0xFFFD }
            let v = (b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F)
            i += 3
            return v
        }
        guard b0 < 0xF5, i + 3 < n else { i = min(n, i + 4); return 0xFFFD }
        let v = (b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F)
        i += 4
        return v
    }

    @inline(__always)
    static func append(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | v >> 6)); out.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | v >> 12)); out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
        } else {
            out.append(UInt8(0xF0 | v >> 18)); out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// White space of every width and the invisible characters that ride along with copied cells.
    @inline(__always)
    static func isBlank(_ v: UInt32) -> Bool {
        switch v {
        case 0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000, 0x2002...0x200D, 0x2060, 0xFEFF, 0xAD: true
        default: false
        }
    }

    /// `bytes` with leading and trailing blanks (ASCII, NBSP, U+3000, zero-width, BOM) removed.
    @inline(__always)
    static func trimmed(_ p: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = p.count
        while start < end {
            var i = start
            guard isBlank(decode(p, &i)) else { break }
            start = i
        }
        while end > start {
            var back = end - 1
            while back > start && p[back] & 0xC0 == 0x80 { back -= 1 }
            var i = back
            guard isBlank(decode(p, &i)) else { break }
            end = back
        }
        return UnsafeBufferPointer(rebasing: p[start..<end])
    }

    /// Runs `body` on the UTF-8 bytes of `text` (no copy for native strings).
    static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var copy = text
        return copy.withUTF8(body)
    }
}

/// Byte comparisons without the generic `elementsEqual`.
enum ByteText {
    @inline(__always)
    static func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let bb = b.baseAddress else { return true }
        return a.withUnsafeBufferPointer { memcmp($0.baseAddress!, bb, b.count) == 0 }
    }
}
