import Foundation
import Logging

/// Where log lines go: standard error, and the run directory's log once a run is open.
public final class LogSink: @unchecked Sendable {
    public static let shared = LogSink()
    private let lock = NSLock()
    private var file: FileHandle?
    public var echoToStandardError = true

    /// Appends every later line to `url` (created owner-only).
    public func attach(file url: URL) {
        lock.lock()
        defer { lock.unlock() }
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        file = try? FileHandle(forWritingTo: url)
        _ = try? file?.seekToEnd()
    }

    public func detach() {
        lock.lock()
        defer { lock.unlock() }
        try? file?.close()
        file = nil
    }

    func write(_ line: String) {
        let data = Data((line + "\n").utf8)
        lock.lock()
        defer { lock.unlock() }
        if echoToStandardError { FileHandle.standardError.write(data) }
        try? file?.write(contentsOf: data)
    }
}

/// A swift-log handler that masks ID numbers in every message and metadata value before writing.
public struct MaskingLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let sink: LogSink

    public init(label: String, level: Logger.Level = .info, sink: LogSink = .shared) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        var line = "\(Timestamp.string(Date())) \(event.level.rawValue.uppercased()) [\(label)] \(event.message)"
        if !merged.isEmpty {
            line += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        sink.write(PersonalDataMask.maskIDNumbers(in: line))
    }

    /// Installs this handler for the whole process; safe to call once per process.
    public static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { MaskingLogHandler(label: $0, level: level) }
    }
}
