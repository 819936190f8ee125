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
        days -= 25569
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return CalendarDate(year: year, month: month, day: day)
    }
}
