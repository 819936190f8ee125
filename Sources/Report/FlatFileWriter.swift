import BiduiCore
import Foundation
import GRDB
import Writers

/// The second core's share of a report: while the main thread reads the findings and writes the
/// workbook, one thread writes the same findings to discrepancies.csv and discrepancies.jsonl and
/// tallies the places, and another writes links.csv through its own read-only connection (started
/// first, it overlaps the summary's queries too).
final class FlatFileWriter: @unchecked Sendable {
    let queue = BoundedQueue<[WorkListFinding]>(capacity: 8)
    private let csvURL: URL, contractURL: URL, linksURL: URL, runDirectory: URL
    private let encoding: ReportSettings.CSVEncoding
    private let done = DispatchSemaphore(value: 0)
    private let linksDone = DispatchSemaphore(value: 0)
    private var linksError: (any Error)?
    /// Set by the thread; read after `wait()`.
    private(set) var places = PlaceTally()
    private(set) var error: (any Error)?

    init(csv: URL, contract: URL, links: URL, runDirectory: URL, encoding: ReportSettings.CSVEncoding) {
        csvURL = csv
        contractURL = contract
        linksURL = links
        self.runDirectory = runDirectory
        self.encoding = encoding
    }

    /// Starts links.csv; call before anything else reads the store.
    func startLinks() {
        let thread = Thread { [self] in
            do { try writeLinks() } catch { linksError = error }
            linksDone.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Starts the thread that takes findings from `queue`.
    func startFindings() {
        let thread = Thread { [self] in
            do {
                try writeFindings()
            } catch {
                self.error = error
                queue.cancel()
            }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits for the findings thread (again and again); rethrows what stopped it.
    func wait() throws {
        done.wait()
        done.signal()
        if let error { throw error }
    }

    /// Waits for links.csv (again and again); rethrows what stopped it.
    func waitForLinks() throws {
        linksDone.wait()
        linksDone.signal()
        if let linksError { throw linksError }
    }

    /// The CSV lists undecided findings first and those that carry an officer's decision after them
    /// (held until the end: they are few), as the workbook keeps them apart; the JSONL keeps the
    /// stable order of all.
    private func writeFindings() throws {
        let csv = try DelimitedTextWriter(url: csvURL, encoding: encoding == .gb18030 ? .gb18030 : .utf8WithBOM)
        try csv.writeRow(WorkListColumns.csvHeaders)
        let contract = try BufferedFileOutput(url: contractURL)
        var decided: [[String]] = []
        while let batch = queue.receive() {
            for item in batch {
                if item.finding.decision != nil {
                    decided.append(WorkListColumns.csvCells(item))
                } else {
                    try csv.writeRow(WorkListColumns.csvCells(item))
                }
                contract.write(item.finding.contractJSON)
                contract.write([0x0A])
                try contract.rowEnded()
                places.add(item)
            }
        }
        guard !queue.isCancelled else { return }
        for cells in decided { try csv.writeRow(cells) }
        try csv.finish()
        try contract.close()
    }

    private func writeLinks() throws {
        try ReadOnlyRunStore(directory: runDirectory).read { db in _ = try ReportFiles.writeLinks(to: linksURL, db: db) }
    }
}
