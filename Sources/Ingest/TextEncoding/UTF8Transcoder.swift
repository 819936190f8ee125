import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a UTF-8 copy of a text file, chunk by chunk, replacing invalid byte sequences with U+FFFD.
///
/// GB18030 goes through the C library's iconv (glibc ships the full GB18030 table); UTF-8 with bad
/// bytes is repaired in place. The parser then reads one encoding only.
enum UTF8Transcoder {
    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// With `replacingNUL`, NUL bytes become U+FFFD too (markup parsers would drop or mangle them silently).
    static func transcode(_ source: URL, from encoding: TextEncodingDecision.Encoding, to destination: URL,
                          replacingNUL: Bool = false) throws {
        _ = FileManager.default.createFile(atPath: destination.path, contents: nil, attributes: [.posixPermissions: 0o600])
        let input = try FileHandle(forReadingFrom: source)
        defer { try? input.close() }
        let output = try FileHandle(forWritingTo: destination)
        defer { try? output.close() }
        switch encoding {
        case .gb18030: try convertGB18030(input, output, replacingNUL: replacingNUL)
        case .utf8: try repairUTF8(input, output, replacingNUL: replacingNUL)
        }
    }

    private static func convertGB18030(_ input: FileHandle, _ output: FileHandle, replacingNUL: Bool) throws {
        let converter = iconv_open("UTF-8", "GB18030")
        guard let converter, converter != iconv_t(bitPattern: -1) else {
            throw IngestFileError.unsupportedEncoding("this system's C library cannot convert GB18030 (iconv); install the locales/gconv modules")
        }
        defer { iconv_close(converter) }
        let chunk = ChunkBuffer(capacity: 1 << 20)
        var pending: [UInt8] = []
        var out = [UInt8](repeating: 0, count: 4 << 20)
        var finished = false
        while !finished {
            let n = try chunk.fill(from: input)
            if n == 0 { finished = true }
            var data = pending
            data.append(contentsOf: UnsafeBufferPointer(rebasing: chunk.bytes[0..<n]))
            pending.removeAll(keepingCapacity: true)
            var produced = [UInt8]()
            produced.reserveCapacity(data.count * 3 / 2)
            data.withUnsafeMutableBytes { inRaw in
                var inPtr = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                while inLeft > 0 {
                    let (written, result, err): (Int, Int, Int32) = out.withUnsafeMutableBytes { outRaw in
                        var outPtr = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                        var outLeft = outRaw.count
                        let r = iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft)
                        return (outRaw.count - outLeft, r, errno)
                    }
                    produced.append(contentsOf: out[0..<written])
                    if result != -1 { break }
                    if err == E2BIG { continue }
                    if err == EINVAL && !finished {
                        // An incomplete sequence at the chunk's end: carry it into the next chunk.
                        if let p = inPtr { pending.append(contentsOf: UnsafeRawBufferPointer(start: p, count: inLeft)) }
                        inLeft = 0
                        break
                    }
                    // EILSEQ, or a truncated sequence at the file's end: replace one byte and go on.
                    produced.append(contentsOf: replacement)
                    inPtr = inPtr.map { $0 + 1 }
                    inLeft -= 1
                }
            }
            if replacingNUL && produced.contains(0) { produced = withoutNUL(produced) }
            try output.write(contentsOf: produced)
        }
    }

    private static func withoutNUL(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for b in bytes {
            if b == 0 { out.append(contentsOf: replacement) } else { out.append(b) }
        }
        return out
    }

    private static func repairUTF8(_ input: FileHandle, _ output: FileHandle, replacingNUL: Bool) throws {
        let chunk = ChunkBuffer(capacity: 1 << 20)
        var pending: [UInt8] = []
        while true {
            let n = try chunk.fill(from: input)
            var data = pending
            data.append(contentsOf: UnsafeBufferPointer(rebasing: chunk.bytes[0..<n]))
            pending.removeAll(keepingCapacity: true)
            var produced = [UInt8]()
            produced.reserveCapacity(data.count)
            var i = 0
            while i < data.count {
                let length = replacingNUL && data[i] == 0 ? -1 : validSequenceLength(data, at: i)
                if length > 0 {
                    produced.append(contentsOf: data[i..<(i + length)])
                    i += length
                } else if length == 0 && n > 0 {
                    pending.append(contentsOf: data[i...])  // may complete in the next chunk
                    break
                } else {
                    produced.append(contentsOf: replacement)
                    i += 1
                }
            }
            try output.write(contentsOf: produced)
            if n == 0 { break }
        }
    }

    /// Length of the valid UTF-8 sequence at `i`; 0 when it is cut off by the end of `data`, -1 when invalid.
    static func validSequenceLength(_ data: [UInt8], at i: Int) -> Int {
        let b = data[i]
        if b < 0x80 { return 1 }
        guard let lead = UTF8Validator.lead(b) else { return -1 }
        var low = lead.low, high = lead.high
        for k in 1...lead.need {
            guard i + k < data.count else { return 0 }
            let c = data[i + k]
            if c < low || c > high { return -1 }
            low = 0x80
            high = 0xBF
        }
        return lead.need + 1
    }
}
