import BiduiCore

/// Ingests a SpreadsheetML 2003 file (.xml, or an .xls that is really XML).
struct SpreadsheetMLFileIngester {
    let source: ResolvedSource
    let detector: SheetHeaderDetector
    let send: (IngestEvent) -> Void

    func run(outcome: inout FileOutcome) throws {
        outcome.format = "spreadsheetml"
        let workbook = WorkbookIngestion(source: source, detector: detector, send: send)
        do {
            try SpreadsheetMLReader.read(source.url, into: workbook)
        } catch let problem as XMLProblem {
            throw IngestFileError.malformed("\(problem)")
        }
        try workbook.finish(outcome: &outcome)
    }
}
