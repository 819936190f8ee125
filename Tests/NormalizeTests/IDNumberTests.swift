import Testing
@testable import BiduiCore
@testable import Normalize

/// Resident identity numbers (GB 11643-1999) in the forms officers' exports give them. Every check
/// character, derived 18-digit form and expected problem below was computed independently in Python.
@Suite struct IDNumberTests {
    let today = CalendarDate(year: 2025, month: 10, day: 31)!

    func id(_ raw: String, numeric: Bool = false) -> IDNumber { IDNumber(raw: raw, numericCell: numeric, today: today) }

    // MARK: - Valid numbers and what they encode

    @Test func aValidNumberAndWhatItEncodes() {
        let number = id("42010219900101113X")
        #expect(number.valid == "42010219900101113X")
        #expect(number.birthDate == CalendarDate(year: 1990, month: 1, day: 1))
        #expect(number.isMale == true, "sequence 113 is odd")
        #expect(number.divisionCode == "420102")
        #expect(number.problem == nil)
        #expect(number.flags.isEmpty)
    }

    /// Across the country, X and digit check characters, men and women, the date boundaries.
    /// Expected: "division birth-date sex".
    @Test(arguments: [
        ("11010519491001039X", "110105 1949-10-01 M"), // Beijing; X check character
        ("31010419821115078X", "310104 1982-11-15 F"), // Shanghai; a woman with an X
        ("440305200506201237", "440305 2005-06-20 M"), // Shenzhen
        ("510107197603085122", "510107 1976-03-08 F"), // Chengdu
        ("65010219630912018X", "650102 1963-09-12 F"), // Urumqi
        ("54010219981224003X", "540102 1998-12-24 M"), // Lhasa
        ("320102201005102465", "320102 2010-05-10 F"), // Nanjing; a pupil
        ("530102195807163316", "530102 1958-07-16 M"), // Kunming; a grandparent
        ("23010219450815019X", "230102 1945-08-15 M"), // Harbin
        ("450102198706301429", "450102 1987-06-30 F"), // Nanning
        ("21010220190101058X", "210102 2019-01-01 F"), // Shenyang; a preschooler
        ("370102190001010270", "370102 1900-01-01 M"), // the first birth date allowed
        ("330106202510310136", "330106 2025-10-31 M"), // born today: not in the future
        ("46010520120229008X", "460105 2012-02-29 F"), // a leap day
        ("620102200002290145", "620102 2000-02-29 F"), // 2000 is a leap year (divisible by 400)
    ])
    func validNumbersAcrossTheCountry(_ number: String, _ expected: String) throws {
        let parsed = id(number)
        #expect(parsed.valid == number)
        #expect(parsed.cleaned == number)
        #expect(parsed.problem == nil)
        #expect(parsed.flags.isEmpty)
        let division = try #require(parsed.divisionCode)
        let born = try #require(parsed.birthDate)
        let male: Bool = try #require(parsed.isMale as Bool?)
        let encoded = "\(division) \(born) \(male ? "M" : "F")"
        #expect(encoded == expected)
    }

    // MARK: - Cosmetic damage from spreadsheets, web pages and IMEs

    @Test(arguments: [
        " 42010219900101113x ", "'42010219900101113X", "4201 0219 9001 0111 3X", "４２０１０２１９９００１０１１１３Ｘ",
        "42010219900101113X\u{200B}", "420102\u{3000}19900101113X", "４２０１０２１９９００１０１１１３ｘ",
    ])
    func cosmeticDamageIsUndone(_ raw: String) {
        #expect(id(raw).valid == "42010219900101113X", "\(raw)")
    }

