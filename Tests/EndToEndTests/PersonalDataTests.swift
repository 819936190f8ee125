import BiduiCore
import Crypto
import Foundation
import GRDB
import Testing
import TestSupport

/// Personal data (个人信息) end to end: what is passed around (logs, standard output and error, the
/// summary page and JSON, status) never shows an ID number or a person's full name; the run
/// directory and every file bidui writes are owner-only whatever the umask; person ids cannot be
/// turned back into ID numbers without the key, which never enters the run; and `bidui purge`
/// deletes runs past their retention.
@Suite(.serialized) struct PersonalDataTests {
    let pipeline = Fixtures.repositoryRoot.appendingPathComponent("pipelines/sample.yaml").path
    let keyURL = Fixtures.repositoryRoot.appendingPathComponent("samples/person-id.key")

    // MARK: What is passed around

    /// ID-number-like runs written out in full: 15 or 18 characters, with full-width digits folded,
    /// and again with spaces between digits dropped too, so `４２０１ 02…` is caught.
    static func unmaskedIDNumbers(in text: String) -> [String] {
        UnmaskedIDNumbers.find(in: folded(text, droppingSpaces: false)) + UnmaskedIDNumbers.find(in: folded(text, droppingSpaces: true))
    }

    private static func folded(_ text: String, droppingSpaces: Bool) -> String {
        var folded = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (k, s) in scalars.enumerated() {
            var v = s.value
            if (0xFF10...0xFF19).contains(v) { v -= 0xFEE0 }
            if v == 0xFF38 || v == 0xFF58 { v = 0x58 }
            let isSpace = v == 0x20 || v == 0x3000
            if droppingSpaces, isSpace, k > 0, k + 1 < scalars.count, isDigit(scalars[k - 1]), isDigit(scalars[k + 1]) { continue }
            folded.append(Unicode.Scalar(v) ?? s)
        }
        return String(folded)
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { (0x30...0x39).contains(s.value) || (0xFF10...0xFF19).contains(s.value) }

    /// The full names of the run's persons (two characters or more), from its store.
    func personNames(_ run: String) throws -> Set<String> {
        let queue = try DatabaseQueue(path: run + "/run.sqlite")
        let names = try queue.read { try String.fetchAll($0, sql: "SELECT DISTINCT name FROM persons WHERE name IS NOT NULL") }
        return Set(names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 2 })
    }

