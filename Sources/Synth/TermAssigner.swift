import BiduiCore

/// Assigns each department's records for one term to a population, so that every finding of
/// DOMAIN.md happens at a small, realistic rate.
public struct TermAssigner: Sendable {
    /// How often the cases behind the findings are made to happen.
    public struct Rates: Sendable {
        public var ruralPoverty = 0.30, ruralMonitored = 0.08, riskEliminated = 0.4
        public var minimumLivingAllowance = 0.10, extremePoverty = 0.015, orphan = 0.004, unattended = 0.004
        public var stopped = 0.10
        /// An active school-age child who is not enrolled.
        public var dropout = 0.02
        /// An eligible enrolled child with no aid row.
        public var unaided = 0.03
        /// Aid claiming 低保 for a child on no list.
        public var falseClaim = 0.01
        /// A second aid row for the same programme at another school.
        public var duplicate = 0.01
        /// A rural 在校生状况 that disagrees with enrollment.
        public var statusMismatch = 0.02
        public init() {}

        /// The same rates with the finding cases `factor` times as frequent (capped at one in two).
        public func scaled(by factor: Double) -> Rates {
            var rates = self
            for keyPath: WritableKeyPath<Rates, Double> in [\.dropout, \.unaided, \.falseClaim, \.duplicate, \.statusMismatch] {
                rates[keyPath: keyPath] = min(0.5, rates[keyPath: keyPath] * factor)
            }
            return rates
        }
    }

    public var settings: ReconciliationSettings
    public var rates = Rates()

    /// Each county's schools of each stage (key: county code), and each township's own (key:
    /// `code/township`) for the stages a child attends near home.
    let schools: [String: [SchoolStage: [School]]]

    public init(settings: ReconciliationSettings, counties: [Population.County] = Population.counties) {
        self.settings = settings
        schools = Self.schools(for: counties)
    }

    /// Households keep their draws from term to term (so findings persist), except that each term
    /// about `changeRate` of them draw anew (so some findings resolve and new ones appear).
    public var changeRate = 0.3

    public func assign(_ population: Population, seed: UInt64) -> TermRecords {
        var term = TermRecords(settings: settings)
        for (h, household) in population.households.enumerated() { assign(household, index: h, seed: seed, into: &term) }
        return term
    }

    /// Appends one household's records to `term`; households draw independently of each other.
    public func assign(_ household: Population.Household, index h: Int, seed: UInt64, into term: inout TermRecords) {
        let termSalt = UInt64(settings.schoolYearStart * 2 + (settings.term == .autumn ? 1 : 0)) &* 0xD1B5_4A32_D192_ED03
        let cutoff = settings.ageCutoffDate ?? settings.referenceDate
        do {
            let stableSeed = seed &+ UInt64(h + 1) &* 0x9E37_79B9_7F4A_7C15
            var termRandom = SeededGenerator(seed: stableSeed ^ termSalt)
            var random = SeededGenerator(seed: termRandom.chance(changeRate) ? stableSeed ^ termSalt ^ 0xC4A5_E5 : stableSeed)
            let urban = household.county.code == "420102"
            // Rural status: households of the rural counties only.
            var ruralType: (String, String, String)?
            if !urban {
                if random.chance(rates.ruralPoverty) {
                    ruralType = ("脱贫户", "", "")
                } else if random.chance(rates.ruralMonitored / (1 - rates.ruralPoverty)) {
                    ruralType = ("监测户", random.pick(["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"]),
                                 random.chance(rates.riskEliminated) ? "是" : "否")
                }
            }
            // Civil assistance: the household's allowance, and some individual cases.
            var householdCivil: String?
            if random.chance(rates.minimumLivingAllowance) { householdCivil = urban ? "城市低保" : "农村低保" }
            let stopped = random.chance(rates.stopped)
            let startMonth = Int.random(in: 2016...2024, using: &random).zeroPadded(4) + Int.random(in: 1...12, using: &random).zeroPadded(2)
            let endMonth = stopped ? Self.monthBefore(settings.referenceDate, months: Int.random(in: 1...8, using: &random)) : ""

            for (m, person) in household.members.enumerated() {
                let ref = TermRecords.PersonRef(household: h, member: m)
                let age = Self.age(person.birthDate, on: cutoff)
                let isChild = person.relation == "之子" || person.relation == "之女"
                var civilType = householdCivil
                if isChild && age < 18 && civilType == nil {
                    if random.chance(rates.orphan) { civilType = "孤儿" } else if random.chance(rates.unattended) { civilType = "事实无人抚养儿童" }
                }
                if !isChild && age >= 60 && civilType == nil && random.chance(rates.extremePoverty) { civilType = "特困供养" }
                if let civilType {
                    term.civil.append(.init(person: ref, assistanceType: civilType, status: stopped ? "停保" : random.pick(["在保", "在保", "正常"]),
                                            startMonth: startMonth, endMonth: endMonth))
                }
                let ruralActive = ruralType.map { $0.0 == "脱贫户" || $0.2 == "否" } ?? false
                let civilActive = civilType != nil && !stopped
                let active = ruralActive || civilActive
                // Enrollment by age.
                var enrolledStage: SchoolStage?
                if isChild, let stage = SchoolStage.forAge(age, vocational: random.chance(0.3)) {
                    let compulsory = settings.compulsoryAges.contains(age)
                    let dropsOut = active && compulsory && random.chance(rates.dropout)
                    let notEnrolled = dropsOut || (!compulsory && random.chance(0.08))
                    if !notEnrolled {
                        let school = random.pick(Self.near(stage) ? schools[household.county.code + "/" + household.township]?[stage] ?? []
                                                     : schools[household.county.code]?[stage] ?? [])
                        let status = random.weighted([("在读", 0.985), ("休学", 0.01), ("转出", 0.005)])
                        term.enrollment.append(.init(person: ref, stage: stage, school: school, grade: random.pick(stage.grades), status: status))
                        if status != "转出" { enrolledStage = stage }
                        // Aid for the term.
                        if let claim = Self.hardship(ruralType: ruralActive ? ruralType?.0 : nil, civil: civilActive ? civilType : nil) {
                            if !random.chance(rates.unaided) {
                                term.aid.append(.init(person: ref, school: school, programme: stage.programme, amount: stage.amount, hardshipType: claim))
                                if random.chance(rates.duplicate),
                                   let others = schools[household.county.code]?[stage]?.filter({ $0 != school }), !others.isEmpty {
                                    let other = random.pick(others)
                                    term.aid.append(.init(person: ref, school: other, programme: stage.programme, amount: stage.amount, hardshipType: claim))
                                }
                            }
                        } else if random.chance(rates.falseClaim) {
                            term.aid.append(.init(person: ref, school: school, programme: stage.programme, amount: stage.amount, hardshipType: "低保"))
                        } else if random.chance(0.04) {
                            term.aid.append(.init(person: ref, school: school, programme: stage.programme, amount: stage.amount, hardshipType: random.pick(["残疾", "其他"])))
                        }
                        if !urban && (stage == .primary || stage == .junior) && random.chance(0.5) {
                            term.aid.append(.init(person: ref, school: school, programme: "营养改善计划", amount: "800", hardshipType: ""))
                        }
                    }
                }
                // The rural member list, with its own view of schooling.
                if let ruralType {
                    var schooling = enrolledStage?.ruralStatus ?? (isChild && age < 6 ? "学龄前儿童" : (isChild && age < 16 ? "失学辍学" : "非在校生"))
                    if isChild && random.chance(rates.statusMismatch) {
                        schooling = enrolledStage != nil ? "非在校生" : (age >= 16 && age <= 17 ? "普通高中" : schooling)
                    }
                    term.rural.append(.init(person: ref, householdType: ruralType.0, monitoringCategory: ruralType.1,
                                            riskEliminated: ruralType.2, schoolingStatus: schooling))
                }
            }
        }
    }

