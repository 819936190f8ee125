import BiduiCore

extension Int {
    /// `7.zeroPadded(3)` is `"007"`: String(format:) costs a fifth of the generator's time at scale.
    func zeroPadded(_ width: Int) -> String {
        let digits = String(self)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension CalendarDate {
    /// `20130901`.
    var compactDigits: String { year.zeroPadded(4) + month.zeroPadded(2) + day.zeroPadded(2) }
}
