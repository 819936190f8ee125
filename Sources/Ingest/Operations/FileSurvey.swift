import BiduiCore
import Foundation

/// What ingest would make of one file, found by running it through ingest's own readers and row
/// processor (`FileIngestion`) with the events kept in memory instead of the run store: the same
/// format, encoding, header, accounting and reasons a real run would give, and nothing written.
struct FileSurvey: Sendable {
    /// One sheet as ingest would treat it: read with its header, or skipped with a reason.
    struct Sheet: Sendable {
        var name: String?
        /// The header ingest found; nil when the sheet is skipped.
        var header: SheetHeader?
        var counts = SheetCounts()
        /// Skipped and rejected rows per reason code (`title_row`, `cell_count`, …).
        var reasons: [String: Int] = [:]
        /// The first few rejected rows: row number, column and the reason (no cell values).
        var rejected: [RowIssue] = []
        var skipReason: String?
    }

    var source: ResolvedSource
    var outcome: FileOutcome
    var sheets: [Sheet]

    static let rejectedRowsKept = 3

    /// Reads `source` whole, as ingest would; `temporaryFolder` takes a UTF-8 copy of a GB18030 file while it is read.
    static func survey(_ source: ResolvedSource, detector: SheetHeaderDetector, temporaryFolder: URL) -> FileSurvey {
        let collector = Collector()
        let outcome = FileIngestion.ingest(source, detector: detector, temporaryFolder: temporaryFolder, send: collector.receive)
        return FileSurvey(source: source, outcome: outcome, sheets: collector.sheets)
    }

    /// Gathers the events of one file; the XLSX reader may deliver them from another thread.
    private final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var started: [Int: Int] = [:]
        private(set) var sheets: [Sheet] = []

        func receive(_ event: IngestEvent) {
            lock.lock()
            defer { lock.unlock() }
            switch event {
            case .sheetStarted(_, let key, let name, let header):
                started[key] = sheets.count
                sheets.append(Sheet(name: name, header: header))
            case .issue(_, let key?, let issue):
                guard let i = started[key] else { return }
                sheets[i].reasons[issue.reason, default: 0] += 1
                if issue.outcome == .rejected && sheets[i].rejected.count < FileSurvey.rejectedRowsKept {
                    sheets[i].rejected.append(issue)
                }
            case .sheetFinished(let key, let counts):
                guard let i = started[key] else { return }
                sheets[i].counts = counts
            case .sheetSkipped(_, let name, let reason):
                sheets.append(Sheet(name: name, skipReason: reason))
            case .issue(_, nil, _), .rows, .fileFinished:
                break
            }
        }
    }
}

extension FileSurvey {
    /// Why the whole file would not be read, in words that never quote a data row's cells (ingest's
    /// own "no header" message shows the first rows; a dry run shows headers only).
    var problem: String? {
        guard let error = outcome.error else { return nil }
        if case .noHeader(let expected, _) = error {
            return "no header row in the first \(SheetHeaderDetector.searchDepth) rows: expected headers such as \(expected.joined(separator: ", ")). "
                + "Add the headers as aliases under the source's `columns:` if they are named differently"
        }
        return error.description
    }

    /// Whether ingest would store rows from this file.
    var isUsable: Bool { outcome.error == nil && sheets.contains { $0.header != nil } }

    /// Sheets skipped because their header lacks a column the role needs: people ingest would leave
    /// out. Other skipped sheets (a cover page, a layout table, a sheet `sheets:` leaves out) are notes.
    var sheetsLackingColumns: [Sheet] {
        sheets.filter { $0.skipReason.map(Self.isMissingColumnReason) ?? false }
    }

    /// `WorkbookIngestion` words a skipped sheet's reason with `IngestFileError.description`, and
    /// only a missing column begins with "missing column".
    static func isMissingColumnReason(_ reason: String) -> Bool { reason.hasPrefix("missing column") }
}
