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
                let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM raw_rows") ?? 0
                let progress = context.progress("normalizing", total: total)
                defer { progress.finish() }
                let counts = try normalizeAll(db, layouts: layouts, maps: maps, today: context.configuration.reconciliation.referenceDate,
                                              progress: progress)
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
                try FaultInjection.checkpoint("normalize.commit")
            }
        } catch {
            store.recordFailedAttempt(.normalize, startedAt: context.startedAt, message: "\(error)")
            throw DiskFullError.recognizing(error, writing: store.databasePath)
        }
        context.logger.info("normalize: \(report.records) person records")
        return report
    }

    /// Reads every raw row, has the workers normalize them batch by batch, and inserts the records in
    /// order; returns the number of records and the flag counts per sheet.
    ///
    /// Three kinds of thread: a reader steps through `raw_rows`, workers normalize, and this thread
    /// (the store's, the critical path) only inserts. Reader and inserter share the one SQLite
    /// connection (GRDB opens it without SQLite's own mutex), so each holds `connectionLock` for a
    /// whole chunk and they take turns; nothing else touches the connection meanwhile.
    static func normalizeAll(_ db: Database, layouts: [Int: SheetLayout], maps: CategoryMaps, today: CalendarDate,
                             progress: ProgressReporter? = nil) throws
        -> (records: Int, flags: [Int: [Int]]) {
        let work = BoundedQueue<RawBatch>(capacity: workers * 2)
        let results = ResultBoard()
        // Batches go round: read → normalized → inserted → filled again, so memory is touched once.
        let spentRaw = Pool<RawBatch>(), spentRecords = Pool<RecordBatch>()
        // At most this many batches between reading and inserting: memory stays flat.
        let inFlight = DispatchSemaphore(value: workers * 3)
        let finished = DispatchGroup()
        for _ in 0..<workers {
            finished.enter()
            let thread = Thread {
                // The store's thread is the critical path: workers give way to it when cores are short.
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 15)  // Linux: 0 is the calling thread
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
        let connectionLock = NSLock()
        let read = try db.makeStatement(sql: "SELECT id, sheet_id, row, cells, numeric_mask FROM raw_rows ORDER BY id")
        let reader = RawRowReader(statement: read.sqliteStatement, connection: db.sqliteConnection, lock: connectionLock)
        finished.enter()
        let readerThread = Thread {
            var sequence = 0
            while !results.isCancelled {
                inFlight.wait()
                let batch = spentRaw.take() ?? RawBatch(sequence: sequence, capacity: batchRows)
                batch.reset(sequence: sequence)
                do {
                    try reader.fill(batch, rows: batchRows)
                } catch {
                    results.fail(error)
                    break
                }
                if batch.count == 0 { break }
                work.send(batch)
                sequence += 1
            }
            results.finish(batches: sequence)
            finished.leave()
        }
        readerThread.stackSize = 1 << 20
        defer {
            results.cancel()
            for _ in 0..<(workers * 3) { inFlight.signal() }
            work.cancel()
            finished.wait()
        }
        readerThread.start()

        let writer = RecordWriter(db, layouts: layouts)
        var flags: [Int: [Int]] = [:]
        var records = 0
        var inserted = 0
        while let batch = try results.take(inserted) {
            connectionLock.lock()
            defer { connectionLock.unlock() }
            try FaultInjection.checkpoint("normalize.rows")
            try writer.insert(batch)
            spentRecords.give(batch)
            inFlight.signal()
            records += batch.count
            progress?.advance(by: batch.count)
            for (sheet, counts) in batch.flagCounts {
                if flags[sheet] == nil { flags[sheet] = counts } else { for k in counts.indices { flags[sheet]![k] += counts[k] } }
            }
            inserted += 1
        }
        work.finishProducing()
        return (records, flags)
    }
}

/// Steps through the raw rows on the reader thread, a chunk at a time under the connection's lock.
final class RawRowReader: @unchecked Sendable {
    private let statement: OpaquePointer
    private let connection: OpaquePointer?
    private let lock: NSLock
    private var done = false

    init(statement: OpaquePointer, connection: OpaquePointer?, lock: NSLock) {
        self.statement = statement
        self.connection = connection
        self.lock = lock
    }

    func fill(_ batch: RawBatch, rows: Int) throws {
        while !done && batch.count < rows {
            lock.lock()
            defer { lock.unlock() }
            for _ in 0..<min(1_024, rows - batch.count) {
                let code = sqlite3_step(statement)
                if code == SQLITE_DONE { done = true; break }
                guard code == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
                }
                batch.ids.append(sqlite3_column_int64(statement, 0))
                batch.sheets.append(Int(sqlite3_column_int64(statement, 1)))
                batch.rows.append(sqlite3_column_int64(statement, 2))
                if let text = sqlite3_column_text(statement, 3) {
                    batch.text.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, 3))))
                }
                batch.ends.append(batch.text.count)
                batch.masks.append(sqlite3_column_int64(statement, 4))
            }
        }
    }
}

/// Spent batches waiting to be filled again.
final class Pool<Element: AnyObject>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Element] = []

    func give(_ item: Element) { lock.withLock { items.append(item) } }
    func take() -> Element? { lock.withLock { items.popLast() } }
}

/// Normalized batches by sequence number, so the store receives them in the order they were read;
/// also where the reader says how many batches there were, or why it stopped.
final class ResultBoard: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [Int: RecordBatch] = [:]
    private var total: Int?
    private var error: (any Error)?
    private var cancelled = false

    func put(_ batch: RecordBatch) {
        condition.lock()
        batches[batch.sequence] = batch
        condition.broadcast()
        condition.unlock()
    }

    func finish(batches count: Int) {
        condition.lock()
        total = count
        condition.broadcast()
        condition.unlock()
    }

    func fail(_ error: any Error) {
        condition.lock()
        self.error = error
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Batch `sequence`, waiting for it; nil once every batch has been taken; throws the reader's error.
    func take(_ sequence: Int) throws -> RecordBatch? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let error { throw error }
            if let batch = batches.removeValue(forKey: sequence) { return batch }
            if let total, sequence >= total { return nil }
            condition.wait()
        }
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
                    let present = batch.present[r]
                    for k in 0..<columns.count {
                        let c = Int(columns[k])
                        if present & (1 << UInt64(c)) == 0 {
                            sqlite3_bind_null(s, Int32(5 + k))
                        } else {
                            sqlite3_bind_text(s, Int32(5 + k), base + Int(spans[spanBase + c * 2]), spans[spanBase + c * 2 + 1], nil)
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
