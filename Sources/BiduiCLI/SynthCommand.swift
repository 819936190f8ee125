import ArgumentParser
import BiduiCore
import Foundation
import Synth

/// `bidui-synth`: fictional department exports with their ground truth, for tests, samples,
/// accuracy and scale.
public struct SynthCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bidui-synth",
        abstract: "Write synthetic department exports (fictional people) with their truth: every row's true person and the true findings.")

    @Option(help: "Households in the true population.")
    var households = 1_000

    @Option(help: "Random seed: the same seed gives byte-identical files.")
    var seed: UInt64 = 1

    @Option(help: "Folder to write into (created); required unless --namesakes.")
    var out: String?

    @Option(help: "Share of 学籍 rows whose ID number is damaged (typo, transposition, x, spaces, full width, apostrophe, 15 digits, scientific notation with 15 or with six digits, lost digits, blank).")
    var idQuirkRate = 0.03

    @Option(help: "The same share for the other departments' rows (资助, 乡村振兴, 民政), where blanks and six-digit scientific notation are also more common.")
    var departmentIdQuirkRate = 0.05

    @Option(help: "Share of rows whose name is damaged (spaces, traditional characters, homophones, look-alikes, middle dots).")
    var nameQuirkRate = 0.02

    @Option(help: "The school year (e.g. 2025-2026); the term is 秋季学期 and the reference date 31 October.")
    var schoolYear = "2025-2026"

    @Flag(help: "Also write the term before (春季学期 of the previous school year) into OUT/previous.")
    var previousTerm = false

    @Option(help: "Multiplies the rates of the cases behind the findings (dropouts, missing or duplicate aid, false claims, status mismatches); small samples use 4 so every finding occurs.")
    var caseScale = 1.0

    @Option(help: "Prefix for file names in the truth, as the pipeline that reads OUT names them (e.g. ../samples/).")
    var truthPrefix = ""

    @Flag(help: "Do not write OUT/pipeline.yaml (e.g. for samples/, read by pipelines/sample.yaml).")
    var noPipeline = false

    @Option(help: "Only report how often people share a full name among this many people of the population (overall and within their county), with the commonest names; writes nothing.")
    var namesakes: Int?

    public init() {}

    public func run() throws {
        guard let start = Int(schoolYear.prefix(4)), schoolYear.count == 9 else {
            throw ValidationError("--school-year must look like 2025-2026")
        }
        if let namesakes {
            let measured = Namesakes.measure(people: namesakes, households: households, seed: seed)
            print(String(format: "%d people of a %d-household population: %.2f%% share their full name with another person, %.2f%% with another of their county",
                         measured.people, households, 100 * Double(measured.sharingOverall) / Double(max(1, measured.people)),
                         100 * Double(measured.sharingInCounty) / Double(max(1, measured.people))))
            print("  commonest: " + measured.commonest.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
            return
        }
        var quirks = Quirks()
        quirks.idRate = idQuirkRate
        quirks.departmentIDRate = departmentIdQuirkRate
        quirks.nameRate = nameQuirkRate
        guard let out else { throw ValidationError("--out FOLDER is required: the folder to write the exports and their truth into") }
        let folder = URL(fileURLWithPath: out).standardizedFileURL
        var terms = [(folder, Self.settings(start, .autumn))]
        if previousTerm { terms.append((folder.appendingPathComponent("previous"), Self.settings(start - 1, .spring))) }
        for (target, settings) in terms {
            let started = Date()
            let summary = try SyntheticRun.write(households: households, seed: seed, settings: settings, quirks: quirks,
                                                 rates: TermAssigner.Rates().scaled(by: caseScale), writesPipeline: !noPipeline,
                                                 truthPrefix: truthPrefix, to: target)
            print("\(target.path): \(summary.households) households, \(summary.people) people; rows "
                  + SourceRole.allCases.map { "\($0.rawValue) \(summary.rows[$0] ?? 0)" }.joined(separator: ", ")
                  + String(format: "; %.1f s", Date().timeIntervalSince(started)))
            print("  true findings: " + summary.findings.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
    }

    static func settings(_ start: Int, _ term: ReconciliationSettings.Term) -> ReconciliationSettings {
        let reference = term == .autumn ? CalendarDate(year: start, month: 10, day: 31) : CalendarDate(year: start + 1, month: 4, day: 30)
        return ReconciliationSettings(
            schoolYearStart: start, term: term, referenceDate: reference ?? CalendarDate(year: start, month: 10, day: 1)!,
            compulsoryAges: 6...15, ageCutoffMonth: 8, ageCutoffDay: 31)
    }
}
