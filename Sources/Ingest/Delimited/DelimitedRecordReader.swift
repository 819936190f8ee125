import Foundation

/// Reads RFC 4180 records from UTF-8 text in fixed-size chunks, so memory does not grow with the file.
///
/// Quoted cells may hold delimiters, doubled quotes and line breaks. A record that opens a quote and
/// never closes it is delivered with `.unterminatedQuote`, and reading resumes on the line after its
/// first line, so one stray quote costs one row, not the rest of the file.
struct DelimitedRecordReader {
    static let maximumRowBytes = 64 << 20
    private static let quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    private let file: FileHandle
    let delimiter: UInt8
    private let chunk: ChunkBuffer
    private var count = 0
    private var position = 0
    /// File offset of `buffer[0]`.
    private var bufferOffset: Int64 = 0
    private var atEnd = false
    private var skipLineFeed = false
    private(set) var recordNumber = 0

    init(file: FileHandle, delimiter: UInt8, startOffset: Int64 = 0, chunkSize: Int = 1 << 20) throws {
        self.file = file
        self.delimiter = delimiter
        chunk = ChunkBuffer(capacity: chunkSize)
        try resume(at: startOffset)
    }

    /// Continues reading at a file offset (used to re-read the lines after a rejected record).
    mutating func resume(at offset: Int64) throws {
        try file.seek(toOffset: UInt64(offset))
        bufferOffset = offset
        count = 0
        position = 0
        atEnd = false
        skipLineFeed = false
    }

    private mutating func refill() throws {
        bufferOffset += Int64(count)
        position = 0
        count = 0
        count = try chunk.fill(from: file)
        if count == 0 { atEnd = true }
    }

    private enum State { case cellStart, unquoted, quoted, quoteInQuoted }

    /// Fills `row` with the next record; false at the end of the file.
    mutating func next(into row: inout CellRow) throws -> Bool {
        row.reset(number: recordNumber + 1)
        var state = State.cellStart
        var sawAnything = false
        let limit = Self.maximumRowBytes
        while true {
            if position == count {
                try refill()
                if atEnd { break }
            }
            if skipLineFeed {
                skipLineFeed = false
                if chunk.bytes[position] == Self.lf { position += 1; continue }
            }
            sawAnything = true
            let p = UnsafeBufferPointer(chunk.bytes)
            let finished: Bool = {
                while position < count {
                    let b = p[position]
                    switch state {
                    case .cellStart where b == Self.quote:
                        position += 1
                        state = .quoted
                    case .cellStart, .unquoted:
                        // Bulk-copy up to the next delimiter or line break.
                        var end = position
                        while end < count {
                            let c = p[end]
                            if c == delimiter || c == Self.lf || c == Self.cr { break }
                            end += 1
                        }
                        append(p, position..<end, to: &row, limit: limit)
                        position = end
                        state = .unquoted
                        if end == count { return false }
                        position += 1
                        let c = p[end]
                        row.endCell()
                        if c == delimiter {
                            state = .cellStart
                        } else {
                            if c == Self.cr { skipLineFeed = true }
                            return true
                        }
                    case .quoted:
                        var end = position
                        while end < count, p[end] != Self.quote {
                            if p[end] == Self.lf, row.firstLineEnd == nil {
                                row.firstLineEnd = bufferOffset + Int64(end) + 1
                            }
                            end += 1
                        }
                        append(p, position..<end, to: &row, limit: limit)
                        position = end
                        if end == count { return false }
                        position += 1
                        state = .quoteInQuoted
                    case .quoteInQuoted:
                        position += 1
                        if b == Self.quote {
                            append(p, (position - 1)..<position, to: &row, limit: limit)
                            state = .quoted
                        } else if b == delimiter {
                            row.endCell()
                            state = .cellStart
                        } else if b == Self.lf || b == Self.cr {
                            row.endCell()
                            if b == Self.cr { skipLineFeed = true }
                            return true
                        } else {
                            // `"abc"def`: keep the text after the closing quote, as spreadsheet programs do.
                            append(p, (position - 1)..<position, to: &row, limit: limit)
                            state = .unquoted
                        }
                    }
                }
                return false
            }()
            if finished {
                recordNumber += 1
                return true
            }
        }
        // End of file.
        guard sawAnything else { return false }
        if state == .quoted {
            row.problem = .unterminatedQuote(column: row.cellCount + 1)
            row.endCell()
            recordNumber += 1
            if let lineEnd = row.firstLineEnd { try resume(at: lineEnd) }
            return true
        }
        row.endCell()
        recordNumber += 1
        return true
    }

    @inline(__always)
    private func append(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to row: inout CellRow, limit: Int) {
        guard !range.isEmpty else { return }
        if row.bytes.count + range.count > limit {
            row.problem = row.problem ?? .tooLong(limit: limit)
            return
        }
        row.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[range]))
    }
}

/// A fixed block of memory that file chunks are read into.
final class ChunkBuffer {
    let bytes: UnsafeMutableBufferPointer<UInt8>

    init(capacity: Int) {
        bytes = .allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }

    /// Reads up to the buffer's size from the file; 0 at its end.
    func fill(from file: FileHandle) throws -> Int {
        let fd = file.fileDescriptor
        var filled = 0
        while filled < bytes.count {
            let n = read(fd, bytes.baseAddress! + filled, bytes.count - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
            if n == 0 { break }
            filled += n
        }
        return filled
    }
}
