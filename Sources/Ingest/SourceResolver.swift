import BiduiCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One file to ingest, named as DOMAIN.md says: its path relative to the configuration's folder.
struct ResolvedSource: Sendable {
    var index: Int
    var spec: SourceSpec
    var url: URL
    var name: String
}

/// A path or pattern in the configuration that matched no file.
struct UnmatchedPath: Sendable {
    var role: SourceRole
    var pattern: String
}

enum SourceResolver {
    /// Expands every source's paths and globs, in configuration order, each file once.
    static func resolve(_ configuration: PipelineConfiguration) -> (files: [ResolvedSource], unmatched: [UnmatchedPath]) {
        var files: [ResolvedSource] = []
        var unmatched: [UnmatchedPath] = []
        var seen = Set<String>()
        for spec in configuration.sources {
            for pattern in spec.paths {
                let matches = expand(pattern, in: configuration.folder)
                if matches.isEmpty { unmatched.append(UnmatchedPath(role: spec.role, pattern: pattern)) }
                for relative in matches {
                    let url = URL(fileURLWithPath: relative, relativeTo: configuration.folder).standardizedFileURL
                    // One file reached through a symbolic link (a link loop in a globbed folder, a
                    // link beside its target) is read once: its rows would otherwise count twice.
                    guard seen.insert(realPath(url.path)).inserted else { continue }
                    files.append(ResolvedSource(index: files.count, spec: spec, url: url, name: relative))
                }
            }
        }
        return (files, unmatched)
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// The path with every symbolic link resolved; for a link that cannot be resolved (a loop), its
    /// folder resolved and its own name, so one looping link reached two ways is still one file.
    static func realPath(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let url = URL(fileURLWithPath: path)
        guard let folder = realpath(url.deletingLastPathComponent().path, nil) else { return path }
        defer { free(folder) }
        return String(cString: folder) + "/" + url.lastPathComponent
    }

    /// Relative paths matching `pattern` under `folder`, sorted; a plain path is returned only if it exists.
    static func expand(_ pattern: String, in folder: URL) -> [String] {
        let isGlob = pattern.contains { "*?[".contains($0) }
        if !isGlob {
            let full = pattern.hasPrefix("/") ? pattern : folder.path + "/" + pattern
            return FileManager.default.fileExists(atPath: full) || isSymbolicLink(full) ? [pattern] : []
        }
        let base = pattern.hasPrefix("/") ? "" : folder.path + "/"
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(base + pattern, 0, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        for i in 0..<Int(result.gl_pathc) {
            guard let cString = result.gl_pathv[i] else { continue }
            var path = String(cString: cString)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                guard !isDirectory.boolValue else { continue }
            } else {
                // A symbolic link that loops or leads nowhere: kept, so ingest reports it instead of
                // the file vanishing from the run without a word.
                guard isSymbolicLink(path) else { continue }
            }
            if !base.isEmpty, path.hasPrefix(base) { path.removeFirst(base.count) }
            paths.append(path)
        }
        return paths.sorted()
    }
}