    @Test(arguments: [
        ("'31010419821115078X", "31010419821115078X"),       // Excel's text-marking apostrophe
        ("`440305200506201237", "440305200506201237"),       // backtick, the apostrophe's neighbour key
        ("“510107197603085122”", "510107197603085122"),      // curly quotes from Word or WeChat
        ("‘65010219630912018X’", "65010219630912018X"),
        ("\"54010219981224003X\"", "54010219981224003X"),    // CSV quotes left in the cell
        ("＇320102201005102465", "320102201005102465"),       // full-width apostrophe from a Chinese IME
        ("530102 19580716 3316", "530102195807163316"),      // spaced as division, birth date, rest
        ("\t23010219450815019X\t", "23010219450815019X"),    // tabs from a copied column
        ("450102198706301429\u{00A0}", "450102198706301429"), // NBSP from a web page
        ("\u{3000}21010220190101058X", "21010220190101058X"), // ideographic space
        ("3701\u{200B}02190001010270", "370102190001010270"), // zero-width space
        ("\u{FEFF}330106202510310136", "330106202510310136"), // a BOM glued to the first cell of a CSV
        ("460105\u{00AD}20120229\u{00AD}008X", "46010520120229008X"), // soft hyphens
        ("4403\u{2060}0520\u{200D}0506201237", "440305200506201237"), // word joiner, zero-width joiner
        ("１１０１０５１９４９１００１０３９Ｘ", "11010519491001039X"), // full-width digits and Ｘ
        ("11010519491001039x", "11010519491001039X"),        // lower-case x
        ("620102200002290145\n", "620102200002290145"),      // trailing newline of a multi-line cell
        ("31010419821115078X\r\n", "31010419821115078X"),    // CRLF
        ("'２３０１０２ 1945 0815 019x\u{3000}", "23010219450815019X"), // everything at once
    ])
    func everyCosmeticQuirkYieldsTheValidNumber(_ raw: String, _ expected: String) {
        let number = id(raw)
        #expect(number.valid == expected, "\(raw)")
        #expect(number.cleaned == expected)
        #expect(number.raw == raw, "the raw text is kept verbatim")
        #expect(number.flags.isEmpty)
    }

    @Test func anInvalidNumberKeepsItsCleanedTextButEncodesNothing() {
        // The cleaned text of a typo'd number is what matching compares with other files.
        let number = id(" 11010519491001038x ")
        #expect(number.problem == .badCheckCharacter)
        #expect(number.cleaned == "11010519491001038X")
        #expect(number.raw == " 11010519491001038x ")
        #expect(number.valid == nil)
        #expect(number.birthDate == nil)
        #expect(number.isMale == nil)
        #expect(number.divisionCode == nil)
    }

    // MARK: - 15-digit legacy numbers (older adults, guardians)

    @Test func fifteenDigitLegacyNumbersBecomeEighteen() {
        let number = id("420102900101113")
        #expect(number.valid == "42010219900101113X")
        #expect(number.flags.contains(.fifteenDigits))
    }

    @Test(arguments: [
        ("110105491001039", "11010519491001039X"),
        ("310104821115078", "31010419821115078X"), // a woman: even sequence
        ("650102630912018", "65010219630912018X"),
        ("530102580716331", "530102195807163316"),
        ("4401 0565 0301 562", "440105196503015623"), // spaced in groups of four
        ("３２０１０２５８０７１６３３１", "320102195807163317"), // full width
    ])
    func legacyNumbersGainNineteenAndACheckCharacter(_ raw: String, _ eighteen: String) {
        let number = id(raw)
        #expect(number.valid == eighteen, "\(raw)")
        #expect(number.flags == [.fifteenDigits])
        #expect((1900...1999).contains(number.birthDate?.year ?? 0), "YY is always 19YY")
    }

    @Test func legacyNumbersAreCheckedAfterConversion() {
        #expect(id("310104820230078").problem == .badDate, "30 February 1982")
        #expect(id("370102000229027").problem == .badDate, "00 is 1900, which had no 29 February")
        #expect(id("370102000229027").flags == [.fifteenDigits])
        #expect(id("42010290010111X").problem == .notDigits, "a 15-digit number has no check character")
        #expect(id("530102580716331", numeric: true).flags == [.numericCell, .fifteenDigits])
    }

    // MARK: - Invalid numbers and their reasons

