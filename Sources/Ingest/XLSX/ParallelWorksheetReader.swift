import Dispatch
import Foundation

/// Reads one worksheet on several cores: this thread inflates and cuts the XML into blocks of whole
/// rows, background threads parse blocks with libxml2, and rows come back in document order.
struct ParallelWorksheetReader {
    let sharedStrings: [String]
    let dateStyles: Set<Int>
    let uses1904Dates: Bool
    /// Blocks parsed or waiting at once: bounds memory to a few blocks whatever the sheet's size.
    static let blocksInFlight = 4

    /// Streams `entry`'s rows to `accept` in order; stops early when `accept` returns false.
    func read(_ archive: ZipArchive, entry: ZipArchive.Entry, part: String, accept: (CellRow) -> Bool) throws {
        let inflater = try ZipEntryReader(archive: archive, entry: entry)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 1)
        defer { buffer.deallocate() }
        var splitter = WorksheetSplitter()
        var jobs: [BlockJob] = []
        var wanted = true
        var previousNumber = 0
        var row = CellRow()

        func consumeOldest() throws {
            let job = jobs.removeFirst()
            let parsed = job.wait()
            guard wanted else { return }  // the sheet was given up: later blocks do not matter
            if let problem = parsed.problem { throw problem }
            for index in 0..<parsed.count {
                parsed.load(index, into: &row)
                if row.number == 0 { row.number = previousNumber + 1 }
                previousNumber = row.number
                if !accept(row) {
                    wanted = false
                    return
                }
            }
        }

        while wanted && !splitter.oversizedRow && !splitter.oversizedPrelude && !splitter.declaresDocumentType {
            let count = try inflater.read(into: buffer)
            let blocks = count > 0 ? splitter.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) : splitter.finish()
            for block in blocks {
                let job = BlockJob()
                let strings = sharedStrings, styles = dateStyles, uses1904 = uses1904Dates
                DispatchQueue.global().async { job.parse(block, strings, styles, uses1904, part: part) }
                jobs.append(job)
                while jobs.count >= Self.blocksInFlight { try consumeOldest() }
            }
            if count == 0 { break }
        }
        while !jobs.isEmpty { try consumeOldest() }
        if splitter.declaresDocumentType { throw XMLProblem.documentTypeDeclaration }
        if splitter.oversizedPrelude {
            throw XMLProblem(message: "\(part) has more than \(WorksheetSplitter.maximumPrelude >> 20) MiB before its rows (no <sheetData>): the worksheet is corrupt or hostile; open the workbook in Excel or WPS and save it again", isRefusal: true)
        }
        if splitter.oversizedRow {
            throw XMLProblem(message: "\(part) has more than \(WorksheetSplitter.maximumPending >> 20) MiB without a row end: the worksheet is corrupt or hostile")
        }
        if wanted && splitter.sawNoSheetData {
            throw XMLProblem(message: "\(part) has no <sheetData> element: the worksheet is truncated or not a worksheet")
        }
    }
}

/// Rows of one parsed block, stored compactly (one byte buffer), or the block's parse error.
struct ParsedRowBlock: Sendable {
    var numbers: [Int] = []
    var bytes: [UInt8] = []
    var cellEnds: [Int] = []
    /// Per row, the index in `cellEnds` after its last cell.
    var rowEnds: [Int] = []
    var numeric: [[Int]] = []
    /// Rows a reader marked (cells past XFD, a cell too long), by index in the block.
    var rowProblems: [Int: RowProblem] = [:]
    var problem: XMLProblem?

    var count: Int { numbers.count }

    mutating func append(_ row: CellRow) {
        let base = bytes.count
        bytes.append(contentsOf: row.bytes)
        for end in row.ends { cellEnds.append(base + end) }
        rowEnds.append(cellEnds.count)
        if let problem = row.problem { rowProblems[numbers.count] = problem }
        numbers.append(row.number)
        numeric.append(row.numericCells)
    }

    func load(_ index: Int, into row: inout CellRow) {
        row.reset(number: numbers[index])
        let firstCell = index == 0 ? 0 : rowEnds[index - 1]
        let start = firstCell == 0 ? 0 : cellEnds[firstCell - 1]
        let end = rowEnds[index] == 0 ? 0 : cellEnds[rowEnds[index] - 1]
        row.bytes.append(contentsOf: bytes[start..<end])
        for cell in firstCell..<rowEnds[index] { row.ends.append(cellEnds[cell] - start) }
        row.numericCells.append(contentsOf: numeric[index])
        row.problem = rowProblems[index]
    }
}

/// One block's parse on a background thread, waited for in order.
private final class BlockJob: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result = ParsedRowBlock()

    func parse(_ block: WorksheetSplitter.Block, _ strings: [String], _ styles: Set<Int>, _ uses1904: Bool, part: String) {
        var parsed = ParsedRowBlock()
        let reader = WorksheetReader(sharedStrings: strings, dateStyles: styles, uses1904Dates: uses1904) { row in
            parsed.append(row)
            return true
        }
        do {
            try SAXParser(delegate: reader).parse(name: part, bytes: block.xml)
        } catch var problem as XMLProblem {
            // Positions in the original part, not in the block.
            if let line = problem.line {
                if line == 1, let column = problem.column { problem.column = block.column + max(0, column - 1 - block.wrapperLength) }
                problem.line = block.line + line - 1
            }
            parsed.problem = problem
        } catch {
            parsed.problem = XMLProblem(message: "\(error)")
        }
        result = parsed
        done.signal()
    }

    func wait() -> ParsedRowBlock {
        done.wait()
        return result
    }
}
