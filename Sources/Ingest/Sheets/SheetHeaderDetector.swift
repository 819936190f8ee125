import BiduiCore

/// Where a sheet's header is and which column holds which field.
struct SheetHeader: Sendable, Equatable {
    struct Column: Sendable, Equatable {
        var field: CanonicalField
        var index: Int
    }
    /// Row number of the first header row (the group row of a two-level header).
    var firstRow: Int
    /// Row number of the last header row; data starts below it.
    var lastRow: Int
    /// Header text per column as found ("监护人信息/姓名" for a two-level header).
    var headers: [String]
    /// Mapped columns, left to right; one column per field.
    var columns: [Column]
    /// Columns whose header names a field an earlier column already has; they are ignored.
    var ignoredDuplicates: [Column]

    var cellCount: Int { headers.count }
}

/// Finds the header row below title rows: the first row in the first 20 that matches enough known aliases,
/// combining a group row with the sub-headers under it when that explains more columns.
struct SheetHeaderDetector {
    static let searchDepth = 20
    let aliases: [String: CanonicalField]
    let role: SourceRole
    /// Every accepted header per field, for "expected one of …" messages.
    let expected: [CanonicalField: [String]]

    init(configuration: PipelineConfiguration, source: SourceSpec) {
        aliases = configuration.aliasTable(for: source)
        role = source.role
        var expected: [CanonicalField: [String]] = [:]
        for field in CanonicalField.allCases { expected[field] = configuration.aliases(of: field, in: source) }
        self.expected = expected
    }

    func aliasesExpected(for field: CanonicalField) -> [String] { expected[field] ?? [] }

    /// Group labels whose sub-headers belong to someone else, never to the row's own person.
    private static let otherPartyMarks = ["监护人", "户主", "家长", "父亲", "母亲", "联系人", "代理人"]

    struct Candidate {
        var header: SheetHeader
        var score: Int { Set(header.columns.map(\.field)).count }
    }

    /// The header among `rows` (each a row number and its cells), or nil when no row qualifies.
    func detect(_ rows: [(number: Int, cells: [String])]) -> Candidate? {
        for r in rows.indices {
            let single = candidate(group: nil, sub: rows[r])
            var chosen = single
            if r + 1 < rows.count {
                let twoLevel = candidate(group: rows[r], sub: rows[r + 1])
                let below = candidate(group: nil, sub: rows[r + 1])
                if twoLevel.score > single.score && twoLevel.score > below.score { chosen = twoLevel }
            }
            if qualifies(chosen) { return chosen }
        }
        return nil
    }

    /// The best-scoring candidate even if it does not qualify, to explain a missing column.
    func bestEffort(_ rows: [(number: Int, cells: [String])]) -> Candidate? {
        rows.indices.map { candidate(group: nil, sub: rows[$0]) }.max { $0.score < $1.score }
    }

    func qualifies(_ candidate: Candidate) -> Bool {
        let fields = Set(candidate.header.columns.map(\.field))
        return fields.count >= 2 && !fields.isDisjoint(with: [.name, .idNumber, .studentNumber])
    }

    /// Required fields the header lacks, in the order of `ColumnAliases.required`.
    func missingFields(_ header: SheetHeader) -> [CanonicalField] {
        let fields = Set(header.columns.map(\.field))
        return ColumnAliases.required(for: role).compactMap { alternatives in
            alternatives.contains(where: fields.contains) ? nil : alternatives[0]
        }
    }

    func candidate(group: (number: Int, cells: [String])?, sub: (number: Int, cells: [String])) -> Candidate {
        let width = max(sub.cells.count, group?.cells.count ?? 0)
        var headers: [String] = []
        var columns: [SheetHeader.Column] = []
        var duplicates: [SheetHeader.Column] = []
        var taken = Set<CanonicalField>()
        var spanLabel = ""
        for c in 0..<width {
            let subText = c < sub.cells.count ? sub.cells[c].trimmingSpaces : ""
            var labels: [String] = []
            var display = subText
            if let group {
                let groupText = c < group.cells.count ? group.cells[c].trimmingSpaces : ""
                if !groupText.isEmpty { spanLabel = groupText }
                if subText.isEmpty {
                    // A cell merged down over both header rows.
                    if !groupText.isEmpty { labels = [groupText] }
                    display = groupText
                } else if !spanLabel.isEmpty {
                    let stripped = Self.strippedGroup(spanLabel)
                    labels = [spanLabel + subText, stripped + subText]
                    if !Self.otherPartyMarks.contains(where: stripped.contains) { labels.append(subText) }
                    display = "\(spanLabel)/\(subText)"
                } else {
                    labels = [subText]
                }
            } else if !subText.isEmpty {
                labels = [subText]
            }
            headers.append(display)
            guard let field = labels.lazy.compactMap({ self.aliases[HeaderText.normalized($0)] }).first else { continue }
            let column = SheetHeader.Column(field: field, index: c)
            if taken.insert(field).inserted { columns.append(column) } else { duplicates.append(column) }
        }
        let header = SheetHeader(
            firstRow: group?.number ?? sub.number, lastRow: sub.number, headers: headers,
            columns: columns, ignoredDuplicates: duplicates)
        return Candidate(header: header)
    }

    /// `监护人信息` → `监护人`: group labels often end in 信息 or 情况.
    static func strippedGroup(_ label: String) -> String {
        var text = HeaderText.normalized(label)
        for suffix in ["基本信息", "信息", "情况"] where text.hasSuffix(suffix) && text.count > suffix.count {
            text.removeLast(suffix.count)
            break
        }
        return text
    }
}
