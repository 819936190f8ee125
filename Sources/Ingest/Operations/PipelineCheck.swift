import BiduiCore
import Foundation

/// `bidui check`: the dry run an officer does before the real one. Resolves every source's paths and
/// reads every file through ingest's readers exactly as `bidui ingest` would, but stores nothing: no
/// run directory, no run.sqlite, no lock (README.md, "Ingest: what happens to every row").
package enum PipelineCheck {
    /// Loads the configuration (a mistake throws `ConfigurationError`, which names file, line and key) and checks its inputs.
    package static func run(pipeline path: String) throws -> PipelineCheckReport {
        let configuration = try PipelineConfiguration.load(from: URL(fileURLWithPath: path).standardizedFileURL)
        return try run(configuration, pipelineArgument: path)
    }

    package static func run(_ configuration: PipelineConfiguration, pipelineArgument: String) throws -> PipelineCheckReport {
        let (files, unmatched) = SourceResolver.resolve(configuration)
        // A GB18030 file is read through a UTF-8 copy, as ingest does in the run directory; here the
        // copy goes to an owner-only folder under the system's temporary directory, removed at once.
        let temporaryFolder = FileManager.default.temporaryDirectory
            .appendingPathComponent("bidui-check-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: temporaryFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: temporaryFolder) }

        let surveys = ConcurrentSlots<FileSurvey>.map(files.count) { i in
            let detector = SheetHeaderDetector(configuration: configuration, source: files[i].spec)
            return FileSurvey.survey(files[i], detector: detector, temporaryFolder: temporaryFolder)
        }
        let sources = configuration.sources.enumerated().map { index, spec in
            PipelineCheckReport.Source(
                number: index + 1, spec: spec,
                files: surveys.filter { Self.same($0.source.spec, spec) },
                unmatched: unmatched.filter { $0.role == spec.role && spec.paths.contains($0.pattern) }.map(\.pattern))
        }
        return PipelineCheckReport(configuration: configuration, pipelineArgument: pipelineArgument, sources: sources)
    }

    /// Whether a resolved file came from this `sources:` entry (entries are told apart by where they are and what they name).
    private static func same(_ a: SourceSpec, _ b: SourceSpec) -> Bool {
        a.line == b.line && a.role == b.role && a.paths == b.paths && a.sheets == b.sheets
    }

    /// Columns the findings read beyond the required ones: a sheet without them is read, but, for
    /// example, a rural member without 户类型 is never active, so a missing one is worth a note.
    static func columnsTheFindingsUse(_ role: SourceRole) -> [CanonicalField] {
        switch role {
        case .enrollment: [.enrollmentStatus, .schoolName]
        case .aid: [.hardshipType, .schoolYear, .term]
        case .rural: [.householdType, .riskEliminated, .schoolingStatus]
        case .civil: [.assistanceType, .assistanceStatus]
        }
    }
}
