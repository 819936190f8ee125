import Foundation
import Yams

/// How long a run directory is kept (`retention:` in a pipeline): `bidui purge` deletes a run once
/// this many days have passed since its last stage finished. No stage reads it, so changing it
/// makes nothing stale.
public struct RetentionSettings: Sendable, Equatable {
    /// Three years: a term's findings stay at hand for the next terms' comparisons and for audits.
    public static let defaultKeepDays = 1095

    public var keepDays = RetentionSettings.defaultKeepDays

    public init(keepDays: Int = RetentionSettings.defaultKeepDays) { self.keepDays = keepDays }

    static let keys: Set<String> = ["keep_days"]

    init(node: ConfigNode) throws {
        for (key, value) in try node.entries(allowed: Self.keys) where key == "keep_days" {
            guard let days = Int(try value.nonEmptyString()), days >= 1 else {
                throw value.error("expected a whole number of days, at least 1 (e.g. 1095 for three years)")
            }
            keepDays = days
        }
    }

    /// The `retention:` section of a stored configuration's text, read on its own: a run's copy of an
    /// older or newer configuration need not load as a whole. Nil when the text has no valid section.
    public static func stored(inConfigurationText text: String, file: String) -> RetentionSettings? {
        guard let root = try? Yams.compose(yaml: text), case .mapping(let mapping) = root else { return nil }
        for (key, value) in mapping where key.string == "retention" {
            return try? RetentionSettings(node: ConfigNode(node: value, path: "retention", file: file))
        }
        return nil
    }
}
