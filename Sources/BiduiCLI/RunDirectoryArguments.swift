import ArgumentParser
import Foundation

/// The run directory of a command that reads a run (`status`, `verify`): given as an argument, or
/// with `--run-dir` as the stages take it; one of them, and not two different ones.
struct RunDirectoryArguments: ParsableArguments {
    @Argument(help: "The run directory (e.g. runs/sample).")
    var directory: String?

    @Option(name: .customLong("run-dir"), help: "The run directory, as the stages take it.")
    var runDirectory: String?

    func validate() throws {
        switch (directory, runDirectory) {
        case (nil, nil): throw ValidationError("name the run directory, e.g. runs/sample (or --run-dir runs/sample)")
        case let (a?, b?) where a != b: throw ValidationError("two run directories given (\(a) and --run-dir \(b)); give one")
        default: break
        }
    }

    var url: URL { URL(fileURLWithPath: directory ?? runDirectory ?? ".").standardizedFileURL }
}
