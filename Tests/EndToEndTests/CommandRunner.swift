import Foundation
import TestSupport

/// Runs the built executables as a cron job would: no terminal, captured output, an exit code.
struct CommandResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
    /// Ended by a signal (then `status` is the signal's number), not by exiting.
    var signaled = false
}

enum Executables {
    /// The folder holding the built products (the test bundle sits beside them).
    static let folder: URL = {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Fixtures.repositoryRoot.appendingPathComponent(".build/debug"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("bidui").path) }
            ?? candidates[3]
    }()

    /// `environment` is added to this process's (e.g. `BIDUI_FAULT`, see FaultInjection); `umask`
    /// (octal, e.g. "022") starts the program through `/bin/sh` with that file-creation mask.
    static func run(_ name: String, _ arguments: [String], in directory: URL? = nil,
                    environment: [String: String] = [:], umask: String? = nil) throws -> CommandResult {
        let process = Process()
        let program = folder.appendingPathComponent(name)
        if let umask {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "umask \(umask) && exec \"$0\" \"$@\"", program.path] + arguments
        } else {
            process.executableURL = program
            process.arguments = arguments
        }
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self),
            signaled: process.terminationReason == .uncaughtSignal)
    }
}

extension Executables {
    /// Runs another program (a browser, Python), stopping it after `timeout` seconds.
    static func runExternal(_ path: String, _ arguments: [String], timeout: TimeInterval) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidui-external-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Files rather than pipes: a browser's helpers keep pipes open after it exits.
        let outURL = folder.appendingPathComponent("out"), errURL = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             standardOutput: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                             standardError: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}

/// Finds 15- or 18-character ID numbers written out in full.
enum UnmaskedIDNumbers {
    static func find(in text: String) -> [String] {
        let pattern = try? NSRegularExpression(pattern: "(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])|(?<![0-9])[0-9]{15}(?![0-9])")
        let range = NSRange(text.startIndex..., in: text)
        return pattern?.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } } ?? []
    }
}
