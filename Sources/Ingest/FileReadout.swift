import BiduiCore
import Foundation

/// One file read the way ingest reads it (format sniffing, encoding, reader, header detection, row
/// accounting), without a run store or threads of its own: what the fuzz targets and their
/// regression tests drive, so they exercise exactly the code a county's files meet.
package enum FileReadout {
    /// A skipped or rejected row, as the accounting lists it.
    package struct RowIssue: Sendable, Equatable {
        package var row: Int
        package var outcome: String
        package var reason: String
        package var message: String
    }

    package struct Result: Sendable {
        /// The reader that ran ("text", "xlsx", "spreadsheetml", "html"…) and the text encoding chosen.
        package var format: String?
        package var encoding: String?
        /// Why the whole file was refused, as the officer reads it; nil when it was read.
        package var error: String?
        package var errorCode: String?
        package var acceptedRows = 0
        package var issues: [RowIssue] = []
        package var skippedSheets: [String] = []
        package var notes: [String] = []
    }

    /// Reads `url` as the first source of `configuration`; `temporaryFolder` takes transcoded copies.
    package static func read(_ url: URL, configuration: PipelineConfiguration, temporaryFolder: URL) -> Result {
        guard let spec = configuration.sources.first else { return Result(error: "the configuration has no source") }
        let source = ResolvedSource(index: 0, spec: spec, url: url, name: url.lastPathComponent)
        let detector = SheetHeaderDetector(configuration: configuration, source: spec)
        let collected = Collected()
        let outcome = FileIngestion.ingest(source, detector: detector, temporaryFolder: temporaryFolder, send: collected.take)
        var result = collected.result
        result.format = outcome.format
        result.encoding = outcome.encoding
        result.error = outcome.error?.description
        result.errorCode = outcome.error?.code
        result.notes = outcome.notes
        return result
    }

    private final class Collected: @unchecked Sendable {
        var result = Result()

        func take(_ event: IngestEvent) {
            switch event {
            case .rows(_, let batch): result.acceptedRows += batch.rowNumbers.count
            case .issue(_, _, let issue):
                result.issues.append(RowIssue(row: issue.row, outcome: issue.outcome.rawValue, reason: issue.reason, message: issue.message))
            case .sheetSkipped(_, let name, let reason): result.skippedSheets.append("\(name ?? ""): \(reason)")
            case .sheetStarted, .sheetFinished, .fileFinished: break
            }
        }
    }
}
