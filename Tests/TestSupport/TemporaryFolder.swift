import Foundation

/// A folder under the system's temporary directory, removed when the value is released.
public final class TemporaryFolder: @unchecked Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("bidui-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `data` at `relative` (creating folders) and returns its URL.
    @discardableResult
    public func write(_ data: Data, to relative: String) throws -> URL {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file
    }

    @discardableResult
    public func write(_ text: String, to relative: String) throws -> URL {
        try write(Data(text.utf8), to: relative)
    }

    /// Copies a committed fixture (path under Tests/Fixtures) into this folder.
    @discardableResult
    public func copyFixture(_ fixture: String, to relative: String) throws -> URL {
        try write(try Data(contentsOf: Fixtures.url(fixture)), to: relative)
    }
}

/// The committed test files under Tests/Fixtures and the repository's own folders.
public enum Fixtures {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func url(_ relative: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relative)
    }

    /// A pipeline file's text with the reconciliation settings filled in and the given sources.
    public static func pipeline(_ sources: String) -> String {
        """
        reconciliation:
          school_year: "2025-2026"
          term: 秋季学期
          reference_date: 2025-10-31
        sources:
        \(sources)
        """
    }
}
