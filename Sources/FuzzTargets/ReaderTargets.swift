import BiduiCore
import Foundation
import Ingest

/// The file readers, driven as ingest drives them, then as `SheetDump` (officers' filled-in lists) does.
enum ReaderTargets {
    /// One enrollment source: a 学籍 roster's headers (姓名, 身份证号, 学籍号…) are what the seeds carry.
    static let configuration: PipelineConfiguration = {
        let text = """
            pipeline: fuzz
            reconciliation:
              school_year: "2025-2026"
              term: 秋季学期
              reference_date: 2025-10-31
            sources:
              - role: enrollment
                paths: ["input"]
            """
        do {
            return try PipelineConfiguration.parse(text: text, fileURL: URL(fileURLWithPath: "/fuzz/pipeline.yaml"))
        } catch {
            fatalError("the fuzz targets' own configuration does not parse: \(error)")
        }
    }()

    static func read(_ bytes: [UInt8], fileExtension: String, target: FuzzTarget,
                     configuration: PipelineConfiguration = configuration) -> FuzzOutcome {
        FuzzWorkspace.withFolder { folder in
            var outcome = FuzzOutcome(target: target)
            let url = folder.appendingPathComponent("input.\(fileExtension)")
            guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes)) else {
                fatalError("cannot write the fuzz input to \(url.path)")
            }
            let result = FileReadout.read(url, configuration: configuration, temporaryFolder: folder)
            outcome.rejection = result.error
            outcome.acceptedRows = result.acceptedRows
            outcome.rowIssues = result.issues.map { "row \($0.row) \($0.outcome) \($0.reason): \($0.message)" }
            outcome.values["format"] = result.format ?? "-"
            if let encoding = result.encoding { outcome.values["encoding"] = encoding }
            if let code = result.errorCode { outcome.values["error_code"] = code }
            // The whole-sheet dump reads officers' case decisions through the same readers.
            do {
                let sheets = try SheetDump.read(url)
                outcome.values["dump"] = "\(sheets.count) sheet(s), \(sheets.reduce(0) { $0 + $1.rows.count }) row(s)"
            } catch {
                outcome.values["dump"] = "refused"
            }
            return outcome
        }
    }
}
