import Testing
@testable import BiduiCore

@Suite struct PersonalDataMaskTests {
    @Test func masksEveryFormOfIDNumberInText() {
        #expect(PersonalDataMask.maskIDNumbers(in: "id 42010219900101123X ok") == "id 420102********123X ok")
        #expect(PersonalDataMask.maskIDNumbers(in: "a 420102199001011234, b 42010219900101123x")
                == "a 420102********1234, b 420102********123x")
        #expect(PersonalDataMask.maskIDNumbers(in: "15-digit 420102780101123") == "15-digit 420102*****1123")
        #expect(PersonalDataMask.maskIDNumbers(in: "spaced 4201 0219 9001 0112 34") == "spaced 420102********1234")
        #expect(PersonalDataMask.maskIDNumbers(in: "全角４２０１０２１９９００１０１１２３４")
                == "全角４２０１０２********１２３４")
        #expect(PersonalDataMask.maskIDNumbers(in: "学籍号G420102199001011234") == "学籍号G420102********1234")
    }

    @Test func leavesShortNumbersAlone() {
        let text = "row 12345, 1000000 rows, school 4211260001, amount 1250.00, 2025-10-31"
        #expect(PersonalDataMask.maskIDNumbers(in: text) == text)
    }

    @Test func masksOneNumberForDisplay() {
        #expect(PersonalDataMask.mask(idNumber: "42010219900101123X") == "420102********123X")
        #expect(PersonalDataMask.mask(idNumber: "1234") == "****")
    }
}
