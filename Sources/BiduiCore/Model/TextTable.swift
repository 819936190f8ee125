import Foundation

/// Column-aligned text tables; East Asian characters count as two columns wide.
public enum TextTable {
    public static func render(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], displayWidth(cell)) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - displayWidth(cell))
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").trailingSpacesRemoved
        }.joined(separator: "\n")
    }

    public static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, s in
            width + ((0x1100...0x115F).contains(s.value) || (0x2E80...0xA4CF).contains(s.value)
                     || (0xAC00...0xD7A3).contains(s.value) || (0xF900...0xFAFF).contains(s.value)
                     || (0xFE30...0xFE4F).contains(s.value) || (0xFF00...0xFF60).contains(s.value)
                     || (0xFFE0...0xFFE6).contains(s.value) || (0x20000...0x3FFFD).contains(s.value) ? 2 : 1)
        }
    }
}

extension String {
    /// Without trailing spaces (a table's indentation stays).
    fileprivate var trailingSpacesRemoved: String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
