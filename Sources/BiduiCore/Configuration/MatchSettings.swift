import Foundation

/// How the match stage links records (`match:` in a pipeline); every key has a default.
public struct MatchSettings: Sendable, Equatable {
    /// Match weight (log2 Bayes factor) from which two records are one person.
    public var linkThreshold: Double = 12
    /// From here up to `linkThreshold`, two records are linked but the link is marked for clerical review.
    public var reviewThreshold: Double = 9
    /// A filled-in 待人工核实 file (CSV or XLSX) whose 是否同一人 answers override the model.
    public var reviewDecisions: String?
    /// The secret behind person ids (created owner-only on first use); outside the run and its reports.
    public var personIDKey: String?
    /// A block is compared pair by pair when it gives at most as many pairs as a block of this many
    /// records would; larger ones (a common name in a whole province) are skipped and counted.
    public var maxBlockSize = 200
    /// Seed of the random pairs behind the u probabilities and of EM's start.
    public var seed: UInt64 = 1
    /// Pinned probabilities: comparison → level → (m, u); pinned levels are not estimated.
    public var pinned: [String: [String: (m: Double, u: Double)]] = [:]

    public init() {}

    public static func == (a: MatchSettings, b: MatchSettings) -> Bool {
        a.linkThreshold == b.linkThreshold && a.reviewThreshold == b.reviewThreshold && a.reviewDecisions == b.reviewDecisions
            && a.personIDKey == b.personIDKey && a.maxBlockSize == b.maxBlockSize && a.seed == b.seed
            && a.pinned.mapValues { $0.mapValues { [$0.m, $0.u] } } == b.pinned.mapValues { $0.mapValues { [$0.m, $0.u] } }
    }

    static let keys: Set<String> = ["link_threshold", "review_threshold", "review_decisions", "person_id_key", "max_block_size", "seed", "model"]

    init(node: ConfigNode) throws {
        for (key, value) in try node.entries(allowed: Self.keys) {
            switch key {
            case "link_threshold": linkThreshold = try value.number()
            case "review_threshold": reviewThreshold = try value.number()
            case "review_decisions": reviewDecisions = try value.nonEmptyString()
            case "person_id_key": personIDKey = try value.nonEmptyString()
            case "max_block_size":
                let size = Int(try value.number())
                guard size >= 2 else { throw value.error("must be at least 2") }
                maxBlockSize = size
            case "seed": seed = UInt64(max(0, try value.number()))
            case "model":
                for (comparison, levels) in try value.entries() {
                    for (level, pair) in try levels.entries() {
                        let numbers = try pair.stringList().compactMap(Double.init)
                        guard numbers.count == 2, numbers.allSatisfy({ $0 > 0 && $0 < 1 }) else {
                            throw pair.error("expected [m, u], two probabilities between 0 and 1, e.g. [0.95, 0.001]")
                        }
                        pinned[comparison, default: [:]][level] = (numbers[0], numbers[1])
                    }
                }
            default: break
            }
        }
        guard reviewThreshold <= linkThreshold else {
            throw node.error("review_threshold (\(reviewThreshold)) must not be above link_threshold (\(linkThreshold))")
        }
    }
}

extension ConfigNode {
    func number() throws -> Double {
        guard let value = Double(try nonEmptyString()) else { throw error("expected a number, found \"\(try string())\"") }
        return value
    }
}
