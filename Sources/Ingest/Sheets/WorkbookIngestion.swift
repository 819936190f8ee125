import BiduiCore

/// Reads the sheets of one spreadsheet file (XLSX, SpreadsheetML, HTML) through the shared row
/// processor: every sheet whose header matches is read; the others are skipped with a reason.
///
/// Readers call `beginSheet`, `accept` for each row and `endSheet`, in document order.
final class WorkbookIngestion: SheetRowSink {
    private let source: ResolvedSource
    private let detector: SheetHeaderDetector
    private let send: (IngestEvent) -> Void
    private var ordinal = 0
    private(set) var sheetsRead = 0
    private var skipped: [(name: String, reason: String)] = []
    private var headerOnly: [String] = []
    private var seenNames: [String] = []
    private var current: (name: String, processor: SheetRowProcessor)?

    /// Set when invalid bytes were replaced by U+FFFD on the way in: such cells reject their row.
    private let checkReplacementCharacters: Bool

    init(source: ResolvedSource, detector: SheetHeaderDetector, checkReplacementCharacters: Bool = false,
         send: @escaping (IngestEvent) -> Void) {
        self.checkReplacementCharacters = checkReplacementCharacters
        self.source = source
        self.detector = detector
        self.send = send
    }

    /// Starts a sheet; false when the pipeline does not ask for it (its rows are then not wanted).
    @discardableResult
    func beginSheet(named name: String) -> Bool {
        seenNames.append(name)
        if let wanted = source.spec.sheets, !wanted.contains(name) {
            skipped.append((name, "not among the sheets the pipeline names (\(wanted.joined(separator: ", ")))"))
            current = nil
            return false
        }
        current = (name, SheetRowProcessor(
            fileIndex: source.index, sheetKey: SheetKey.make(file: source.index, ordinal: ordinal), sheetName: name,
            detector: detector, strictCellCount: false, checkReplacementCharacters: checkReplacementCharacters, send: send))
        ordinal += 1
        return true
    }

    /// Hands a row to the current sheet; false once the sheet is given up (no matching header).
    @discardableResult
    func accept(_ row: CellRow) -> Bool {
        guard let current else { return false }
        do {
            _ = try current.processor.accept(row)
            return true
        } catch {
            giveUp(error)
            return false
        }
    }

    /// Whether rows of the current sheet are still wanted.
    var wantsRows: Bool { current != nil }

    func endSheet() {
        guard let current else { return }
        do {
            _ = try current.processor.finish()
            sheetsRead += 1
            if current.processor.rowsAfterHeader == 0, let header = current.processor.header {
                headerOnly.append(DelimitedFileIngester.headerOnlyNote(headerRow: header.lastRow, sheet: current.name))
            }
        } catch {
            giveUp(error)
        }
        self.current = nil
    }

    private func giveUp(_ error: Error) {
        guard let current else { return }
        let reason: String
        switch error as? IngestFileError {
        case .noHeader?: reason = "no header row with the role's columns in its first \(SheetHeaderDetector.searchDepth) rows"
        case let known?: reason = known.description
        case nil: reason = "\(error)"
        }
        skipped.append((current.name, reason))
        self.current = nil
    }

    /// Ends the file: names sheets the pipeline asked for that do not exist, and fails the file
    /// when no sheet could be read.
    func finish(outcome: inout FileOutcome) throws {
        if let wanted = source.spec.sheets {
            let absent = wanted.filter { !seenNames.contains($0) }
            if !absent.isEmpty {
                outcome.notes.append("sheet(s) \(absent.joined(separator: ", ")) named in the pipeline are not in this file; its sheets are: \(seenNames.joined(separator: ", "))")
            }
        }
        if sheetsRead == 0 {
            let reasons = skipped.map { "sheet \($0.name): \($0.reason)" }.joined(separator: "; ")
            throw IngestFileError.noReadableSheet(reasons.isEmpty ? "the file has no sheets" : reasons)
        }
        for (name, reason) in skipped {
            send(.sheetSkipped(file: source.index, name: name, reason: reason))
        }
        outcome.notes.append(contentsOf: headerOnly)
    }
}
