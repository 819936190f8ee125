import BiduiCore

/// A finding in the machine contract's form (DOMAIN.md, "The machine contract").
public struct ContractFinding: Sendable, Equatable {
    public struct Source: Sendable, Equatable {
        public var role: String, file: String, sheet: String?, row: Int
        init(_ row: WrittenRow) {
            role = row.role
            file = row.file
            sheet = row.sheet
            self.row = row.row
        }
    }

    public var category: String
    public var person: Population.Person
    public var detail: String
    public var sources: [Source]

    public var severity: String {
        switch category {
        case "unaided_eligible", "possible_dropout", "duplicate_aid": "high"
        case "aid_eligibility_unverified", "enrollment_status_mismatch": "medium"
        default: "low"
        }
    }

    /// A stable identifier that does not spell out the ID number (64-bit FNV-1a of it).
    public var personID: String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in person.idNumber.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        return "T" + String(hash, radix: 16)
    }

    var jsonLine: String {
        let sources = sources.map { s in
            "{\"role\":\(JSONText.string(s.role)),\"file\":\(JSONText.string(s.file)),\"sheet\":\(s.sheet.map(JSONText.string) ?? "null"),\"row\":\(s.row)}"
        }.joined(separator: ",")
        return "{\"schema\":1,\"category\":\(JSONText.string(category)),\"severity\":\(JSONText.string(severity)),\"person_id\":\(JSONText.string(personID)),"
            + "\"name\":\(JSONText.string(person.name)),\"id_number\":\(JSONText.string(person.idNumber)),\"detail\":\(JSONText.string(detail)),"
            + "\"review\":false,\"sources\":[\(sources)]}\n"
    }
}
