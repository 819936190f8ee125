/// What makes a finding the same finding from one run (or term) to the next: its category and its
/// person's stable id, and for the per-row categories the source row too (one finding per row).
/// Term-to-term tracking (`bidui diff`) and officers' case decisions (核实结果) key findings by it.
public struct FindingKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var category: FindingCategory
    public var personID: String
    /// `file|sheet|row` of the finding's row, for per-row categories only.
    public var row: String?

    public init(category: FindingCategory, personID: String, file: String?, sheet: String?, row: Int?) {
        self.category = category
        self.personID = personID
        if category.isPerRow, let file, let row {
            self.row = "\(file)|\(sheet ?? "")|\(row)"
        } else {
            self.row = nil
        }
    }

    public var description: String { "\(category.rawValue)#\(personID)" + (row.map { "#\($0)" } ?? "") }

    public static func < (a: FindingKey, b: FindingKey) -> Bool {
        (a.category, a.personID, a.row ?? "") < (b.category, b.personID, b.row ?? "")
    }
}
