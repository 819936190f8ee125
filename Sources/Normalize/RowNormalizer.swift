import BiduiCore

/// Where each field of one sheet sits: resolved once per sheet, so a row costs no lookups by name.
struct SheetLayout: Sendable {
    let role: SourceRole
    let roleBytes: [UInt8]
    var name = -1, idNumber = -1, studentNumber = -1, birthDate = -1, sex = -1
    var guardianID = -1, headID = -1, schoolYear = -1, amount = -1, startMonth = -1, endMonth = -1
    /// Fields copied with blanks removed and full width made ASCII.
    var tidy: [(PersonColumn, Int)] = []
    var categories: [(CategoryMaps.Field, PersonColumn, Int)] = []

    /// The text columns a record of this sheet can fill: the writer binds only these.
    var columns: [PersonColumn] {
        var set: Set<PersonColumn> = [.role, .flags]
        if name >= 0 { set.formUnion([.name, .nameKey, .namePinyin, .nameReadings]) }
        if idNumber >= 0 || studentNumber >= 0 { set.formUnion([.idRaw, .idNumber, .idProblem, .birthDate, .sex]) }
        if birthDate >= 0 { set.insert(.birthDate) }
        if sex >= 0 { set.insert(.sex) }
        if guardianID >= 0 { set.insert(.guardianID) }
        if headID >= 0 { set.insert(.headID) }
        if schoolYear >= 0 { set.insert(.schoolYear) }
        if amount >= 0 { set.insert(.amount) }
        if startMonth >= 0 { set.insert(.startMonth) }
        if endMonth >= 0 { set.insert(.endMonth) }
        set.formUnion(tidy.map(\.0))
        set.formUnion(categories.map(\.1))
        return set.sorted { $0.rawValue < $1.rawValue }
    }

    /// `fields`: the canonical field of each column, as ingest mapped the header ("" for unmapped).
    init(role: SourceRole, fields: [String]) {
        self.role = role
        roleBytes = Array(role.rawValue.utf8)
        var seen = Set<String>()
        for (column, raw) in fields.enumerated() {
            // The first column of a field counts; a second one with the same meaning is ignored.
            guard let field = CanonicalField(rawValue: raw), seen.insert(raw).inserted else { continue }
            switch field {
            case .name: name = column
            case .idNumber: idNumber = column
            case .studentNumber: studentNumber = column; tidy.append((.studentNumber, column))
            case .birthDate: birthDate = column
            case .sex: sex = column
            case .guardianIDNumber: guardianID = column
            case .headIDNumber: headID = column
            case .ethnicity, .personNumber, .grade, .className, .guardianName, .headName, .outOfSchoolReason: continue
            case .schoolYear: schoolYear = column
            case .amount: amount = column
            case .startMonth: startMonth = column
            case .endMonth: endMonth = column
            case .county: tidy.append((.county, column))
            case .township: tidy.append((.township, column))
            case .village: tidy.append((.village, column))
            case .householdID: tidy.append((.householdID, column))
            case .relationToHead: tidy.append((.relation, column))
            case .schoolCode: tidy.append((.schoolCode, column))
            case .schoolName: tidy.append((.schoolName, column))
            case .householdType: categories.append((.householdType, .householdType, column))
            case .monitoringCategory: categories.append((.monitoringCategory, .monitoringCategory, column))
            case .riskEliminated: categories.append((.riskEliminated, .riskEliminated, column))
            case .schoolingStatus: categories.append((.schoolingStatus, .schoolingStatus, column))
            case .assistanceType: categories.append((.assistanceType, .assistanceType, column))
            case .assistanceStatus: categories.append((.assistanceStatus, .assistanceStatus, column))
            case .programme: categories.append((.programme, .programme, column))
            case .hardshipType: categories.append((.hardshipType, .hardshipType, column))
            case .enrollmentStatus: categories.append((.enrollmentStatus, .enrollmentStatus, column))
            case .term: categories.append((.term, .term, column))
            }
        }
    }
}

