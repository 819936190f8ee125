import BiduiCore
import Foundation
import GRDB
import GRDBSQLite

/// Writes ingest results into the run store inside the stage's one transaction.
///
/// Rows go through one prepared statement bound with raw SQLite calls: this is the hot path of ingest.
final class IngestWriter {
    private let db: Database
    private let insertRow: Statement
    private let insertIssue: Statement
    private var sheetsOfFile: [Int: [Int]] = [:]
    private(set) var sheetCounts: [Int: SheetCounts] = [:]

    init(db: Database) throws {
        self.db = db
        for table in ["raw_rows", "row_issues", "source_sheets", "source_files"] {
            try db.execute(sql: "DELETE FROM \(table)")
        }
        insertRow = try db.makeStatement(sql: "INSERT INTO raw_rows (sheet_id, row, cells, numeric_mask) VALUES (?, ?, ?, ?)")
        insertIssue = try db.makeStatement(sql: """
            INSERT INTO row_issues (file_id, sheet_id, row, column_name, outcome, reason, message)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
    }

    func registerFiles(_ files: [ResolvedSource], unmatched: [UnmatchedPath]) throws {
        for file in files {
            try db.execute(
                sql: "INSERT INTO source_files (id, role, path, status) VALUES (?, ?, ?, 'reading')",
                arguments: [file.index + 1, file.spec.role.rawValue, file.name])
        }
        for (offset, path) in unmatched.enumerated() {
            try db.execute(
                sql: "INSERT INTO source_files (id, role, path, status, message) VALUES (?, ?, ?, 'missing', ?)",
                arguments: [files.count + offset + 1, path.role.rawValue, path.pattern,
                            "no file matches this path; check the path in the pipeline (relative to its folder)"])
        }
    }

    func handle(_ event: IngestEvent) throws {
        switch event {
        case .sheetStarted(let file, let sheet, let name, let header):
            sheetsOfFile[file, default: []].append(sheet)
            try db.execute(
                sql: """
                    INSERT INTO source_sheets (id, file_id, sheet, status, header_row, header_rows, headers, fields)
                    VALUES (?, ?, ?, 'read', ?, ?, ?, ?)
                    """,
                arguments: [sheet, file + 1, name, header.lastRow, header.lastRow - header.firstRow + 1,
                            Self.json(header.headers), Self.json(header.columns.map(\.field.rawValue))])
        case .rows(let sheet, let batch):
            try FaultInjection.checkpoint("ingest.rows")
            try insert(batch, sheet: sheet)
        case .issue(let file, let sheet, let issue):
            try insertIssue.setArguments([file + 1, sheet, issue.row, issue.column, issue.outcome.rawValue, issue.reason, issue.message])
            try insertIssue.execute()
        case .sheetFinished(let sheet, let counts):
            sheetCounts[sheet] = counts
            try db.execute(
                sql: "UPDATE source_sheets SET rows_read = ?, accepted = ?, skipped = ?, rejected = ? WHERE id = ?",
                arguments: [counts.read, counts.accepted, counts.skipped, counts.rejected, sheet])
        case .sheetSkipped(let file, let name, let reason):
            let ordinal = (sheetsOfFile[file]?.count ?? 0) + 1000
            let key = SheetKey.make(file: file, ordinal: ordinal)
            sheetsOfFile[file, default: []].append(key)
            try db.execute(
                sql: "INSERT INTO source_sheets (id, file_id, sheet, status, reason) VALUES (?, ?, ?, 'skipped', ?)",
                arguments: [key, file + 1, name, reason])
        case .fileFinished(let file, let outcome):
            let status = outcome.error == nil ? "read" : "failed"
            if outcome.error != nil { try discardRows(ofFile: file) }
            let message = outcome.error.map { $0.description } ?? (outcome.notes.isEmpty ? nil : outcome.notes.joined(separator: "; "))
            try db.execute(
                sql: "UPDATE source_files SET format = ?, encoding = ?, size = ?, sha256 = ?, status = ?, message = ? WHERE id = ?",
                arguments: [outcome.format, outcome.encoding, outcome.size, outcome.sha256, status, message, file + 1])
        }
    }

    /// A file that failed half way keeps none of its rows: it is reported as not read, whole.
    private func discardRows(ofFile file: Int) throws {
        for sheet in sheetsOfFile[file] ?? [] {
            try db.execute(sql: "DELETE FROM raw_rows WHERE sheet_id = ?", arguments: [sheet])
            sheetCounts[sheet] = nil
        }
        try db.execute(sql: "DELETE FROM source_sheets WHERE file_id = ?", arguments: [file + 1])
        try db.execute(sql: "DELETE FROM row_issues WHERE file_id = ?", arguments: [file + 1])
    }

    private func insert(_ batch: RowBatch, sheet: Int) throws {
        let statement = insertRow.sqliteStatement
        try batch.text.withUnsafeBufferPointer { text in
            var start = 0
            for i in 0..<batch.rowNumbers.count {
                let end = Int(batch.ends[i])
                sqlite3_bind_int64(statement, 1, Int64(sheet))
                sqlite3_bind_int64(statement, 2, Int64(batch.rowNumbers[i]))
                sqlite3_bind_int64(statement, 4, batch.numericMasks[i])
                if let base = text.baseAddress {
                    let cells = UnsafeRawPointer(base + start).assumingMemoryBound(to: CChar.self)
                    sqlite3_bind_text(statement, 3, cells, Int32(end - start), nil)
                } else {
                    sqlite3_bind_text(statement, 3, "", 0, nil)
                }
                let code = sqlite3_step(statement)
                sqlite3_reset(statement)
                if code != SQLITE_DONE {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                start = end
            }
        }
    }

    private static func json(_ values: [String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: values, options: [])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
