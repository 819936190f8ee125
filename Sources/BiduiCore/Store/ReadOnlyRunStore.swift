import Foundation
import GRDB

/// A run's store opened to look at, never to change: no migrations, no chmod and no run lock, so
/// `bidui status` and `bidui explain` work while a stage is writing (the rollback journal lets a
/// reader see the last committed state until the writer's commit, which it briefly waits out).
package struct ReadOnlyRunStore: Sendable {
    /// The store stayed locked by a writer for longer than the reader waits.
    package struct Busy: Error, CustomStringConvertible, Sendable {
        package let path: String
        package var description: String {
            "\(path) is busy: a stage is committing its results; try again in a moment"
        }
    }

    package let directory: URL
    package let database: DatabaseQueue
    package var databasePath: String { directory.appendingPathComponent("run.sqlite").path }

    /// Opens `run.sqlite` in `directory` read-only; a missing directory or store is an error that says what to give instead.
    package init(directory: URL, busyTimeout: TimeInterval = 5) throws {
        self.directory = directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RunStoreError.io(path: directory.path, message: "no such run directory; give the folder a stage wrote into (e.g. runs/sample, the --run-dir of the stages)")
        }
        let path = directory.appendingPathComponent("run.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw RunStoreError.io(path: directory.path, message: "no run.sqlite in this folder: no stage has run here; run `bidui ingest PIPELINE --run-dir \(directory.path)` first")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "bidui.read-only"
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
    }

    /// Runs `body` in one read transaction (a consistent snapshot), turning SQLite's errors into ones a user can act on.
    package func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as DatabaseError {
            throw Self.translate(error, path: databasePath)
        }
    }

    /// The tables the store has: a store written by an older bidui lacks the later stages' tables.
    package static func tables(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
    }

    private static func translate(_ error: DatabaseError, path: String) -> any Error {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return Busy(path: path)
        case .SQLITE_NOTADB: return RunStoreError.io(path: path, message: "not a bidui run store (not an SQLite database)")
        case .SQLITE_READONLY:
            // A hot journal left by a killed stage: only a writer can roll it back.
            return RunStoreError.io(path: path, message: "a stage was interrupted and its journal must be rolled back first; run any bidui stage on this run directory (the previous results are kept), then look again")
        default: return RunStoreError.io(path: path, message: "cannot read the run store: \(error.message ?? "\(error)")")
        }
    }
}
