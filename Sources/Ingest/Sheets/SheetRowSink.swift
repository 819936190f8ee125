/// Where spreadsheet readers put rows: sheet by sheet, in document order.
///
/// The ingest stage's `WorkbookIngestion` is one; `SheetDump` (every cell of every sheet) is another.
protocol SheetRowSink: AnyObject {
    /// Starts a sheet; false when its rows are not wanted.
    @discardableResult func beginSheet(named name: String) -> Bool
    /// Takes a row of the current sheet; false once the sheet's rows are no longer wanted.
    @discardableResult func accept(_ row: CellRow) -> Bool
    var wantsRows: Bool { get }
    func endSheet()
    /// Sheets read so far: an HTML page's tables are offered until one has been read.
    var sheetsRead: Int { get }
}