    static let invalid: [(String, IDNumber.Problem)] = [
        // Length: a dropped or doubled digit, a stray cell value.
        ("11010519491001039", .wrongLength), ("1101051949100103900", .wrongLength),
        ("44030520050620123700", .wrongLength), ("5", .wrongLength),
        // Look-alike letters typed for digits, an X that is not last.
        ("3101O419821115078X", .notDigits), ("44030520050620I237", .notDigits),
        ("4403052005062X1237", .notDigits), ("11010519491001039A", .notDigits),
        // Dates that do not exist (check characters correct, so the date is the only fault).
        ("110105194900010396", .badDate), ("310104198213150783", .badDate), // month 00, month 13
        ("440305200506001235", .badDate), ("510107197603325122", .badDate), // day 00, day 32
        ("650102196304310187", .badDate), ("110105000001010394", .badDate), // 31 April, year 0000
        ("370102190002290278", .badDate), ("460105202302290081", .badDate), // 29 Feb 1900 and 2023
        // Born after today (the day after is already too late).
        ("330106202511010135", .futureDate), ("320102202601012460", .futureDate),
        ("620102202606150142", .futureDate), ("210102209912310584", .futureDate),
        // Born before 1900: the last day of 1899, and a real leap day of 1896.
        ("370102189912310276", .before1900), ("110105185001010398", .before1900),
        ("230102189602290192", .before1900),
        // Excel's scientific display of a number cell: the digits are gone.
        ("4.20102E+17", .scientificNotation), ("4.20102199001011e17", .scientificNotation),
        ("1.10105194910010E+17", .scientificNotation), ("4.2E17", .scientificNotation),
        ("４．４０３０５Ｅ＋１７", .scientificNotation), (" 5.30102E+17 ", .scientificNotation),
        // Excel kept 15 significant digits and padded with 000.
        ("440305200506201000", .lostDigits), ("510107197603085000", .lostDigits),
        ("330106202510310000", .lostDigits), ("620102200002290000", .lostDigits),
        // Wrong check character: X written where a digit belongs, and the reverse.
        ("53010219580716331X", .badCheckCharacter), ("110105194910010399", .badCheckCharacter),
        // Adjacent transpositions that move digits of the date fail on the date instead.
        ("530102159807163316", .before1900), ("530102915807163316", .futureDate),
        ("530102195087163316", .badDate),
    ]

    @Test(arguments: invalid)
    func invalidNumbersSayWhy(_ raw: String, _ problem: IDNumber.Problem) {
        let number = id(raw)
        #expect(number.problem == problem, "\(raw)")
        #expect(number.valid == nil)
        #expect(!number.isEmpty)
        #expect(number.raw == raw)
        #expect(number.birthDate == nil)
        #expect(number.divisionCode == nil)
    }

    @Test func typosAndTranspositionsFailTheCheckCharacter() {
        #expect(id("42010219900101114X").problem == .badCheckCharacter)
        #expect(id("42010219901001113X").problem == .badCheckCharacter, "an adjacent transposition")
        #expect(id("42010219900101113X").problem == nil)
    }

    /// Every other digit at position 15 of 11010519491001039X, every digit in place of its X,
    /// and every adjacent transposition of 530102195807163316 that leaves a plausible birth date.
    @Test(arguments: [
        "11010519491001139X", "11010519491001239X", "11010519491001339X", "11010519491001439X", "11010519491001539X",
        "11010519491001639X", "11010519491001739X", "11010519491001839X", "11010519491001939X",
        "110105194910010390", "110105194910010391", "110105194910010392", "110105194910010393", "110105194910010394",
        "110105194910010395", "110105194910010396", "110105194910010397", "110105194910010398",
        "350102195807163316", "503102195807163316", "531002195807163316", "530012195807163316", "530120195807163316",
        "530102198507163316", "530102195807136316", "530102195807163136", "530102195807163361",
    ])
    func everySingleDigitErrorAndTranspositionIsCaught(_ typo: String) {
        #expect(id(typo).problem == .badCheckCharacter, "\(typo)")
    }

