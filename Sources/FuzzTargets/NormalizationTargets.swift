import BiduiCore
import Normalize

/// ID-number and name normalization, as the normalize stage runs them on each cell, with the
/// promises callers rely on checked on every input.
enum NormalizationTargets {
    static let today = CalendarDate(year: 2025, month: 10, day: 31) ?? { fatalError("2025-10-31 is a date") }()

    static func idNumber(_ bytes: [UInt8]) -> FuzzOutcome {
        var outcome = FuzzOutcome(target: .idnumber)
        for numeric in [false, true] {
            let parsed = StandaloneNormalization.idNumber(bytes, numericCell: numeric, today: today)
            if !parsed.valid.isEmpty {
                invariant(parsed.problem == nil, "a number with a problem (\(parsed.problem?.rawValue ?? "")) has a valid form")
                let text = String(decoding: parsed.valid, as: UTF8.self)
                invariant(parsed.valid.count == 18 && IDNumberChecksum.isValid(text), "the valid form \(text) is not a valid 18-character number")
            }
            if parsed.problem == nil && !parsed.cleaned.isEmpty {
                invariant(!parsed.valid.isEmpty, "a number without a problem has no valid form")
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let number = IDNumber(raw: text, today: today)
        if let valid = number.valid {
            invariant(valid.utf8.count == 18, "IDNumber.valid \(valid) is not 18 characters")
            invariant(number.birthDate.map { $0 <= today } == true, "a valid number's birth date is missing or after today")
            invariant(number.isMale != nil && number.divisionCode?.count == 6, "a valid number lacks sex or division code")
        } else {
            invariant(number.problem != nil || number.isEmpty, "an invalid, non-empty number names no problem")
        }
        outcome.values["cleaned"] = number.cleaned
        outcome.values["valid"] = number.valid ?? "-"
        outcome.values["problem"] = number.problem?.rawValue ?? "-"
        _ = IDNumber.fromStudentNumber(text, today: today)

        // A row with the input as the ID number, the 学籍号 and the guardian's number, one cell numeric.
        let row = StandaloneNormalization.row(
            [bytes, Array("张三".utf8), bytes, bytes, Array("2013-09-01".utf8), Array("男".utf8)],
            fields: ["id_number", "name", "student_number", "guardian_id_number", "birth_date", "sex"],
            role: .enrollment, numericColumns: [0], today: today)
        outcome.values["row_flags"] = row["flags"] ?? "-"
        if let id = row["id_number"], row["id_problem"] == nil {
            invariant(IDNumberChecksum.isValid(id), "the row's id_number \(id) has no problem but is not valid")
        }
        // The cells read beside an ID number, by the same byte-level code: dates, months, school year, amount, sex.
        let others = StandaloneNormalization.row(
            [bytes, bytes, bytes, bytes, bytes, bytes, Array("420102201309011232".utf8)],
            fields: ["birth_date", "start_month", "end_month", "school_year", "amount", "sex", "id_number"],
            role: .civil, today: today)
        if let date = others["birth_date"] { invariant(CalendarDate(iso: String(date.prefix(10))) != nil || date.count == 7, "birth date \(date) is not a date") }
        outcome.values["other_flags"] = others["flags"] ?? "-"
        return outcome
    }

    static func name(_ bytes: [UInt8]) -> FuzzOutcome {
        var outcome = FuzzOutcome(target: .name)
        _ = StandaloneNormalization.name(bytes)
        let name = ChineseName(String(decoding: bytes, as: UTF8.self))
        invariant(name.isSameName(as: name), "a name differs from itself")
        invariant(!name.isHomophone(of: name), "a name is its own homophone")
        invariant(ChineseName.readingsOverlap(name.readings, name.readings), "a name's readings do not overlap themselves")
        invariant(name.pinyin.split(separator: " ").count == name.readings.split(separator: " ").count,
                  "pinyin \(name.pinyin) and readings \(name.readings) have different syllable counts")
        outcome.values["display"] = name.display
        outcome.values["comparison"] = name.comparison
        outcome.values["pinyin"] = name.pinyin

        // A row with the input as the person's, the guardian's and the household head's name.
        let row = StandaloneNormalization.row(
            [bytes, Array("420102201309011234".utf8), bytes, bytes, Array("在读".utf8)],
            fields: ["name", "id_number", "guardian_name", "head_name", "enrollment_status"],
            role: .enrollment, today: today)
        outcome.values["row_flags"] = row["flags"] ?? "-"
        return outcome
    }
}
