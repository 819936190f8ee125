import BiduiCore
import Foundation

/// Ingests an XLSX workbook: its sheets in workbook order, each worksheet streamed from the ZIP
/// through libxml2 without ever holding the sheet in memory.
struct XLSXFileIngester {
    let source: ResolvedSource
    let detector: SheetHeaderDetector
    let send: (IngestEvent) -> Void

    func run(outcome: inout FileOutcome) throws {
        outcome.format = "xlsx"
        let sheets = WorkbookIngestion(source: source, detector: detector, send: send)
        do {
            try Self.read(source.url, into: sheets, notes: &outcome.notes)
        } catch let problem as ZipProblem {
            throw IngestFileError.malformed(problem.description)
        } catch let problem as XMLProblem {
            throw IngestFileError.malformed(problem.description)
        }
        try sheets.finish(outcome: &outcome)
    }

    /// Reads every sheet of a workbook, in workbook order, into `sink`.
    static func read(_ url: URL, into sink: SheetRowSink, notes: inout [String]) throws {
        let archive = try ZipArchive(url: url)
        let workbook = try XLSXWorkbook(archive: archive)
        let strings = try SharedStrings.load(archive, part: workbook.sharedStringsPart)
        let dateStyles = try CellStyles.load(archive, part: workbook.stylesPart)
        for sheet in workbook.sheets {
            guard let entry = archive.entry(sheet.part) else {
                notes.append("sheet \(sheet.name): its part \(sheet.part) is missing from the workbook")
                continue
            }
            guard sink.beginSheet(named: sheet.name) else { continue }
            let reader = ParallelWorksheetReader(
                sharedStrings: strings, dateStyles: dateStyles, uses1904Dates: workbook.uses1904Dates)
            do {
                try reader.read(archive, entry: entry, part: sheet.part, accept: sink.accept)
            } catch {
                throw located(error, sheet: sheet.name)
            }
            sink.endSheet()
        }
    }

    /// Names the sheet in a parse or archive error.
    static func located(_ error: Error, sheet: String) -> Error {
        switch error {
        case let problem as XMLProblem: IngestFileError.malformed("sheet \(sheet): \(problem)")
        case let problem as ZipProblem: IngestFileError.malformed("sheet \(sheet): \(problem)")
        default: error
        }
    }
}
