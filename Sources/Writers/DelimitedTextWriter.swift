import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes CSV as Excel reads it: RFC 4180 quoting, CRLF line ends, and either UTF-8 with a
/// byte-order mark (so Excel shows Chinese) or GB18030 (what older county systems expect).
public final class DelimitedTextWriter {
    /// `utf8` (no byte-order mark) is for files programs read; the other two are for Excel.
    public enum Encoding: Sendable { case utf8, utf8WithBOM, gb18030 }

    private let output: BufferedFileOutput
    private let delimiter: UInt8

    public init(url: URL, encoding: Encoding, delimiter: Character = ",") throws {
        self.delimiter = delimiter.asciiValue ?? 0x2C
        switch encoding {
        case .utf8:
            output = try BufferedFileOutput(url: url)
        case .utf8WithBOM:
            output = try BufferedFileOutput(url: url)
            try output.writeRaw([0xEF, 0xBB, 0xBF])
        case .gb18030:
            output = try BufferedFileOutput(url: url, transform: GB18030Encoder.encode)
        }
    }

    private var line: [UInt8] = []

    public func writeRow(_ cells: [String]) throws {
        line.removeAll(keepingCapacity: true)
        for (index, cell) in cells.enumerated() {
            if index > 0 { line.append(delimiter) }
            var cell = cell
            cell.withUTF8 { bytes in
                if bytes.contains(where: { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                    line.append(0x22)
                    // Copy the stretches between quotes whole, doubling each quote.
                    var start = 0
                    for i in 0..<bytes.count where bytes[i] == 0x22 {
                        line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...i]))
                        line.append(0x22)
                        start = i + 1
                    }
                    line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
                    line.append(0x22)
                } else {
                    line.append(contentsOf: bytes)
                }
            }
        }
        line.append(0x0D)
        line.append(0x0A)
        output.write(line)
        try output.rowEnded()
    }

    public func finish() throws { try output.close() }
}

/// UTF-8 → GB18030 through the C library's iconv; GB18030 covers all of Unicode, so nothing is lost.
enum GB18030Encoder {
    static func encode(_ utf8: [UInt8]) throws -> [UInt8] {
        guard let converter = iconv_open("GB18030", "UTF-8"), converter != iconv_t(bitPattern: -1) else {
            throw ZipWriter.WriteError(description: "this system's iconv cannot write GB18030")
        }
        defer { iconv_close(converter) }
        var input = utf8
        var output = [UInt8](repeating: 0, count: utf8.count * 2 + 16)
        let written: Int = input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPtr = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                var outPtr = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = outRaw.count
                _ = iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft)
                return inLeft == 0 ? outRaw.count - outLeft : -1
            }
        }
        guard written >= 0 else { throw ZipWriter.WriteError(description: "text could not be converted to GB18030") }
        return Array(output[0..<written])
    }
}