    @Test func excelDamageIsInvalidWithItsReason() {
        #expect(id("4.20102199001011E+17", numeric: true).problem == .scientificNotation)
        #expect(id("4.201021990010112e+17").problem == .scientificNotation)
        #expect(id("420102199001011000").problem == .lostDigits)
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

    // MARK: - Valid but suspicious

    @Test func aValidNumberFromANumericCellOrEndingIn000IsFlagged() throws {
        #expect(id("42010219900101113X", numeric: true).flags == [.numericCell])
        // A number ending in 000 whose check character happens to fit: valid, but suspicious.
        let lucky = (1...28).lazy.flatMap { day in (0...9).lazy.map { "420102199001" + String(format: "%02d", day) + "\($0)00" } }
            .first { IDNumberChecksum.checkCharacter(for: $0) == "0" }.map { $0 + "0" }
        let number = id(try #require(lucky))
        #expect(number.isValid)
        #expect(number.flags == [.trailingZeros])
    }

    @Test(arguments: ["440305200506010000", "510107197603011000", "620102200002010000"])
    func numbersEndingIn000ThatHappenToBeValidAreFlagged(_ number: String) {
        #expect(id(number).valid == number, "\(number)")
        #expect(id(number).flags == [.trailingZeros])
        // From a number cell it is most likely Excel's loss that happened to fit.
        #expect(id(number, numeric: true).flags == [.numericCell, .trailingZeros])
    }

    @Test func aValidNumberFromANumberCellKeepsItsValue() {
        #expect(id("440305200506201237", numeric: true).valid == "440305200506201237")
        #expect(id("440305200506201237", numeric: true).flags == [.numericCell])
    }

    // MARK: - Empty cells

    @Test(arguments: ["", "   ", "\t\r\n", "\u{3000}\u{3000}", "\u{FEFF}", "'", "\u{00A0}\u{200B}", "“”"])
    func blankCellsAreEmptyNotInvalid(_ raw: String) {
        let number = id(raw)
        #expect(number.isEmpty, "\(raw)")
        #expect(number.problem == nil)
        #expect(!number.isValid)
        #expect(number.raw == raw)
    }

    // MARK: - 学籍号 (G + the ID number)

    @Test func studentNumbersCarryTheIDNumber() {
        let number = IDNumber.fromStudentNumber("G42010219900101113X", today: today)
        #expect(number?.valid == "42010219900101113X")
        #expect(number?.flags.contains(.fromStudentNumber) == true)
        #expect(IDNumber.fromStudentNumber("J4201022019000123", today: today) == nil)
    }

    @Test(arguments: [
        ("G11010519491001039X", "11010519491001039X"),
        ("g31010419821115078X", "31010419821115078X"),        // lower-case g
        ("Ｇ４４０３０５２００５０６２０１２３７", "440305200506201237"), // full width
        ("ｇ５１０１０７１９７６０３０８５１２２", "510107197603085122"), // full-width lower case
        ("G 6501 0219 6309 1201 8x", "65010219630912018X"),    // spaced, lower-case x
        ("'G54010219981224003X", "54010219981224003X"),        // with Excel's apostrophe
    ])
    func aGStudentNumberGivesItsIDNumber(_ raw: String, _ expected: String) throws {
        let number = try #require(IDNumber.fromStudentNumber(raw, today: today), "\(raw)")
        #expect(number.valid == expected)
        #expect(number.flags == [.fromStudentNumber])
        #expect(number.raw == raw)
    }

    /// J and L numbers carry no ID number; a plain ID number is not a 学籍号.
    @Test(arguments: ["J11010519491001039X", "L65010219630912018X", "j11010519491001039X", "11010519491001039X", ""])
    func otherStudentNumbersCarryNone(_ raw: String) {
        #expect(IDNumber.fromStudentNumber(raw, today: today) == nil, "\(raw)")
    }

    @Test func aGStudentNumberWithABadIDNumberIsInvalidWithItsReason() throws {
        let typo = try #require(IDNumber.fromStudentNumber("G11010519491001038X", today: today))
        #expect(typo.problem == .badCheckCharacter)
        #expect(typo.valid == nil)
        #expect(typo.cleaned == "11010519491001038X", "the G is not part of the ID number")
        let badDate = try #require(IDNumber.fromStudentNumber("G11010519491301039X", today: today))
        #expect(badDate.problem == .badDate)
        #expect(badDate.flags == [.fromStudentNumber])
    }

    // MARK: - Forms found while writing these cases

    @Test(arguments: ["＂54010219981224003X＂", "420102-19900101-113X", "420102\u{202F}19900101113X", "420102–19900101–113X"])
    func quotesHyphensAndNarrowSpacesAreRemoved(_ raw: String) {
        #expect(id(raw).isValid, "\(raw) → \(id(raw).cleaned)")
    }

    @Test func aFifteenDigitNumberIsNotSuspectedOfExcelLoss() {
        // 320102750601800 → 320102197506018000: it ends in 000 because of its own digits, not Excel's.
        #expect(id("320102750601800").flags == [.fifteenDigits])
    }

    @Test func anEmptyNumericCellCarriesNoFlag() {
        #expect(id("", numeric: true).flags.isEmpty)
    }

    @Test func commaDecimalScientificNotationIsRecognised() {
        #expect(id("4,20102E+17", numeric: true).problem == .scientificNotation)
    }
}

