import BiduiCore

/// Where one record of the term was written, and what was done to it on the way.
public struct WrittenRow: Sendable, Equatable {
    public var role: String
    public var file: String
    public var sheet: String?
    public var row: Int
    public var trueIDNumber: String
    public var idQuirks: [Quirks.IDQuirk]
    public var nameQuirk: Quirks.NameQuirk?
    /// What the row's ID number cell holds.
    public var writtenIDNumber: String
    public var writtenName: String
}

/// Draws the quirks for one row and keeps the written values.
struct RowDamage {
    var idQuirks: [Quirks.IDQuirk] = []
    var nameQuirk: Quirks.NameQuirk?
    var idNumber: String
    var name: String

    /// `adult`: born before 2000, so the number may also be given in its 15-digit legacy form.
    init(role: SourceRole, idNumber: String, name: String, adult: Bool, quirks: Quirks, random: inout SeededGenerator) {
        self.idNumber = idNumber
        self.name = name
        var wantsID = random.chance(quirks.idRate(for: role))
        var wantsName = random.chance(quirks.nameRate)
        if wantsID && random.chance(quirks.secondQuirkRate) { wantsName = true }
        if wantsName && !wantsID && random.chance(quirks.secondQuirkRate) { wantsID = true }
        if wantsID {
            var choices = Quirks.IDQuirk.allCases.filter { $0 != .legacy15 || adult }
            if !idNumber.hasSuffix("X") { choices.removeAll { $0 == .lowercaseX } }
            let quirk = random.weighted(choices.map { ($0, $0.weight(for: role)) })
            idQuirks.append(quirk)
            self.idNumber = Quirks.apply(quirk, to: idNumber, using: &random)
            // Now and then a second, harmless damage on top (spaces over a typo…).
            if quirk.changesNumber && quirk != .scientific && quirk != .scientificShort && random.chance(quirks.secondQuirkRate) {
                let extra = random.pick([Quirks.IDQuirk.spaces, .fullWidth, .apostrophe])
                idQuirks.append(extra)
                self.idNumber = Quirks.apply(extra, to: self.idNumber, using: &random)
            }
        }
        if wantsName {
            for quirk in Quirks.NameQuirk.allCases.shuffled(using: &random) {
                if let damaged = Quirks.apply(quirk, to: name, using: &random) {
                    nameQuirk = quirk
                    self.name = damaged
                    break
                }
            }
        }
    }

    /// The scientific and lost-digit forms come from numeric cells.
    var isNumericCell: Bool { idQuirks.first == .scientific || idQuirks.first == .lostDigits }
}
