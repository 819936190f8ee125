/// Excel's day numbers: days since 1899-12-30 in the 1900 date system (with its fictitious
/// 29 February 1900, serial 60), or since 1904-01-01 in the 1904 system.
public enum ExcelSerialDate {
    /// The calendar date of a serial day number; nil outside 1900-01-01 … 9999-12-31 or for serial 60.
    public static func date(serial: Int, uses1904: Bool = false) -> CalendarDate? {
        var days: Int
        if uses1904 {
            days = serial + 1462  // 1904-01-01 is serial 1462 in the 1900 system
        } else {
            guard serial >= 1, serial != 60 else { return nil }
            days = serial < 60 ? serial + 1 : serial  // before the fictitious leap day, one day behind
        }
        guard days >= 2, days <= 2_958_465 else { return nil }
        // Days since 1899-12-30 → civil date (Howard Hinnant's algorithm on days since 1970-01-01).
        return CalendarDate(daysSinceEpoch: days - 25569)
    }
}
