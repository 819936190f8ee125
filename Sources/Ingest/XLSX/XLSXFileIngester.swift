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
        do {
            let archive = try ZipArchive(url: source.url)
            let workbook = try XLSXWorkbook(archive: archive)
            let strings = try SharedStrings.load(archive, part: workbook.sharedStringsPart)
            let dateStyles = try CellStyles.load(archive, part: workbook.stylesPart)
            let sheets = WorkbookIngestion(source: source, detector: detector, send: send)
            for sheet in workbook.sheets {
                guard let entry = archive.entry(sheet.part) else {
                    outcome.notes.append("sheet \(sheet.name): its part \(sheet.part) is missing from the workbook")
                    continue
                }
                guard sheets.beginSheet(named: sheet.name) else { continue }
                let reader = ParallelWorksheetReader(
                    sharedStrings: strings, dateStyles: dateStyles, uses1904Dates: workbook.uses1904Dates)
                do {
                    try reader.read(archive, entry: entry, part: sheet.part, accept: sheets.accept)
                } catch {
                    throw Self.located(error, sheet: sheet.name)
                }
                sheets.endSheet()
            }
            try sheets.finish(outcome: &outcome)
        } catch let problem as ZipProblem {
            throw IngestFileError.malformed(problem.description)
        } catch let problem as XMLProblem {
            throw IngestFileError.malformed(problem.description)
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
