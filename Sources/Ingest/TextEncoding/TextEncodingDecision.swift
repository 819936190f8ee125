import BiduiCore

/// The encoding a text file is read in, and whether some of its bytes will need replacing.
struct TextEncodingDecision: Equatable {
    enum Encoding: String { case utf8 = "UTF-8", gb18030 = "GB18030" }
    var encoding: Encoding
    var hasBOM: Bool
    /// Byte sequences invalid in the chosen encoding; they become U+FFFD and their rows are rejected.
    var invalidSequences: Int

    var label: String { encoding == .utf8 && hasBOM ? "UTF-8 with BOM" : encoding.rawValue }

    /// Decides from a scan (or honours the configuration), or explains why the file cannot be read as text.
    static func decide(_ scan: EncodingScan, choice: TextEncodingChoice) -> Result<TextEncodingDecision, IngestFileError> {
        if scan.hasUTF16BOM || scan.nulBytes * 20 > max(1, min(scan.prefix.count, Int(scan.size))) {
            return .failure(.unsupportedEncoding(
                "looks like UTF-16 or a binary file (byte-order mark or NUL bytes); save it as CSV UTF-8 or GB18030"))
        }
        switch choice {
        case .utf8:
            return .success(.init(encoding: .utf8, hasBOM: scan.hasUTF8BOM, invalidSequences: scan.invalidUTF8))
        case .gb18030:
            return .success(.init(encoding: .gb18030, hasBOM: false, invalidSequences: scan.invalidGB18030))
        case .auto:
            break
        }
        // Chinese text in GB18030 almost never forms valid UTF-8 sequences, so a file where valid
        // multi-byte UTF-8 outnumbers the invalid sequences twenty to one is UTF-8 with a few bad bytes.
        let validUTF8 = max(0, scan.nonASCII - scan.invalidUTF8)
        if scan.hasUTF8BOM || scan.invalidUTF8 == 0 || scan.invalidUTF8 * 20 <= validUTF8 {
            return .success(.init(encoding: .utf8, hasBOM: scan.hasUTF8BOM, invalidSequences: scan.invalidUTF8))
        }
        if scan.invalidGB18030 == 0 {
            return .success(.init(encoding: .gb18030, hasBOM: false, invalidSequences: 0))
        }
        let best: TextEncodingDecision = scan.invalidGB18030 < scan.invalidUTF8
            ? .init(encoding: .gb18030, hasBOM: false, invalidSequences: scan.invalidGB18030)
            : .init(encoding: .utf8, hasBOM: false, invalidSequences: scan.invalidUTF8)
        // A few bad bytes in an otherwise readable file cost their rows; more means the encoding is something else.
        if best.invalidSequences <= max(3, scan.nonASCII / 100) { return .success(best) }
        return .failure(.unsupportedEncoding(
            "is neither UTF-8 nor GB18030 (\(scan.invalidUTF8) invalid UTF-8 and \(scan.invalidGB18030) invalid GB18030 sequences); save it as CSV UTF-8, or set `encoding:` for this source"))
    }
}