/// Normalizes raw rows into person records, working on bytes. One per worker thread: it owns its
/// scratch buffers and caches, so workers share nothing but the read-only layouts and maps.
struct RowNormalizer {
    let layouts: [Int: SheetLayout]
    let today: CalendarDate
    private var categories: CategoryCache
    private var idScratch = IDNumberParser.Scratch()
    private var otherIDScratch = IDNumberParser.Scratch()
    private var nameScratch = NameScratch()
    private var starts: [Int] = [], ends: [Int] = []

    init(layouts: [Int: SheetLayout], maps: CategoryMaps, today: CalendarDate) {
        self.layouts = layouts
        self.today = today
        categories = CategoryCache(maps: maps)
    }

    /// `recycled`: a batch the writer is done with, to fill again.
    mutating func normalize(_ batch: RawBatch, recycled: RecordBatch? = nil) -> RecordBatch {
        let out = recycled ?? RecordBatch(sequence: batch.sequence, capacity: NormalizeStage.batchRows)
        out.reset(sequence: batch.sequence)
        var currentSheet = Int.min
        var layout: SheetLayout?
        var counts: [Int] = []
        batch.text.withUnsafeBufferPointer { text in
            var start = 0
            for r in 0..<batch.count {
                let end = batch.ends[r]
                defer { start = end }
                if batch.sheets[r] != currentSheet {
                    if currentSheet != Int.min { Self.merge(counts, into: &out.flagCounts[currentSheet]) }
                    currentSheet = batch.sheets[r]
                    layout = layouts[currentSheet]
                    counts = [Int](repeating: 0, count: QualityFlag.allCases.count)
                }
                guard let layout else { continue }
                let flags = normalizeRow(UnsafeBufferPointer(rebasing: text[start..<end]), id: batch.ids[r], sheet: currentSheet,
                                         row: batch.rows[r], mask: batch.masks[r], layout: layout, into: out)
                var bits = flags.bits
                while bits != 0 {
                    counts[bits.trailingZeroBitCount] += 1
                    bits &= bits - 1
                }
            }
        }
        if currentSheet != Int.min { Self.merge(counts, into: &out.flagCounts[currentSheet]) }
        return out
    }

    private static func merge(_ counts: [Int], into total: inout [Int]?) {
        guard counts.contains(where: { $0 > 0 }) else { return }
        if total == nil { total = counts } else { for k in counts.indices { total![k] += counts[k] } }
    }

