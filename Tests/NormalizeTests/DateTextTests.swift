import Testing
@testable import BiduiCore
@testable import Normalize

@Suite struct DateTextTests {
    let september = CalendarDate(year: 2013, month: 9, day: 1)!

    @Test(arguments: ["2013-09-01", "2013/9/1", "20130901", "2013年9月1日", "2013.9.1", "41518", "2013-09-01 00:00:00",
                      "2013-09-01T00:00:00.000", "２０１３年９月１日", " 2013-9-1 "])
    func everyFormOfADay(_ text: String) {
        #expect(DateText(text) == DateText(date: september, precision: .day), "\(text)")
    }

    @Test func monthOnlyForms() {
        #expect(DateText("2013.9") == DateText(date: september, precision: .month))
        #expect(DateText("2013年9月") == DateText(date: september, precision: .month))
    }

    @Test func nonsenseIsNotADate() {
        for text in ["", "abc", "2013-13-01", "2013-02-30", "123", "9/1/2013", "60"] {
            #expect(DateText(text) == nil, "\(text)")
        }
    }

    @Test func sexInEveryForm() {
        #expect(Sex(text: "男") == .male)
        #expect(Sex(text: "1") == .male)
        #expect(Sex(text: "m") == .male)
        #expect(Sex(text: "女") == .female)
        #expect(Sex(text: " 2 ") == .female)
        #expect(Sex(text: "F") == .female)
        #expect(Sex(text: "未知") == nil)
    }
}
