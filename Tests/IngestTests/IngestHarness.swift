import Foundation
import GRDB
import TestSupport
@testable import BiduiCore
@testable import Ingest

/// A pipeline in a temporary folder, ingested for real, with the store's results at hand.
struct IngestHarness {
    let folder: TemporaryFolder
    let report: IngestReport
    let store: RunStore

    struct StoredRow: Equatable {
        var file: String
        var sheet: String?
        var row: Int
        var cells: [String: String]
    }

    struct StoredIssue: Equatable {
        var file: String
        var row: Int?
        var outcome: String
        var reason: String
        var message: String
    }

    /// Writes `pipeline` to `pipelines/test.yaml` after `prepare` has put files in place, and ingests.
    static func run(_ sources: String, prepare: (TemporaryFolder) throws -> Void) throws -> IngestHarness {
        let folder = try TemporaryFolder()
        try prepare(folder)
        let pipeline = try folder.write(Fixtures.pipeline(sources), to: "pipelines/test.yaml")
        let context = try StageRunContext(
            stage: .ingest, pipeline: pipeline.path, runDirectory: folder.url.appendingPathComponent("run").path)
        let report = try IngestStage.run(context)
        return IngestHarness(folder: folder, report: report, store: context.store)
    }

    func rows() throws -> [StoredRow] {
        try store.database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.path, s.sheet, s.fields, r.row, r.cells FROM raw_rows r
                JOIN source_sheets s ON s.id = r.sheet_id JOIN source_files f ON f.id = s.file_id ORDER BY r.id
                """).map { row in
                let fields = try JSONDecoder().decode([String].self, from: Data((row["fields"] as String).utf8))
                let values = (row["cells"] as String).split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                return StoredRow(file: row["path"], sheet: row["sheet"], row: row["row"],
                                 cells: Dictionary(uniqueKeysWithValues: zip(fields, values)))
            }
        }
    }

    func issues() throws -> [StoredIssue] {
        try store.database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.path, i.row, i.outcome, i.reason, i.message FROM row_issues i
                JOIN source_files f ON f.id = i.file_id ORDER BY i.id
                """).map { StoredIssue(file: $0["path"], row: $0["row"], outcome: $0["outcome"], reason: $0["reason"], message: $0["message"]) }
        }
    }

    func line(_ file: String) -> IngestReport.Line? { report.lines.first { $0.file == file } }
}
