/// Problems with a run directory or its store, said so that the user knows what to do.
public enum RunStoreError: Error, Sendable, CustomStringConvertible {
    case io(path: String, message: String)
    case upstreamMissing(stage: StageName, needs: StageName, command: String)
    case upstreamStale(stage: StageName, needs: StageName, reason: String, command: String)
    case newerSchema(path: String, found: Int, supported: Int)

    public var description: String {
        switch self {
        case .io(let path, let message): "\(path): \(message)"
        case .upstreamMissing(let stage, let needs, let command):
            "\(stage.rawValue) needs the results of \(needs.rawValue), which has not run in this run directory; run `\(command)` first"
        case .upstreamStale(let stage, let needs, let reason, let command):
            "\(stage.rawValue) needs the results of \(needs.rawValue), which are stale (\(reason)); run `\(command)` first"
        case .newerSchema(let path, let found, let supported):
            "\(path) was written by a newer bidui (store version \(found), this one reads up to \(supported)); use that version or a new --run-dir"
        }
    }
}
