import FuzzTargets
import Foundation

// Built with `-DBIDUI_LIBFUZZER` and `-sanitize=fuzzer` (`make fuzz`), this is libFuzzer's test
// function for the target named by BIDUI_FUZZ_TARGET; built normally, it replays saved inputs:
// `bidui-fuzz <target> <file or folder>…` prints what each input came to (a crash shows as one).

#if BIDUI_LIBFUZZER
private let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["BIDUI_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        fatalError("set BIDUI_FUZZ_TARGET to one of \(known) (it is \"\(name)\")")
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let target = selectedTarget
    guard size <= target.maximumLength else { return -1 }  // not added to the corpus
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = target.run(bytes)
    return 0
}

/// libFuzzer's own driver (LLVM 11 and later), called from a Swift `main`: SwiftPM links every
/// executable's entry point under its own name, so libFuzzer's `main` cannot be the program's.
@_silgen_name("LLVMFuzzerRunDriver")
private func runLibFuzzer(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@main
struct FuzzDriver {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runLibFuzzer(&argc, &argv) { fuzzOneInput($0, $1) })
    }
}
#else
@main
struct FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
        guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[0]) else {
            FileHandle.standardError.write(Data("usage: bidui-fuzz <\(known)> <file or folder>…\n".utf8))
            exit(2)
        }
        var replayed = 0
        for path in arguments.dropFirst() {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("bidui-fuzz: cannot read \(file)\n".utf8))
                    exit(1)
                }
                print("\(file): \(target.run(Array(data)))")
                replayed += 1
            }
        }
        print("bidui-fuzz: \(replayed) input(s) replayed through \(target.rawValue) without a crash")
    }

    /// The file itself, or every regular file under a folder, sorted.
    static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
        return names.sorted().map { path + "/" + $0 }.filter { file in
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: file, isDirectory: &folder) && !folder.boolValue && !file.hasSuffix("/.gitignore")
        }
    }
}
#endif
