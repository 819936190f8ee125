import BiduiCore

extension SheetHeaderDetector {
    /// The detector a pipeline of only `role` would use: the built-in aliases, plus `extraAliases` as a
    /// source's `columns:` would add them. For `bidui init`, which looks at files before any pipeline exists.
    init(role: SourceRole, extraAliases: [CanonicalField: [String]] = [:]) {
        var table: [String: CanonicalField] = [:]
        for layer in [ColumnAliases.builtIn, extraAliases] {
            for (field, aliases) in layer {
                for alias in aliases { table[HeaderText.normalized(alias)] = field }
            }
        }
        var expected: [CanonicalField: [String]] = [:]
        for field in CanonicalField.allCases { expected[field] = (extraAliases[field] ?? []) + (ColumnAliases.builtIn[field] ?? []) }
        self.aliases = table
        self.role = role
        self.expected = expected
    }
}