    /// One row: `cells` are the row's cells joined by U+001F, `mask` marks the numeric ones.
    mutating func normalizeRow(_ cells: UnsafeBufferPointer<UInt8>, id: Int64, sheet: Int, row: Int64, mask: Int64,
                               layout: SheetLayout, into out: RecordBatch) -> QualityFlags {
        split(cells)
        out.begin(id: id, sheet: sheet, row: row)
        out.put(.role, layout.roleBytes)
        var flags = QualityFlags()

        if let name = cell(layout.name, cells) {
            ChineseNameParser.parse(name, into: &nameScratch)
            out.put(.name, nameScratch.display)
            out.put(.nameKey, nameScratch.comparison)
            out.put(.namePinyin, nameScratch.pinyin)
            if !nameScratch.readings.isEmpty { out.put(.nameReadings, nameScratch.readings) }
        } else {
            flags.insert(.missingName)
        }

        // The ID number, and the one inside a 学籍号 when the column's is missing or invalid.
        var valid = false
        var hasNumber = false
        if let raw = cell(layout.idNumber, cells) {
            let numeric = layout.idNumber < 63 && mask & (1 << Int64(layout.idNumber)) != 0
            let outcome = IDNumberParser.parse(raw, numericCell: numeric, today: today, into: &idScratch)
            hasNumber = !idScratch.cleaned.isEmpty
            if hasNumber {
                valid = outcome.problem == nil
                let number = valid ? idScratch.valid : idScratch.cleaned
                out.put(.idNumber, number)
                if !ByteText.equal(number, raw) { out.put(.idRaw, raw) }
                out.idValid[out.count - 1] = valid ? 1 : 0
                if let problem = outcome.problem {
                    out.put(.idProblem, Self.problemBytes[problem.index])
                    flags.insert(QualityFlag.of(problem))
                }
                if outcome.bits & IDNumberParser.Outcome.numericCell != 0 { flags.insert(.idNumericCell) }
                if outcome.bits & IDNumberParser.Outcome.trailingZeros != 0 { flags.insert(.idTrailingZeros) }
                if outcome.bits & IDNumberParser.Outcome.fifteenDigits != 0 { flags.insert(.idFifteenDigits) }
                if outcome.bits & IDNumberParser.Outcome.fromStudentNumber != 0 { flags.insert(.idFromStudentNumber) }
            }
        }
        if !valid, let student = cell(layout.studentNumber, cells) {
            let outcome = IDNumberParser.parse(student, numericCell: false, today: today, into: &otherIDScratch)
            if outcome.problem == nil && outcome.bits & IDNumberParser.Outcome.fromStudentNumber != 0 && !otherIDScratch.valid.isEmpty {
                flags.insert(.idFromStudentNumber)
                if !hasNumber {
                    swap(&idScratch, &otherIDScratch)
                    out.put(.idNumber, idScratch.valid)
                    out.put(.idRaw, student)
                    out.idValid[out.count - 1] = 1
                    valid = true
                    hasNumber = true
                }
            }
        }
        if !hasNumber { flags.insert(.missingIDNumber) }

        // Birth date and sex, checked against a valid ID number.
        let fromID: (year: Int, month: Int, day: Int, male: Bool)? = valid ? Self.birthAndSex(idScratch.valid) : nil
        if let raw = cell(layout.birthDate, cells) {
            if let parsed = DateText.parse(raw) {
                out.put(.birthDate, parsed)
                if let fromID {
                    let d = parsed.date
                    let differs = d.year != fromID.year || d.month != fromID.month || (parsed.precision == .day && d.day != fromID.day)
                    if differs { flags.insert(.birthDateMismatch) }
                }
            } else {
                flags.insert(.unreadableBirthDate)
            }
        }
        if !out.hasValue(row: out.count - 1, .birthDate), let fromID, let date = CalendarDate(year: fromID.year, month: fromID.month, day: fromID.day) {
            out.put(.birthDate, DateText(date: date, precision: .day))
        }
        var sex: Sex?
        if let raw = cell(layout.sex, cells) {
            sex = Sex.parse(raw)
            if sex == nil { flags.insert(.unreadableSex) }
            if let sex, let fromID, fromID.male != (sex == .male) { flags.insert(.sexMismatch) }
        }
        if sex == nil, let fromID { sex = fromID.male ? .male : .female }
        if let sex { out.put(.sex, sex == .male ? Self.maleBytes : Self.femaleBytes) }

        for (column, index) in layout.tidy {
            if let value = cell(index, cells) { Self.tidy(value, column, into: out) }
        }
        for (field, column, index) in layout.categories {
            guard let value = cell(index, cells) else { continue }
            if let canonical = categories.canonical(field, value) { out.put(column, canonical) } else { flags.insert(field.unknownFlag) }
        }
        if let raw = cell(layout.schoolYear, cells) {
            if let start = CategoryMaps.schoolYearStart(bytes: raw) {
                out.put(.schoolYear, Array("\(start)-\(start + 1)".utf8))
            } else {
                flags.insert(.unknownSchoolYear)
            }
        }
        if let raw = cell(layout.amount, cells) {
            if Self.isAmount(raw) { Self.tidy(raw, .amount, into: out) } else { flags.insert(.unreadableAmount) }
        }
        month(layout.startMonth, .startMonth, .unreadableStartMonth, cells, out, &flags)
        month(layout.endMonth, .endMonth, .unreadableEndMonth, cells, out, &flags)
        relativeID(layout.guardianID, .guardianID, .invalidGuardianIDNumber, cells, out, &flags)
        relativeID(layout.headID, .headID, .invalidHeadIDNumber, cells, out, &flags)

        if !flags.isEmpty {
            out.open(.flags)
            var first = true
            var bits = flags.bits
            while bits != 0 {
                if !first { out.append(0x20) }
                out.append(QualityFlag.codeBytes[bits.trailingZeroBitCount])
                first = false
                bits &= bits - 1
            }
            out.close(.flags)
        }
        return flags
    }

    private static let maleBytes = Array("男".utf8), femaleBytes = Array("女".utf8)
    private static let problemBytes = IDNumber.Problem.allCases.map { Array($0.rawValue.utf8) }

