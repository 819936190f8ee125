import BiduiCore
import Foundation
import GRDB

/// The report stage: the officers' work lists (XLSX, CSV), the summary page and its numbers (HTML,
/// JSON), and the machine contract (JSONL, links.csv), all from the reconcile stage's findings.
public enum ReportStage {
    /// What the command line may change for one run, over the pipeline's `report:` section.
    public struct Options: Sendable {
        public var mask: Bool?
        public var csvEncoding: ReportSettings.CSVEncoding?
        /// Another folder than the run's `report/`, e.g. for a masked copy to share.
        public var outputFolder: URL?
        public init(mask: Bool? = nil, csvEncoding: ReportSettings.CSVEncoding? = nil, outputFolder: URL? = nil) {
            self.mask = mask
            self.csvEncoding = csvEncoding
            self.outputFolder = outputFolder
        }
    }

    public struct Report: Sendable {
        public var folder: URL
        public var summary: ReportSummary
        /// Each file written, with its size in bytes.
        public var files: [(name: String, bytes: Int)]

        /// What the command prints: where the files are, and the counts an officer looks at first.
        public var table: String {
            var lines = ["report: \(summary.totals.findings) findings (\(summary.totals.reviewFindings) resting on a review-band link), "
                         + "\(summary.review.total) pairs to review → \(folder.path)"]
            for c in summary.categories {
                lines.append("  " + "\(c.code) (\(c.name))".padding(toLength: 44, withPad: " ", startingAt: 0) + String(c.findings).leftPadded(7)
                             + (c.state == "applied" ? "" : "  [\(c.state)] \(c.note ?? "")"))
            }
            for file in files {
                lines.append("  " + file.name.padding(toLength: 24, withPad: " ", startingAt: 0) + ByteCountFormatter.string(fromByteCount: Int64(file.bytes), countStyle: .file))
            }
            let d = summary.caseDecisions
            if d.decided + d.keptOffDropoutList > 0 {
                lines.append("  case decisions (核实结果): \(d.undecided) findings to check, \(d.decided) decided (on the 已核实 sheet), "
                             + "\(d.keptOffDropoutList) kept off the dropout list")
            }
            if summary.masked { lines.append("  ID numbers and names are masked in every file") }
            return lines.joined(separator: "\n")
        }
    }

    public static let fileNames = ["discrepancies.xlsx", "discrepancies.csv", "discrepancies.jsonl", "links.csv", "summary.html", "summary.json"]

    /// The options the stage records, so `bidui run` can tell a report written another way.
    public static func optionInputs(_ configuration: PipelineConfiguration, _ options: Options = Options()) -> [StageInput] {
        var settings = configuration.report
        if let mask = options.mask { settings.mask = mask }
        if let encoding = options.csvEncoding { settings.csvEncoding = encoding }
        return optionInputs(settings)
    }

    static func optionInputs(_ settings: ReportSettings) -> [StageInput] {
        [StageInput(stage: .report, kind: "option", name: "mask=\(settings.mask),csv_encoding=\(settings.csvEncoding.rawValue)", size: nil, sha256: nil)]
    }

    public static func run(_ context: StageRunContext, options: Options = Options()) throws -> Report {
        let store = context.store
        let upstream = try store.requireFresh(.reconcile, for: .report, pipeline: context.pipelineArgument)
        var settings = context.configuration.report
        if let mask = options.mask { settings.mask = mask }
        if let encoding = options.csvEncoding { settings.csvEncoding = encoding }
        let target = options.outputFolder ?? context.runDirectory.appendingPathComponent("report")
        let folder = try ReportFolder(target)
        let started = Date()
        let flat = FlatFileWriter(
            csv: folder.draft("discrepancies.csv"), contract: folder.draft("discrepancies.jsonl"), links: folder.draft("links.csv"),
            runDirectory: context.runDirectory, encoding: settings.csvEncoding)
        flat.startLinks()
        do {
            defer { try? flat.waitForLinks() }
            var summary = try store.database.read { db in
                try SummaryQueries.load(db, .init(
                    pipeline: context.configuration.name, settings: context.configuration.reconciliation, masked: settings.mask,
                    configurationDigest: context.configurationDigest, generatedAt: started))
            }
            summary.outputs = fileNames
            let mask = settings.mask
            // Dynamic monitoring against the previous term's run.
            var comparison: TermComparison?
            if let previous = context.configuration.previousRun {
                let old = try TermComparison.entries(ofRun: previous)
                let current = try store.database.read { try TermComparison.entries($0) }
                comparison = TermComparison(previousRun: previous.path, old: old, current: current)
                summary.termComparison = comparison.map(TermSheet.counts)
            }
            let places = try store.database.read { db in
                let workbook = try DiscrepancyWorkbook(url: folder.draft("discrepancies.xlsx"), summary: summary)
                workbook.termComparison = comparison
                let progress = context.progress("writing findings", unit: "findings", total: summary.totals.findings)
                defer { progress.finish() }
                return try ReportFiles.writeWorkLists(workbook: workbook, flat: flat, db: db, mask: mask, progress: progress)
            }
            try flat.waitForLinks()
            summary.topSchools = places.top(schools: settings.topPlaces)
            summary.topVillages = places.top(villages: settings.topPlaces)
            // The page and the JSON show this stage's own time up to here.
            let now = Date()
            summary.stages.removeAll { $0.stage == StageName.report.rawValue }
            summary.stages.append(.init(stage: StageName.report.rawValue, startedAt: Timestamp.string(context.startedAt), finishedAt: Timestamp.string(now),
                                        seconds: SummaryQueries.milliseconds(now.timeIntervalSince(context.startedAt)), rowsIn: summary.totals.findings, rowsOut: summary.totals.findings,
                                        programVersion: BiduiVersion.current, staleReason: nil))
            let page = SummaryPage.html(summary, configurationText: context.configuration.text)
            try Data(page.utf8).write(to: folder.draft("summary.html"))
            try FaultInjection.checkpoint("report.draft", writing: folder.draft("summary.json"))
            try ReportFiles.summaryJSON(summary).write(to: folder.draft("summary.json"))
            try folder.publish(fileNames)
            try FaultInjection.checkpoint("report.record")
            let files = fileNames.map { name in
                (name, (try? FileManager.default.attributesOfItem(atPath: target.appendingPathComponent(name).path)[.size] as? Int) ?? 0)
            }
            if options.outputFolder == nil {
                let inputs = [
                    StageInput(stage: .report, kind: "upstream", name: "reconcile", size: nil, sha256: upstream.stamp),
                    StageInput(stage: .report, kind: "configuration", name: "reconciliation,report", size: nil, sha256: context.configurationDigest),
                ] + optionInputs(settings)
                try store.database.write { db in
                    let run = context.stageRun(rowsIn: summary.totals.findings, rowsOut: summary.totals.findings, upstreamStamp: upstream.stamp,
                                               summary: JSONText.object(["findings": "\(summary.totals.findings)", "masked": "\(mask)"]))
                    try RunStore.recordStage(run, inputs: inputs, in: db)
                }
            }
            context.logger.info("report: \(summary.totals.findings) findings written to \(target.lastPathComponent)/")
            return Report(folder: target, summary: summary, files: files)
        } catch {
            folder.discard()
            store.recordFailedAttempt(.report, startedAt: context.startedAt, message: "\(error)")
            throw DiskFullError.recognizing(error, writing: target.path)
        }
    }
}
