import BiduiCore
import Foundation
import GRDB
import Logging

/// The ingest stage: reads every source file of a pipeline into the run store's raw rows,
/// accounting for every row, in one transaction that replaces the previous ingest.
public enum IngestStage {
    /// Runs ingest and returns the accounting; throws only when nothing could be stored.
    /// The files the configuration names today, as ingest records them (kind "file", by name), so
    /// `bidui run` can tell whether a file was added or went away since the last ingest.
    public static func namedFiles(_ configuration: PipelineConfiguration) -> [StageInput] {
        SourceResolver.resolve(configuration).files.map { StageInput(stage: .ingest, kind: "file", name: $0.name, size: nil, sha256: nil) }
    }

    public static func run(_ context: StageRunContext) throws -> IngestReport {
        let logger = context.logger
        let (files, unmatched) = SourceResolver.resolve(context.configuration)
        for path in unmatched {
            logger.warning("no file matches \(path.pattern) (\(path.role.rawValue)); check the path in \(context.configuration.fileURL.lastPathComponent)")
        }
        logger.info("ingest: \(files.count) file(s) from \(context.configuration.sources.count) source(s)")
        let temporaryFolder = context.runDirectory.appendingPathComponent("tmp")
        try RunDirectory.create(temporaryFolder)

        // One bounded channel per file, drained in file order: files parse on both cores, yet rows are
        // stored in the same order on every run (raw_rows' rowid follows file, sheet and row).
        let channels = files.map { _ in EventChannel() }
        let configuration = context.configuration
        DispatchQueue.global().async {
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                let channel = channels[i]
                defer { channel.finishProducing() }
                guard !channel.isCancelled else { return }
                let detector = SheetHeaderDetector(configuration: configuration, source: files[i].spec)
                let outcome = FileIngestion.ingest(files[i], detector: detector, temporaryFolder: temporaryFolder, send: channel.send)
                channel.send(.fileFinished(file: i, outcome))
            }
        }

        let report: IngestReport
        let progress = context.progress("reading \(files.count) files")
        defer { progress.finish() }
        do {
            report = try context.store.database.write { db in
                let writer = try IngestWriter(db: db)
                try writer.registerFiles(files, unmatched: unmatched)
                var outcomes: [Int: FileOutcome] = [:]
                var sheetNames: [Int: String?] = [:]
                var skippedSheets: [(file: Int, name: String?, reason: String)] = []
                for channel in channels {
                    while let event = channel.receive() {
                        try writer.handle(event)
                        if case .rows(_, let batch) = event { progress.advance(by: batch.rowNumbers.count) }
                        switch event {
                        case .fileFinished(let file, let outcome):
                            outcomes[file] = outcome
                            if let error = outcome.error {
                                logger.error("\(files[file].spec.role.rawValue) file \(files[file].name): \(error.description)")
                            }
                        case .sheetStarted(_, let sheet, let name, _): sheetNames[sheet] = name
                        case .sheetSkipped(let file, let name, let reason): skippedSheets.append((file, name, reason))
                        default: break
                        }
                    }
                }
                let report = IngestReport(
                    files: files, unmatched: unmatched, outcomes: outcomes, sheetCounts: writer.sheetCounts,
                    sheetNames: sheetNames, skippedSheets: skippedSheets)
                let configuration = context.configuration
                try RunStore.rememberConfiguration(
                    configuration, digest: configuration.digest(ofSections: Array(configuration.sectionDigests.keys)), in: db)
                var inputs = files.map { file in
                    StageInput(stage: .ingest, kind: "file", name: file.name,
                               size: outcomes[file.index]?.size.map(Int.init), sha256: outcomes[file.index]?.sha256)
                }
                inputs.append(StageInput(stage: .ingest, kind: "configuration", name: "sources+columns", size: nil,
                                         sha256: context.configurationDigest))
                let run = context.stageRun(
                    rowsIn: report.totals.read, rowsOut: report.totals.accepted, upstreamStamp: nil, summary: report.summaryJSON)
                try RunStore.recordStage(run, inputs: inputs, in: db)
                try FaultInjection.checkpoint("ingest.commit")
                return report
            }
        } catch {
            channels.forEach { $0.cancel() }
            try? FileManager.default.removeItem(at: temporaryFolder)
            context.store.recordFailedAttempt(.ingest, startedAt: context.startedAt, message: "\(error)")
            throw DiskFullError.recognizing(error, writing: context.store.databasePath)
        }
        try FaultInjection.checkpoint("ingest.committed")
        try? FileManager.default.removeItem(at: temporaryFolder)
        logger.info("ingest: \(report.totals.accepted) rows accepted, \(report.totals.skipped) skipped, \(report.totals.rejected) rejected, \(report.failedFiles) file(s) not read")
        return report
    }
}

/// Reading one file of any format, with every failure turned into the file's outcome.
enum FileIngestion {
    static func ingest(_ source: ResolvedSource, detector: SheetHeaderDetector, temporaryFolder: URL,
                       send: @escaping (IngestEvent) -> Void) -> FileOutcome {
        var outcome = FileOutcome()
        let before = FileStamp.of(source.url)
        do {
            let scan: EncodingScan
            do {
                scan = try EncodingScan.scan(source.url)
            } catch {
                throw IngestFileError.unreadable(Self.reason(error))
            }
            outcome.size = scan.size
            outcome.sha256 = scan.sha256
            if scan.size == 0 { throw IngestFileError.empty }
            IngestTestHooks.runAfterFirstPass(source.url)
            let format = SourceFormat.sniff(scan.prefix)
            outcome.format = format.rawValue
            switch format {
            case .delimitedText:
                try DelimitedFileIngester(
                    source: source, detector: detector, scan: scan, temporaryFolder: temporaryFolder, send: send
                ).run(outcome: &outcome)
            case .biff:
                throw IngestFileError.binaryExcel
            case .xlsx:
                try XLSXFileIngester(source: source, detector: detector, send: send).run(outcome: &outcome)
            case .spreadsheetML:
                try SpreadsheetMLFileIngester(source: source, detector: detector, send: send, scan: scan).run(outcome: &outcome)
            case .htmlTable:
                try HTMLFileIngester(source: source, detector: detector, scan: scan, temporaryFolder: temporaryFolder, send: send)
                    .run(outcome: &outcome)
            }
        } catch let error as IngestFileError {
            outcome.error = error
        } catch {
            outcome.error = .unreadable(Self.reason(error))
        }
        // A file that changed meanwhile is rejected whole, even when it happened to parse: its rows
        // may mix the old and the new export (the writer keeps none of a failed file's rows).
        if let before, FileStamp.of(source.url) != before { outcome.error = .changedWhileReading }
        return outcome
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError
        // Foundation wraps the system's error; a POSIX error may also come bare.
        guard let posix = [underlying, nsError].lazy.compactMap({ $0 }).first(where: { $0.domain == NSPOSIXErrorDomain }) else {
            return nsError.localizedDescription
        }
        let code = Int32(posix.code)
        return String(cString: strerror(code)) + (advice(forPOSIXError: code).map { "; \($0)" } ?? "")
    }
}
