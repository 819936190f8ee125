import BiduiCore
import Foundation
import GRDB
import GRDBSQLite

/// The normalize stage: every accepted raw row becomes a canonical person record with its quality
/// flags, in one transaction that replaces the previous normalize.
///
/// The store is read and written on one thread (SQLite's connection is not shared); two workers
/// normalize batches of rows on bytes in between, so both cores are busy.
public enum NormalizeStage {
    public struct Report: Sendable {
        public var records = 0
        /// Flag code → count, per source file and sheet (`file` or `file / sheet`).
        public var flagsBySource: [String: [String: Int]] = [:]

        public var table: String {
            var lines = ["normalize: \(records) person records"]
            for (source, flags) in flagsBySource.sorted(by: { $0.key < $1.key }) where !flags.isEmpty {
                lines.append("  \(source): " + flags.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            return lines.joined(separator: "\n")
        }
    }

    static let batchRows = 8_192
    static let workers = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))

    public static func run(_ context: StageRunContext) throws -> Report {
        let store = context.store
        let upstream = try store.requireFresh(.ingest, for: .normalize, pipeline: context.pipelineArgument)
        let maps = CategoryMaps(extra: context.configuration.categorySynonyms)
        var report = Report()
        do {
            try store.database.write { db in
                try db.execute(sql: "DELETE FROM person_records; DELETE FROM normalize_flags")
                var layouts: [Int: SheetLayout] = [:]
                var sources: [Int: String] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT s.id, s.sheet, s.fields, f.role, f.path, f.format FROM source_sheets s JOIN source_files f ON f.id = s.file_id
                    WHERE s.status = 'read'
                    """) {
                    let fields = (try? JSONDecoder().decode([String].self, from: Data((row["fields"] as String? ?? "[]").utf8))) ?? []
                    let role = SourceRole(rawValue: row["role"]) ?? .enrollment
                    layouts[row["id"]] = SheetLayout(role: role, fields: fields)
                    let sheet: String? = row["sheet"]
                    sources[row["id"]] = sheet.map { "\(row["path"] as String) / \($0)" } ?? row["path"]
                }
                let counts = try normalizeAll(db, layouts: layouts, maps: maps, today: context.configuration.reconciliation.referenceDate)
                report.records = counts.records
                let insert = try db.makeStatement(sql: "INSERT INTO normalize_flags (sheet_id, flag, count) VALUES (?, ?, ?)")
                for (sheet, flags) in counts.flags.sorted(by: { $0.key < $1.key }) {
                    for flag in QualityFlag.allCases where flags[flag.rawValue] > 0 {
                        try insert.execute(arguments: [sheet, flag.code, flags[flag.rawValue]])
                        report.flagsBySource[sources[sheet] ?? "sheet \(sheet)", default: [:]][flag.code, default: 0] += flags[flag.rawValue]
                    }
                }
                let run = context.stageRun(rowsIn: report.records, rowsOut: report.records, upstreamStamp: upstream.stamp, summary: nil)
                try RunStore.recordStage(run, inputs: [
                    StageInput(stage: .normalize, kind: "upstream", name: "ingest", size: nil, sha256: upstream.stamp),
                    StageInput(stage: .normalize, kind: "configuration", name: StageName.normalize.configurationSections.joined(separator: "+"),
                               size: nil, sha256: context.configurationDigest),
                ], in: db)
            }
        } catch {
            store.recordFailedAttempt(.normalize, startedAt: context.startedAt, message: "\(error)")
            throw error
        }
        context.logger.info("normalize: \(report.records) person records")
        return report
    }

    /// Reads every raw row, has the workers normalize them batch by batch, and inserts the records in
    /// order; returns the number of records and the flag counts per sheet.
    static func normalizeAll(_ db: Database, layouts: [Int: SheetLayout], maps: CategoryMaps, today: CalendarDate) throws
        -> (records: Int, flags: [Int: [Int]]) {
        let work = BoundedQueue<RawBatch>(capacity: workers * 2)
        let results = ResultBoard()
        // Batches go round: read → normalized → inserted → filled again, so memory is touched once.
        let spentRaw = Pool<RawBatch>(), spentRecords = Pool<RecordBatch>()
        let finished = DispatchGroup()
        for _ in 0..<workers {
            finished.enter()
            let thread = Thread {
                // The store's thread is the critical path: workers give way to it when cores are short.
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 5)  // Linux: 0 is the calling thread
                var normalizer = RowNormalizer(layouts: layouts, maps: maps, today: today)
                while let batch = work.receive() {
                    results.put(normalizer.normalize(batch, recycled: spentRecords.take()))
                    spentRaw.give(batch)
                }
                finished.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        defer {
            work.cancel()
            finished.wait()
        }

        let read = try db.makeStatement(sql: "SELECT id, sheet_id, row, cells, numeric_mask FROM raw_rows ORDER BY id")
        let writer = RecordWriter(db, layouts: layouts)
        var flags: [Int: [Int]] = [:]
        var records = 0
        var submitted = 0, inserted = 0
        func insertNext() throws {
            let batch = results.take(inserted)
            try writer.insert(batch)
            spentRecords.give(batch)
            records += batch.count
            for (sheet, counts) in batch.flagCounts {
                if flags[sheet] == nil { flags[sheet] = counts } else { for k in counts.indices { flags[sheet]![k] += counts[k] } }
            }
            inserted += 1
        }
        let statement = read.sqliteStatement
        var more = true
        while more {
            let batch = spentRaw.take() ?? RawBatch(sequence: submitted, capacity: batchRows)
            batch.reset(sequence: submitted)
            while batch.count < batchRows {
                let code = sqlite3_step(statement)
                if code == SQLITE_DONE { more = false; break }
                guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
                batch.ids.append(sqlite3_column_int64(statement, 0))
                batch.sheets.append(Int(sqlite3_column_int64(statement, 1)))
                batch.rows.append(sqlite3_column_int64(statement, 2))
                if let text = sqlite3_column_text(statement, 3) {
                    batch.text.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, 3))))
                }
                batch.ends.append(batch.text.count)
                batch.masks.append(sqlite3_column_int64(statement, 4))
            }
            if batch.count > 0 {
                work.send(batch)
                submitted += 1
            }
            // Keep the workers fed, and insert whatever is ready meanwhile.
            while inserted < submitted && (submitted - inserted >= workers * 2 || results.isReady(inserted) || !more) {
                try insertNext()
            }
        }
        work.finishProducing()
        return (records, flags)
    }
}

/// Spent batches waiting to be filled again.
final class Pool<Element: AnyObject>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Element] = []

    func give(_ item: Element) { lock.withLock { items.append(item) } }
    func take() -> Element? { lock.withLock { items.popLast() } }
}

/// Normalized batches by sequence number, so the store receives them in the order they were read.
final class ResultBoard: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [Int: RecordBatch] = [:]

    func put(_ batch: RecordBatch) {
        condition.lock()
        batches[batch.sequence] = batch
        condition.broadcast()
        condition.unlock()
    }

    func isReady(_ sequence: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return batches[sequence] != nil
    }

    func take(_ sequence: Int) -> RecordBatch {
        condition.lock()
        defer { condition.unlock() }
        while batches[sequence] == nil { condition.wait() }
        return batches.removeValue(forKey: sequence)!
    }
}

/// Inserts record batches with one prepared statement per sheet, naming only the columns that
/// sheet can fill, bound by raw SQLite calls (no `String`s): half the bindings of a full row.
final class RecordWriter {
    private let db: Database
    private let layouts: [Int: SheetLayout]
    private var statements: [Int: (statement: Statement, columns: [Int32])] = [:]

    init(_ db: Database, layouts: [Int: SheetLayout]) {
        self.db = db
        self.layouts = layouts
    }

    private func statement(for sheet: Int) throws -> (statement: Statement, columns: [Int32]) {
        if let known = statements[sheet] { return known }
        let columns = layouts[sheet]?.columns ?? PersonColumn.allCases
        let names = PersonColumn.integerColumns + columns.map(\.columnName)
        let statement = try db.makeStatement(sql: """
            INSERT INTO person_records (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))
            """)
        let entry = (statement, columns.map { Int32($0.rawValue) })
        statements[sheet] = entry
        return entry
    }

    func insert(_ batch: RecordBatch) throws {
        let textColumns = RecordBatch.textColumns
        var currentSheet = Int.min
        var s: OpaquePointer? = nil
        var columns: [Int32] = []
        do {
            let base = UnsafeRawPointer(batch.text).assumingMemoryBound(to: CChar.self)
            let spans = batch.spans
            do {
                for r in 0..<batch.count {
                    if batch.sheets[r] != currentSheet {
                        currentSheet = batch.sheets[r]
                        let entry = try statement(for: currentSheet)
                        s = entry.statement.sqliteStatement
                        columns = entry.columns
                    }
                    sqlite3_bind_int64(s, 1, batch.ids[r])
                    sqlite3_bind_int64(s, 2, Int64(batch.sheets[r]))
                    sqlite3_bind_int64(s, 3, batch.rows[r])
                    if batch.idValid[r] < 0 { sqlite3_bind_null(s, 4) } else { sqlite3_bind_int64(s, 4, Int64(batch.idValid[r])) }
                    let spanBase = r * textColumns * 2
                    for k in 0..<columns.count {
                        let c = columns[k]
                        let length = spans[spanBase + Int(c) * 2 + 1]
                        if length < 0 {
                            sqlite3_bind_null(s, Int32(5 + k))
                        } else {
                            sqlite3_bind_text(s, Int32(5 + k), base + Int(spans[spanBase + Int(c) * 2]), length, nil)
                        }
                    }
                    let code = sqlite3_step(s)
                    sqlite3_reset(s)
                    if code != SQLITE_DONE {
                        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                    }
                }
            }
        }
    }
}
