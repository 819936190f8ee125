import BiduiCore
import Foundation
import Normalize

/// The pipeline configuration as `bidui` loads it from a file; a configuration that loads is then
/// used: its digests, its category synonyms, and its column aliases reading a small roster.
enum ConfigurationTarget {
    static let roster = Array("姓名,身份证号,学校名称,就读状态\n张三,420102201309011234,城关小学,在读\n".utf8)

    static func parse(_ bytes: [UInt8]) -> FuzzOutcome {
        var outcome = FuzzOutcome(target: .config)
        let configuration: PipelineConfiguration? = FuzzWorkspace.withFolder { folder in
            let url = folder.appendingPathComponent("pipeline.yaml")
            guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes)) else {
                fatalError("cannot write the fuzz input to \(url.path)")
            }
            do {
                return try PipelineConfiguration.load(from: url)
            } catch let error as ConfigurationError {
                outcome.rejection = error.description
                invariant(!error.description.isEmpty, "a configuration error without a message")
                return nil
            } catch {
                outcome.rejection = "\(error)"
                return nil
            }
        }
        guard let configuration else { return outcome }
        outcome.values["sources"] = "\(configuration.sources.count)"
        _ = configuration.digest(ofSections: Array(configuration.sectionDigests.keys))
        _ = CategoryMaps(extra: configuration.categorySynonyms)
        for source in configuration.sources { _ = configuration.aliasTable(for: source) }
        let read = ReaderTargets.read(roster, fileExtension: "csv", target: .config, configuration: configuration)
        outcome.acceptedRows = read.acceptedRows
        outcome.rowIssues = read.rowIssues
        if let rejection = read.rejection { outcome.values["roster"] = rejection }
        return outcome
    }
}
