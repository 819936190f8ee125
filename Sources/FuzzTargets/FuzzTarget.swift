/// The fuzz targets (issue 10): each takes raw bytes and drives real bidui code end to end. A thrown
/// error is the code refusing bad input, which is fine; a trap, a sanitizer report, a hang or
/// unbounded memory is a bug, and so is a broken invariant (the targets trap on those on purpose).
package enum FuzzTarget: String, CaseIterable, Sendable {
    /// Delimited text through ingest: encoding decision, GB18030 or repair transcoding, delimiter
    /// sniffing, the record reader, header detection and row accounting; then `SheetDump`.
    case csv
    /// An XLSX workbook: the ZIP container, workbook, relationships, shared strings, styles and the
    /// worksheet. Input starting with `PK` is the file itself; other input is XML parts that the
    /// target packs into a valid (stored) ZIP first, so mutations reach the XML behind the CRCs.
    case xlsx
    /// A SpreadsheetML 2003 workbook (an .xls that is XML).
    case spreadsheetml
    /// An HTML page saved as .xls, through libxml2's HTML parser and the table reader.
    case html
    /// ID-number normalization: the byte-level parser, `IDNumber`, and a row through `RowNormalizer`.
    case idnumber
    /// Name normalization: the byte-level parser, `ChineseName`, and a row through `RowNormalizer`.
    case name
    /// The pipeline configuration parser (YAML), and header detection with the aliases it defines.
    case config

    /// Longest input worth trying: large enough for the structure, small enough for many runs a second.
    package var maximumLength: Int {
        switch self {
        case .csv, .spreadsheetml, .html: 64 << 10
        case .xlsx: 128 << 10
        case .config: 16 << 10
        case .idnumber, .name: 512
        }
    }

    /// Runs one input; returns what the code under test made of it.
    package func run(_ bytes: [UInt8]) -> FuzzOutcome {
        switch self {
        case .csv: ReaderTargets.read(bytes, fileExtension: "csv", target: self)
        case .xlsx: ReaderTargets.read(XLSXInput.workbook(from: bytes), fileExtension: "xlsx", target: self)
        case .spreadsheetml: ReaderTargets.read(bytes, fileExtension: "xls", target: self)
        case .html: ReaderTargets.read(bytes, fileExtension: "xls", target: self)
        case .idnumber: NormalizationTargets.idNumber(bytes)
        case .name: NormalizationTargets.name(bytes)
        case .config: ConfigurationTarget.parse(bytes)
        }
    }
}

/// What one input came to, for replaying saved inputs and for regression tests' expectations.
package struct FuzzOutcome: Sendable, CustomStringConvertible {
    package var target: FuzzTarget
    /// Why the input was refused as a whole (the file's error, the configuration error); nil when taken.
    package var rejection: String?
    /// Rows a reader accepted.
    package var acceptedRows = 0
    /// Rows skipped or rejected: "row 3 rejected cell_count: row has 4 cells but …".
    package var rowIssues: [String] = []
    /// Named results (the reader's format, normalized fields…).
    package var values: [String: String] = [:]

    package init(target: FuzzTarget) { self.target = target }

    package var description: String {
        var parts = [rejection.map { "rejected: \($0)" } ?? "taken"]
        if target.readsFiles { parts.append("\(acceptedRows) rows accepted, \(rowIssues.count) skipped or rejected") }
        parts += values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return parts.joined(separator: "; ")
    }
}

extension FuzzTarget {
    var readsFiles: Bool { [.csv, .xlsx, .spreadsheetml, .html, .config].contains(self) }
}

/// Stops the run on a broken invariant, naming it: libFuzzer saves the input that broke it.
func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("fuzz invariant broken: \(message())") }
}
