import Testing
@testable import BiduiCore
@testable import Normalize

@Suite struct IDNumberTests {
    let today = CalendarDate(year: 2025, month: 10, day: 31)!

    func id(_ raw: String, numeric: Bool = false) -> IDNumber { IDNumber(raw: raw, numericCell: numeric, today: today) }

    @Test func aValidNumberAndWhatItEncodes() {
        let number = id("42010219900101113X")
        #expect(number.valid == "42010219900101113X")
        #expect(number.birthDate == CalendarDate(year: 1990, month: 1, day: 1))
        #expect(number.isMale == true, "sequence 113 is odd")
        #expect(number.divisionCode == "420102")
        #expect(number.problem == nil)
        #expect(number.flags.isEmpty)
    }

    @Test(arguments: [
        " 42010219900101113x ", "'42010219900101113X", "4201 0219 9001 0111 3X", "４２０１０２１９９００１０１１１３Ｘ",
        "42010219900101113X\u{200B}", "420102\u{3000}19900101113X", "４２０１０２１９９００１０１１１３ｘ",
    ])
    func cosmeticDamageIsUndone(_ raw: String) {
        #expect(id(raw).valid == "42010219900101113X", "\(raw)")
    }

    @Test func fifteenDigitLegacyNumbersBecomeEighteen() {
        let number = id("420102900101113")
        #expect(number.valid == "42010219900101113X")
        #expect(number.flags.contains(.fifteenDigits))
    }

    @Test func typosAndTranspositionsFailTheCheckCharacter() {
        #expect(id("42010219900101114X").problem == .badCheckCharacter)
        #expect(id("42010219901001113X").problem == .badCheckCharacter, "an adjacent transposition")
        #expect(id("42010219900101113X").problem == nil)
    }

    @Test func excelDamageIsInvalidWithItsReason() {
        #expect(id("4.20102199001011E+17", numeric: true).problem == .scientificNotation)
        #expect(id("4.201021990010112e+17").problem == .scientificNotation)
        #expect(id("420102199001011000").problem == .lostDigits)
    }

    @Test func aValidNumberFromANumericCellOrEndingIn000IsFlagged() throws {
        #expect(id("42010219900101113X", numeric: true).flags == [.numericCell])
        // A number ending in 000 whose check character happens to fit: valid, but suspicious.
        let lucky = (1...28).lazy.flatMap { day in (0...9).lazy.map { "420102199001" + String(format: "%02d", day) + "\($0)00" } }
            .first { IDNumberChecksum.checkCharacter(for: $0) == "0" }.map { $0 + "0" }
        let number = id(try #require(lucky))
        #expect(number.isValid)
        #expect(number.flags == [.trailingZeros])
    }

    @Test func lengthDigitsAndDatesAreChecked() {
        #expect(id("4201021990010112").problem == .wrongLength)
        #expect(id("42010219900101A13X").problem == .notDigits)
        #expect(id("42010219901301113X").problem == .badDate, "month 13")
        #expect(id("42010219900230113X").problem == .badDate, "30 February")
        #expect(id("42010218990101113X").problem == .before1900)
        #expect(id("42010220300101113X").problem == .futureDate)
        #expect(id("").problem == nil)
        #expect(id("   ").isEmpty)
    }

    @Test func studentNumbersCarryTheIDNumber() {
        let number = IDNumber.fromStudentNumber("G42010219900101113X", today: today)
        #expect(number?.valid == "42010219900101113X")
        #expect(number?.flags.contains(.fromStudentNumber) == true)
        #expect(IDNumber.fromStudentNumber("J4201022019000123", today: today) == nil)
    }
}