    /// The 家庭经济困难类型 an aided child's school records, from the department that backs it.
    static func hardship(ruralType: String?, civil: String?) -> String? {
        if let ruralType { return ruralType == "脱贫户" ? "建档立卡/脱贫家庭" : "监测对象" }
        switch civil {
        case "城市低保", "农村低保": return "低保"
        case let other?: return other
        case nil: return nil
        }
    }

    static func age(_ born: CalendarDate, on day: CalendarDate) -> Int { born.age(on: day) }

    static func monthBefore(_ date: CalendarDate, months: Int) -> String {
        let index = date.year * 12 + (date.month - 1) - months
        return (index / 12).zeroPadded(4) + (index % 12 + 1).zeroPadded(2)
    }

    /// Stages whose school is in the child's own township; the others are the county's.
    static func near(_ stage: SchoolStage) -> Bool { stage == .preschool || stage == .primary || stage == .junior }

    /// Schools as real counties have them: two kindergartens, three primary schools and a junior
    /// middle school per township (each then has one or two thousand pupils at most), and a senior
    /// and a vocational school per three and per six townships of the county.
    static func schools(for counties: [Population.County]) -> [String: [SchoolStage: [School]]] {
        var result: [String: [SchoolStage: [School]]] = [:]
        for county in counties {
            var number = 1
            func add(_ stage: SchoolStage, _ name: String, township: String?) {
                let school = School(code: county.code + number.zeroPadded(4), name: name, county: county.name)
                number += 1
                result[county.code, default: [:]][stage, default: []].append(school)
                if let township { result[county.code + "/" + township, default: [:]][stage, default: []].append(school) }
            }
            for stage in SchoolStage.allCases {
                switch stage {
                case .preschool, .primary, .junior:
                    let perTownship = stage == .primary ? 3 : stage == .preschool ? 2 : 1
                    let suffix = stage == .preschool ? "幼儿园" : stage == .primary ? "小学" : "初级中学"
                    for township in county.townships {
                        for k in 0..<perTownship {
                            add(stage, county.name + township + (k == 0 ? "中心" : ["第二", "第三"][k - 1]) + suffix, township: township)
                        }
                    }
                case .senior, .vocational:
                    let count = max(stage == .senior ? 2 : 1, county.townships.count / (stage == .senior ? 3 : 6))
                    for k in 0..<count {
                        let place = county.townships[k % county.townships.count]
                        add(stage, county.name + place + (stage == .senior ? "高级中学" : "职业技术学校") + (k < county.townships.count ? "" : "\(k)"),
                            township: nil)
                    }
                }
            }
        }
        return result
    }
}
