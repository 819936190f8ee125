import ArgumentParser
import BiduiCore
import Foundation
import Ingest

/// `bidui init FOLDER`: proposes a pipeline for a folder of department exports, for the officer to review.
public struct InitCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Propose a pipeline for a folder of department exports (生成配置): each file's role from its headers or name, the term, and what could not be decided, commented out.",
        discussion: "Looks at every file under FOLDER, leaving out hidden files and folders named runs, expected or truth. Writes FOLDER/pipeline.yaml unless -o says otherwise; an existing file is kept unless --force. Exit 0: written; 1: no file could be given a role; 64: the file exists.")

    @Argument(help: "The folder that holds the department exports (subfolders included).")
    var folder: String

    @Option(name: [.customShort("o"), .customLong("output")], help: "Where to write the pipeline (default FOLDER/pipeline.yaml); its paths are relative to this file's folder.")
    var output: String?

    @Flag(name: .long, help: "Replace the output file if it exists.")
    var force = false

    public init() {}

    public func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("\(folder) is not a folder; give the folder that holds the department exports (e.g. bidui init data/2025秋)")
        }
    }

    public func run() throws {
        let folderURL = URL(fileURLWithPath: folder).standardizedFileURL
        let outputURL = output.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? folderURL.appendingPathComponent("pipeline.yaml")
        if FileManager.default.fileExists(atPath: outputURL.path) && !force {
            StageRunner.report("\(outputURL.path) exists and was left as it is; give --force to replace it, or -o FILE to write elsewhere")
            throw ExitCode(BiduiExitCode.usage.rawValue)
        }
        do {
            guard let today = CalendarDate.today else { throw ValidationError("cannot tell today's date from the system clock") }
            let proposal = try PipelineProposal.make(folder: folderURL, today: today)
            print(proposal.summary)
            let text = try proposal.pipelineText(for: outputURL)
            try Data(text.utf8).write(to: outputURL, options: .atomic)
            print("wrote \(outputURL.path): review it (每项核对), then run: bidui check \(output ?? (folder as NSString).appendingPathComponent("pipeline.yaml"))")
        } catch let error as PipelineProposalError {
            StageRunner.report("init: \(error)")
            throw ExitCode(BiduiExitCode.failure.rawValue)
        } catch let error as ConfigurationError {
            StageRunner.report("init wrote a configuration that does not load (please report this): \(error)")
            throw ExitCode(BiduiExitCode.failure.rawValue)
        } catch let error as CocoaError {
            StageRunner.report("init: cannot write \(outputURL.path): \(error.localizedDescription)")
            throw ExitCode(BiduiExitCode.failure.rawValue)
        }
    }
}
