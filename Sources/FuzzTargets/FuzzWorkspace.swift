import Foundation

/// A private folder per process for the files the readers need, one subfolder per input, so inputs
/// replayed in parallel (Swift Testing runs tests concurrently) never share a file.
enum FuzzWorkspace {
    private static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bidui-fuzz-\(getpid())", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: FuzzWorkspace.rootPath) }
        return url
    }()
    private static let rootPath = FileManager.default.temporaryDirectory.appendingPathComponent("bidui-fuzz-\(getpid())").path

    /// Runs `body` with a fresh empty folder, removed afterwards.
    static func withFolder<R>(_ body: (URL) -> R) -> R {
        let folder = root.appendingPathComponent(UUID().uuidString, isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        return body(folder)
    }
}