    func leaks(_ texts: [String: String], names: Set<String>) -> [String] {
        var found: [String] = []
        for (place, text) in texts.sorted(by: { $0.key < $1.key }) {
            for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for number in Self.unmaskedIDNumbers(in: String(line)) { found.append("\(place):\(k + 1): ID number \(number)") }
                for name in names where line.contains(name) { found.append("\(place):\(k + 1): name \(name)") }
            }
        }
        return found
    }

    /// A county's exports as they arrive at their worst: a file without a header row, a row with a
    /// stray delimiter, ID numbers with spaces, full-width digits, in 15 digits, in scientific
    /// notation and inside the name cell, a binary .xls and a real one.
    func writeTroubledExports(_ folder: TemporaryFolder) throws -> URL {
        try folder.write("""
            4211270005,黄梅县孔垄镇小学,421127201404271161,高若曦,女,2014-04-27,在读,黄梅县
            4211270001,黄梅县黄梅镇幼儿园,421127201909164046,孙雨桐,女,2019-09-16,在读,黄梅县

            """, to: "data/无表头_学籍.csv")
        try folder.write("""
            区县,姓名,身份证号码,保障类型,保障状态,起始年月,终止年月
            蕲春县,徐佳怡,421126198404041410,农村低保,在保,202107,202609
            蕲春县,杜敏,421126198509119341,农村低保,在保,202107,202609,421126198509119341
            蕲春县,徐静,４２１１２６２０１４０５２４１９０２,农村低保,在保,2021年7月,2026-09
            蕲春县,徐超,421126 2021 0117 3407,农村低保,在保,abc421126202101173407,202609
            蕲春县,张晓梅,421126840404141,农村低保,在保,202107,202609
            蕲春县,李思远,4.21126E+17,农村低保,在保,202107,202609
            蕲春县,"王五平,421126199001011234",421126199001011239,农村低保,在保,202107,202609

            """, to: "data/低保.csv")
        try folder.write(Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0x41, count: 512)), to: "data/资助.xls")
        try folder.write("""
            学校名称,姓名,身份证号,资助项目,金额,学年,学期
            黄梅县孔垄镇小学,高若曦,421127201404271161,义务教育家庭经济困难学生生活补助,421127201404271161,2025-2026,秋季学期

            """, to: "data/资助.csv")
        return try folder.write(Fixtures.pipeline("""
              - role: enrollment
                paths: ["无表头_学籍.csv"]
              - role: civil
                paths: ["低保.csv"]
              - role: aid
                paths: ["资助.xls", "资助.csv"]
            """) + "\nmatch:\n  person_id_key: \(keyURL.path)\n", to: "data/pipeline.yaml")
    }

    @Test func noLogLineMessageOrSummaryShowsAnIDNumberOrAFullName() throws {
        let folder = try TemporaryFolder()
        var texts: [String: String] = [:]
        var names: Set<String> = []

        // The samples, with every log line there is.
        let sample = folder.url.appendingPathComponent("sample").path
        let run = try Executables.run("bidui", ["run", pipeline, "--run-dir", sample, "--verbose"])
        try #require(run.status == 0, "\(run.standardError)")
        texts["sample: standard output"] = run.standardOutput
        texts["sample: standard error"] = run.standardError
        for name in ["bidui.log", "report/summary.html", "report/summary.json"] {
            texts["sample: \(name)"] = try String(contentsOfFile: sample + "/" + name, encoding: .utf8)
        }
        let status = try Executables.run("bidui", ["status", sample])
        let statusJSON = try Executables.run("bidui", ["status", sample, "--json"])
        texts["sample: status"] = status.standardOutput + status.standardError
        texts["sample: status --json"] = statusJSON.standardOutput
        // explain shows an officer the full case on purpose (docs/operations.md); --mask is for passing it on.
        let someone = try #require(try String(contentsOfFile: sample + "/report/discrepancies.jsonl", encoding: .utf8)
            .split(separator: "\n").first.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        let explain = try Executables.run("bidui", ["explain", "--run-dir", sample, try #require(someone["person_id"] as? String), "--mask"])
        #expect(explain.status == 0)
        texts["sample: explain --mask"] = explain.standardOutput + explain.standardError
        names.formUnion(try personNames(sample))

        // Troubled exports: errors are where cells get quoted.
        let exports = try writeTroubledExports(folder)
        let troubled = folder.url.appendingPathComponent("troubled").path
        let partial = try Executables.run("bidui", ["run", exports.path, "--run-dir", troubled, "--verbose"])
        #expect(partial.status == 3, "some files are not read: \(partial.standardError)")
        texts["troubled: standard output"] = partial.standardOutput
        texts["troubled: standard error"] = partial.standardError
        for name in ["bidui.log", "report/summary.html", "report/summary.json"] {
            texts["troubled: \(name)"] = try String(contentsOfFile: troubled + "/" + name, encoding: .utf8)
        }
        let troubledStatus = try Executables.run("bidui", ["status", troubled])
        texts["troubled: status"] = troubledStatus.standardOutput + troubledStatus.standardError
        names.formUnion(try personNames(troubled))
        names.formUnion(["高若曦", "孙雨桐", "王五平"])  // rows of files that were not read
        // A configuration error quoting a value, and a stage refused for a missing upstream.
        let badText = try String(contentsOf: exports, encoding: .utf8)
            .replacingOccurrences(of: "reference_date: 2025-10-31", with: "reference_date: 421126198404041410")
        let bad = try folder.write(badText, to: "data/bad.yaml")
        let configuration = try Executables.run("bidui", ["run", bad.path, "--run-dir", troubled, "--verbose"])
        #expect(configuration.status == 78)
        texts["bad configuration: standard error"] = configuration.standardError
        let early = try Executables.run("bidui", ["report", exports.path, "--run-dir", folder.url.appendingPathComponent("empty").path])
        #expect(early.status == 4)
        texts["report before reconcile"] = early.standardOutput + early.standardError

        // The test can fail: the full numbers and names are there in the work lists, where they belong.
        let workList = try String(contentsOfFile: sample + "/report/discrepancies.csv", encoding: .utf8)
        #expect(!Self.unmaskedIDNumbers(in: workList).isEmpty && names.contains { workList.contains($0) })
        #expect(!Self.unmaskedIDNumbers(in: "徐静 ４２１１２６２０１４０５２４１９０２").isEmpty)
        #expect(!Self.unmaskedIDNumbers(in: "徐超 421126 2021 0117 3407。").isEmpty)
        #expect(names.count > 200)

        let found = leaks(texts, names: names)
        #expect(found.isEmpty, "\(found.count) leaks:\n\(found.prefix(30).joined(separator: "\n"))")
        #expect(texts["troubled: bidui.log"]?.contains("first rows: row 1:") == true, "the no-header message still shows the rows' shape")
    }

    // MARK: Owner-only

    /// Every entry under `root` (itself included) whose mode is not 0700 for a folder or 0600 for a file.
    func notOwnerOnly(_ root: URL) -> [String] {
        var wrong: [String] = []
        func check(_ url: URL) {
            var info = stat()
            guard lstat(url.path, &info) == 0 else { return }
            let mode = info.st_mode & 0o7777
            if (info.st_mode & S_IFMT) == S_IFDIR {
                if mode != 0o700 { wrong.append("\(url.path) \(String(mode, radix: 8))") }
                for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] { check(url.appendingPathComponent(name)) }
            } else if mode != 0o600 {
                wrong.append("\(url.path) \(String(mode, radix: 8))")
            }
        }
        check(root)
        return wrong
    }

    @Test(arguments: ["022", "000"]) func theRunAndEveryFileInItAreOwnerOnlyWhateverTheUmask(_ umask: String) throws {
        let folder = try TemporaryFolder()
        let run = folder.url.appendingPathComponent("runs/2025-autumn")
        let result = try Executables.run("bidui", ["run", pipeline, "--run-dir", run.path, "--quiet"], umask: umask)
        try #require(result.status == 0, "\(result.standardError)")
        let names = Set((try FileManager.default.contentsOfDirectory(atPath: run.path)))
        #expect(names.isSuperset(of: ["run.sqlite", "bidui.log", "run.lock", "pipeline.yaml", "report"]), "\(names)")
        #expect(notOwnerOnly(run).isEmpty, "umask \(umask): \(notOwnerOnly(run))")
        #expect(notOwnerOnly(folder.url.appendingPathComponent("runs")).isEmpty, "the parents bidui created too")

        // A masked copy to share, written elsewhere, is owner-only as well.
        let share = folder.url.appendingPathComponent("share")
        try FileManager.default.createDirectory(at: share, withIntermediateDirectories: true)
        chmod(share.path, 0o755)
        let copy = share.appendingPathComponent("masked")
        let masked = try Executables.run("bidui", ["report", pipeline, "--run-dir", run.path, "--quiet", "--mask", "--output", copy.path], umask: umask)
        try #require(masked.status == 0, "\(masked.standardError)")
        #expect(notOwnerOnly(copy).isEmpty, "umask \(umask): \(notOwnerOnly(copy))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: copy.path).count == 6)
        // The folder the copy goes into is the officer's, not bidui's: its mode is left as it was.
        #expect(try FileManager.default.attributesOfItem(atPath: share.path)[.posixPermissions] as? Int == 0o755)
        #expect(notOwnerOnly(run).isEmpty, "a stage run again leaves the modes as they were")
    }

    @Test func anExistingRunDirectoryOpenToOthersIsTightened() throws {
        let folder = try TemporaryFolder()
        let run = folder.url.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let result = try Executables.run("bidui", ["ingest", pipeline, "--run-dir", run.path, "--quiet"], umask: "022")
        try #require(result.status == 0, "\(result.standardError)")
        #expect(notOwnerOnly(run).isEmpty, "\(notOwnerOnly(run))")
    }

    // MARK: Person ids

    @Test func personIDsCannotBeTurnedBackIntoIDNumbersWithoutTheKey() throws {
        let folder = try TemporaryFolder()
        let run = folder.url.appendingPathComponent("run")
        let result = try Executables.run("bidui", ["run", pipeline, "--run-dir", run.path, "--quiet"])
        try #require(result.status == 0, "\(result.standardError)")
        let queue = try DatabaseQueue(path: run.path + "/run.sqlite")
        let persons = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, id_number FROM persons WHERE id_number IS NOT NULL AND length(id_number) = 18 ORDER BY id LIMIT 40")
                .map { (id: $0[0] as String, number: $0[1] as String) }
        }
        try #require(persons.count == 40)

        // Every file in the run directory, as an attacker holding a copy of it would try them.
        var files: [(name: String, data: Data)] = []
        let enumerator = FileManager.default.enumerator(at: run, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append((url.path.replacingOccurrences(of: run.path + "/", with: ""), try Data(contentsOf: url)))
            }
        }
        #expect(files.count >= 9, "\(files.map(\.name))")

        // The key never enters the run: not its bytes, its text or the bytes its hexadecimal text spells.
        let key = try Data(contentsOf: keyURL)
        let keyText = String(decoding: key, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let keyHexBytes = Data(stride(from: 0, to: keyText.count - 1, by: 2).compactMap { k -> UInt8? in
            let start = keyText.index(keyText.startIndex, offsetBy: k)
            return UInt8(keyText[start..<keyText.index(start, offsetBy: 2)], radix: 16)
        })
        #expect(keyHexBytes.count == 32)
        for file in files {
            for (what, needle) in [("bytes", key), ("text", Data(keyText.utf8)), ("decoded bytes", keyHexBytes), ("first half", Data(keyText.prefix(32).utf8))] {
                #expect(file.data.range(of: needle) == nil, "the key's \(what) are in \(file.name)")
            }
        }

        func ids(of number: String, keys: [(String, Data)]) -> [(String, String)] {
            var out: [(String, String)] = []
            for message in [number, "id:\(number)", number.lowercased()] {
                let data = Data(message.utf8)
                out.append(("SHA-256(\(message.prefix(3))…)", Data(SHA256.hash(data: data)).hex))
                out.append(("SHA-1", Data(Insecure.SHA1.hash(data: data)).hex))
                out.append(("MD5", Data(Insecure.MD5.hash(data: data)).hex))
                out.append(("SHA-512", Data(SHA512.hash(data: data)).hex))
                for (name, key) in keys {
                    out.append(("HMAC-SHA256 under \(name)", Data(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: key))).hex))
                }
            }
            return out
        }
        let guessedKeys = [("an empty key", Data()), ("the pipeline's name", Data("sample".utf8))] + files.map { ("\($0.name)", $0.data) }
        for person in persons.prefix(10) {
            let stored = String(person.id.dropFirst())  // "P" and the MAC's first 8 bytes in hexadecimal
            for (how, hex) in ids(of: person.number, keys: guessedKeys) {
                #expect(!hex.contains(stored), "\(person.id) reproduced by \(how)")
            }
            // The positive control: with the real key it is reproduced, so this test can fail.
            let real = ids(of: person.number, keys: [("the real key", key)]).filter { $0.0.hasPrefix("HMAC") }
            #expect(real.contains { $0.1.hasPrefix(stored) }, "the real key makes \(person.id)")
        }

        // Brute force over the ID space around a known person: same region and birth date, all
        // 1,000 sequence numbers with their check character, under every key an attacker could try.
        let person = persons[0]
        let body = person.number.prefix(14)
        let candidates = (0..<1000).compactMap { sequence -> String? in
            let seventeen = body + String(format: "%03d", sequence)
            return IDNumberChecksum.checkCharacter(for: String(seventeen)).map { String(seventeen) + String($0) }
        }
        #expect(candidates.count == 1000 && candidates.contains(person.number))
        var recovered: [String] = []
        for candidate in candidates {
            for (how, hex) in ids(of: candidate, keys: guessedKeys) where hex.hasPrefix(String(person.id.dropFirst())) {
                recovered.append("\(candidate) by \(how)")
            }
        }
        #expect(recovered.isEmpty, "\(recovered)")
        let withKey = candidates.filter { candidate in
            Data(HMAC<SHA256>.authenticationCode(for: Data("id:\(candidate)".utf8), using: SymmetricKey(data: key))).hex
                .hasPrefix(String(person.id.dropFirst()))
        }
        #expect(withKey == [person.number], "with the key, the same search finds exactly the number")
    }

    // MARK: Purge

    /// Sets every finish time in a run's store `days` days back, as if it ran then.
    func age(_ run: URL, days: Int) throws {
        let when = Timestamp.string(Date().addingTimeInterval(-Double(days) * 86_400))
        let queue = try DatabaseQueue(path: run.path + "/run.sqlite")
        try queue.write { db in
            try db.execute(sql: "UPDATE stage_runs SET started_at = ?, finished_at = ?", arguments: [when, when])
            try db.execute(sql: "UPDATE stage_attempts SET started_at = ?, finished_at = ?", arguments: [when, when])
        }
    }

    @Test func purgeDeletesRunsPastTheirRetentionAsCronRunsIt() throws {
        let folder = try TemporaryFolder()
        let runs = folder.url.appendingPathComponent("runs")
        let current = runs.appendingPathComponent("2025-autumn")
        try #require(try Executables.run("bidui", ["run", pipeline, "--run-dir", current.path, "--quiet"]).status == 0)
        // Earlier terms: copies of the run, aged.
        let old = runs.appendingPathComponent("2021-autumn"), busy = runs.appendingPathComponent("2021-spring")
        for copy in [old, busy] {
            try FileManager.default.copyItem(at: current, to: copy)
            try age(copy, days: 1500)
        }
        try folder.write("not a run", to: "runs/notes/readme.txt")
        let outside = folder.url.appendingPathComponent("archive/2020-autumn")
        try FileManager.default.createDirectory(at: outside.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: current, to: outside)
        try age(outside, days: 2000)
        try FileManager.default.createSymbolicLink(at: runs.appendingPathComponent("2020-autumn"), withDestinationURL: outside)

        let lock = try RunLock(directory: busy)
        let dry = try Executables.run("bidui", ["purge", runs.path, "--dry-run"])
        #expect(dry.status == 75, "a due run is in use: \(dry.standardOutput)\(dry.standardError)")
        #expect(dry.standardOutput.contains("would delete") && FileManager.default.fileExists(atPath: old.path))
        let purge = try Executables.run("bidui", ["purge", runs.path])
        #expect(purge.status == 75, "\(purge.standardOutput)\(purge.standardError)")
        #expect(!FileManager.default.fileExists(atPath: old.path), "the old run is gone, all of it")
        #expect(FileManager.default.fileExists(atPath: busy.path + "/run.sqlite"), "the run in use is kept")
        #expect(purge.standardOutput.contains("in use by another bidui process"))
        withExtendedLifetime(lock) {}
        #expect(FileManager.default.fileExists(atPath: current.path + "/report/summary.html"), "this term's run is kept")
        #expect(FileManager.default.fileExists(atPath: runs.path + "/notes/readme.txt"))
        #expect(FileManager.default.fileExists(atPath: outside.path + "/run.sqlite"), "a link out of the runs folder is not followed")
        #expect(purge.standardOutput.contains("symbolic link, not followed"))
    }

    @Test func purgeTakesTheRetentionFromTheRunsConfigurationWhichMakesNoStageStale() throws {
        let folder = try TemporaryFolder()
        let text = try String(contentsOfFile: pipeline, encoding: .utf8).replacingOccurrences(of: "../samples/", with: Fixtures.repositoryRoot.path + "/samples/")
        let plain = try folder.write(text, to: "pipelines/county.yaml")
        let run = folder.url.appendingPathComponent("runs/county")
        try #require(try Executables.run("bidui", ["run", plain.path, "--run-dir", run.path, "--quiet"]).status == 0)
        try folder.write(text + "retention:\n  keep_days: 30\n", to: "pipelines/county.yaml")
        let again = try Executables.run("bidui", ["run", plain.path, "--run-dir", run.path, "--quiet"])
        #expect(again.status == 0)
        #expect(again.standardOutput.components(separatedBy: "unchanged since").count == 6, "all five stages skipped: \(again.standardOutput)")
        // The run's stored configuration carries the retention the next time a stage writes it.
        try #require(try Executables.run("bidui", ["report", plain.path, "--run-dir", run.path, "--quiet"]).status == 0)
        try age(run, days: 31)
        let purge = try Executables.run("bidui", ["purge", run.deletingLastPathComponent().path])
        #expect(purge.status == 0, "\(purge.standardOutput)\(purge.standardError)")
        #expect(purge.standardOutput.contains("30 (pipeline.yaml)"), "\(purge.standardOutput)")
        #expect(!FileManager.default.fileExists(atPath: run.path))

        try folder.write(text + "retention:\n  keep_days: none\n", to: "pipelines/county.yaml")
        #expect(try Executables.run("bidui", ["check", plain.path]).status == 78)
        #expect(try Executables.run("bidui", ["purge", folder.url.appendingPathComponent("missing").path]).status == 64)
        #expect(try Executables.run("bidui", ["purge", folder.url.path, "--older-than", "-1"]).status == 64)
    }
}

extension Data {
    fileprivate var hex: String { map { String(format: "%02x", $0) }.joined() }
}
