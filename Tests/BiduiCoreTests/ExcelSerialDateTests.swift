import Testing
@testable import BiduiCore

@Suite struct ExcelSerialDateTests {
    @Test func theNineteenHundredSystemWithItsLeapYearBug() {
        #expect(ExcelSerialDate.date(serial: 1) == CalendarDate(year: 1900, month: 1, day: 1))
        #expect(ExcelSerialDate.date(serial: 59) == CalendarDate(year: 1900, month: 2, day: 28))
        #expect(ExcelSerialDate.date(serial: 60) == nil, "29 February 1900 never existed")
        #expect(ExcelSerialDate.date(serial: 61) == CalendarDate(year: 1900, month: 3, day: 1))
        #expect(ExcelSerialDate.date(serial: 41518) == CalendarDate(year: 2013, month: 9, day: 1))
        #expect(ExcelSerialDate.date(serial: 45961) == CalendarDate(year: 2025, month: 10, day: 31))
        #expect(ExcelSerialDate.date(serial: 0) == nil)
    }

    @Test func theNineteenOhFourSystem() {
        #expect(ExcelSerialDate.date(serial: 0, uses1904: true) == CalendarDate(year: 1904, month: 1, day: 1))
        #expect(ExcelSerialDate.date(serial: 40056, uses1904: true) == CalendarDate(year: 2013, month: 9, day: 1))
    }
}