    @inline(__always)
    private func month(_ index: Int, _ column: PersonColumn, _ flag: QualityFlag, _ cells: UnsafeBufferPointer<UInt8>,
                       _ out: RecordBatch, _ flags: inout QualityFlags) {
        guard let raw = cell(index, cells) else { return }
        if let parsed = DateText.parse(raw) { out.put(column, parsed) } else { flags.insert(flag) }
    }

    /// A guardian's or household head's ID number: the valid form, or the cleaned text, flagged.
    @inline(__always)
    private mutating func relativeID(_ index: Int, _ column: PersonColumn, _ flag: QualityFlag, _ cells: UnsafeBufferPointer<UInt8>,
                                     _ out: RecordBatch, _ flags: inout QualityFlags) {
        guard let raw = cell(index, cells) else { return }
        let outcome = IDNumberParser.parse(raw, numericCell: false, today: today, into: &otherIDScratch)
        guard !otherIDScratch.cleaned.isEmpty else { return }
        out.put(column, outcome.problem == nil ? otherIDScratch.valid : otherIDScratch.cleaned)
        if outcome.problem != nil { flags.insert(flag) }
    }

    /// Finds the cells of the row (separated by U+001F).
    @inline(__always)
    private mutating func split(_ cells: UnsafeBufferPointer<UInt8>) {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var start = 0
        for k in 0..<cells.count where cells[k] == 0x1F {
            starts.append(start); ends.append(k)
            start = k + 1
        }
        starts.append(start); ends.append(cells.count)
    }

    /// The trimmed, non-empty cell at `index`, or nil.
    @inline(__always)
    private func cell(_ index: Int, _ cells: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard index >= 0, index < starts.count, ends[index] > starts[index] else { return nil }
        let value = UnsafeBufferPointer(rebasing: cells[starts[index]..<ends[index]])
        // Most cells need no trimming: they start and end with a visible ASCII character or a CJK one.
        let first = value[0], last = value[value.count - 1]
        let cleanStart = (first > 0x20 && first < 0x80) || (first >= 0xE4 && first <= 0xE9)
        let cleanEnd = (last > 0x20 && last < 0x80) || (value.count >= 3 && value[value.count - 3] >= 0xE4 && value[value.count - 3] <= 0xE9)
        if cleanStart && cleanEnd { return value }
        let trimmed = UTF8Scalars.trimmed(value)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func birthAndSex(_ v: [UInt8]) -> (year: Int, month: Int, day: Int, male: Bool) {
        func d(_ k: Int) -> Int { Int(v[k] &- 0x30) }
        return (d(6) * 1000 + d(7) * 100 + d(8) * 10 + d(9), d(10) * 10 + d(11), d(12) * 10 + d(13), d(16) % 2 == 1)
    }

    /// Copies a cell without blanks of any width, full-width ASCII made ASCII; a cell with none of
    /// those (the usual case) is copied as it is.
    @inline(__always)
    static func tidy(_ p: UnsafeBufferPointer<UInt8>, _ column: PersonColumn, into out: RecordBatch) {
        var plain = true
        for byte in p {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0xC2, 0xE2, 0xE3, 0xEF: plain = false
            default: continue
            }
            break
        }
        if plain { out.put(column, p); return }
        out.open(column)
        var i = 0
        while i < p.count {
            var v = UTF8Scalars.decode(p, &i)
            if UTF8Scalars.isBlank(v) { continue }
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }
            out.appendScalar(v)
        }
        out.close(column)
    }

    /// `1000`, `1,000.00`, `￥1000`, `1000元`: an amount of money.
    static func isAmount(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = 0, dots = 0
        var i = 0
        while i < p.count {
            let v = UTF8Scalars.decode(p, &i)
            switch v {
            case 0x30...0x39, 0xFF10...0xFF19: digits += 1
            case 0x2E, 0xFF0E: dots += 1
            case 0x2C, 0xFF0C, 0xA5, 0xFFE5, 0x5143, 0x20, 0x3000: continue  // , ， ¥ ￥ 元 and spaces
            default: return false
            }
        }
        return digits > 0 && dots <= 1
    }
}
