/// Spreadsheet column letters, as officers see them: 0 → A, 25 → Z, 26 → AA.
public enum SpreadsheetColumn {
    public static func letters(_ index: Int) -> String {
        var n = index + 1
        var out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }
}
