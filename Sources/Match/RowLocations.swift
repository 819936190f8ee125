import GRDB

/// Where each sheet of the run came from: file path (as the pipeline names it) and sheet name.
struct RowLocations {
    struct Key: Hashable {
        var file: String, sheet: String, row: Int
        init(file: String, sheet: String?, row: Int) { self.file = file; self.sheet = sheet ?? ""; self.row = row }
        init(_ reference: ReviewDecisions.RowReference) { self.init(file: reference.file, sheet: reference.sheet, row: reference.row) }
    }

    private var sheets: [Int32: (file: String, sheet: String?)] = [:]

    init(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT s.id, s.sheet, f.path FROM source_sheets s JOIN source_files f ON f.id = s.file_id") {
            sheets[Int32(row["id"] as Int)] = (row["path"], row["sheet"])
        }
    }

    func location(sheet: Int32) -> (file: String, sheet: String?) { sheets[sheet] ?? ("?", nil) }

    func key(sheet: Int32, row: Int32) -> Key {
        let location = location(sheet: sheet)
        return Key(file: location.file, sheet: location.sheet, row: Int(row))
    }
}
