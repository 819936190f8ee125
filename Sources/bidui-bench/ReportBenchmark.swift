import ArgumentParser
import BiduiCore
import Foundation
import GRDB

/// Times `bidui-report` on run stores of several sizes (issue 8: 100,000 findings in at most 5 s).
/// Each store is generated once (`ReportBenchmarkStore`) and kept; every run deletes `report/` and
/// writes it again, so the store is the same for every run.
struct ReportBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Time the report stage on generated run stores of several sizes (findings).")

    @Option(help: "Finding counts, comma-separated; each store also holds about 2.2 person records a finding.")
    var findings: String = "100000,500000"

    @OptionGroup var common: BenchOptions

    private var counts: [Int] { findings.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 } }

    func validate() throws {
        guard !counts.isEmpty, counts.count == findings.split(separator: ",").count else {
            throw ValidationError("--findings takes positive whole numbers, comma-separated, not \"\(findings)\"")
        }
    }

    func run() throws {
        let files = FileManager.default
        let report = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("bidui-report").path
        guard files.isExecutableFile(atPath: report) else {
            throw ValidationError("no bidui-report beside bidui-bench (\(report)); build it with `swift build -c release --product bidui-report`")
        }
        let folder = try IngestMeasurement.prepare(common.workDirectory)
        for count in counts {
            let run = folder.appendingPathComponent("report-\(count)")
            if !files.fileExists(atPath: run.appendingPathComponent("run.sqlite").path) {
                let started = Date()
                try ReportBenchmarkStore.build(findings: count, at: run)
                print("generated \(run.path) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            }
            let output = run.appendingPathComponent("report")
            var seconds: [Double] = [], peaks: [Double] = []
            for _ in 0..<common.runs {
                try? files.removeItem(at: output)
                let measured = try ChildProcess.measure(report, [run.appendingPathComponent("pipeline.yaml").path, "--run-dir", run.path, "--quiet"])
                guard measured.status == 0 else {
                    throw ValidationError("bidui-report exited with status \(measured.status) on \(run.path); its log is \(run.path)/bidui.log")
                }
                seconds.append(measured.seconds)
                peaks.append(Double(measured.peakKiB) / 1024)
            }
            // The last run's report stays, to be opened and checked.
            let size = (try? files.attributesOfItem(atPath: output.appendingPathComponent("discrepancies.xlsx").path)[.size] as? Int) ?? 0
            let median = Statistics.median(seconds)
            print(TextTableLine.row(rows: count, megabytes: Double(size) / 1_048_576, median: median, rowsPerSecond: Double(count) / median,
                                    peakMiB: Statistics.median(peaks), runs: common.runs)
                  + "   report (rows are findings; size is discrepancies.xlsx)")
        }
    }
}

/// A run store as the reconcile stage leaves it, written with SQL in one transaction: about 2.2 person
/// records a finding over 5 counties' department files, the seven categories' findings with their
/// source rows, pairs to review, and fresh ingest/normalize/match/reconcile runs. Seeded: the same size
/// gives the same store.
enum ReportBenchmarkStore {
    static func build(findings count: Int, at run: URL) throws {
        let files = FileManager.default
        let partial = run.deletingLastPathComponent().appendingPathComponent(run.lastPathComponent + ".partial")
        try? files.removeItem(at: partial)
        try? files.removeItem(at: run)
        try {
            let store = try RunStore(directory: partial)
            try pipeline.write(to: partial.appendingPathComponent("pipeline.yaml"), atomically: true, encoding: .utf8)
            try store.database.write { db in try ReportBenchmarkPopulation(findings: count).write(db) }
        }()
        try files.moveItem(at: partial, to: run)
    }

    static let pipeline = """
        # bidui-bench report: generated run store; the source files do not exist (only the report stage runs).
        pipeline: report-bench
        reconciliation:
          school_year: "2025-2026"
          term: 秋季学期
          reference_date: 2025-10-31
        sources:
          - role: enrollment
            paths: ["data/学籍/*", "data/handmade/*学籍*"]
          - role: aid
            paths: ["data/资助/*"]
          - role: rural
            paths: ["data/乡村振兴/*"]
          - role: civil
            paths: ["data/民政/*"]

        """
}

/// SplitMix64: a small generator whose sequence is fixed by its seed on every platform.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next().multipliedFullWidth(by: UInt64(n)).high) }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / 9_007_199_254_740_992 < p }
    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
}

/// The department files of a generated store: per county a 学籍 CSV and a hand-made one with a
/// two-level header, a 资助 workbook, a 乡村振兴 workbook with a sheet per township and a 民政 list;
/// 江岸区 also has an HTML .xls whose first table is skipped.
struct ReportBenchmarkLayout: Sendable {
    struct SourceFile: Sendable {
        var id: Int, role: SourceRole, path: String, format: String, encoding: String?
    }
    struct Sheet: Sendable {
        var id: Int64, file: Int, name: String?, role: SourceRole, headerRow: Int, headerRows: Int, skipped: Int
        var reason: String? = nil
        var path = ""
        /// The sheet's first data row: the one below its (last) header row.
        var firstRow: Int { headerRow + 1 }
    }

    static let counties: [(name: String, code: String, townships: [String])] = [
        ("喀什市", "653101", ["恰萨街道", "浩罕乡", "多来特巴格乡", "夏马勒巴格镇", "乃则尔巴格镇", "荒地乡", "帕哈太克里乡", "伯什克然木乡", "阿瓦提乡", "色满乡", "亚瓦格街道", "吾斯塘博依街道"]),
        ("江岸区", "420102", ["大智街道", "一元街道", "车站街道", "四唯街道", "永清街道", "西马街道", "球场街道", "劳动街道", "二七街道", "新村街道", "丹水池街道", "后湖街道"]),
        ("蕲春县", "421126", ["漕河镇", "青石镇", "株林镇", "横车镇", "赤东镇", "蕲州镇", "管窑镇", "彭思镇", "檀林镇", "大同镇", "刘河镇", "张榜镇"]),
        ("锦屏县", "522628", ["三江镇", "敦寨镇", "茅坪镇", "启蒙镇", "铜鼓镇", "平秋镇", "大同乡", "钟灵乡", "彦洞乡", "固本乡", "河口乡", "偶里乡"]),
        ("黄梅县", "421127", ["黄梅镇", "孔垄镇", "小池镇", "大河镇", "停前镇", "五祖镇", "濯港镇", "蔡山镇", "新开镇", "独山镇", "分路镇", "下新镇"]),
    ]
    static let headers: [SourceRole: (headers: [String], fields: [String])] = [
        .enrollment: (["学校标识码", "学校名称", "年级", "班级", "姓名", "性别", "出生日期", "民族", "身份证件号", "全国学籍号", "学籍状态", "监护人", "监护人身份证号", "县(市、区)"],
                      ["school_code", "school_name", "grade", "class", "name", "sex", "birth_date", "ethnicity", "id_number", "student_number", "enrollment_status", "guardian_name", "guardian_id_number", "county"]),
        .aid: (["序号", "学年", "学期", "学校名称", "姓名", "身份证号", "资助项目", "资助金额", "家庭经济困难类型", "区县"],
               ["school_year", "term", "school_name", "name", "id_number", "programme", "amount", "hardship_type", "county"]),
        .rural: (["县(市、区)", "乡(镇)", "行政村", "户编号", "人编号", "成员姓名", "证件号码", "性别", "与户主关系", "户类型", "监测对象类别", "风险是否消除", "在校生状况"],
                 ["county", "township", "village", "household_id", "person_number", "name", "id_number", "sex", "relation_to_head", "household_type", "monitoring_category", "risk_eliminated", "schooling_status"]),
        .civil: (["区县", "户主姓名", "户主身份证号", "姓名", "身份证号码", "与户主关系", "保障类型", "保障状态", "起始年月", "终止年月"],
                 ["county", "head_name", "head_id_number", "name", "id_number", "relation_to_head", "assistance_type", "assistance_status", "start_month", "end_month"]),
    ]

    var files: [SourceFile] = []
    var sheets: [Sheet] = []
    /// Sheet indexes by county: 学籍 (main, hand-made), 资助 (one or two), 乡村振兴 by township, 民政.
    var enrollment: [[Int]] = [], aid: [[Int]] = [], rural: [[Int]] = [], civil: [Int] = []

    init() {
        for (c, county) in Self.counties.enumerated() {
            let csv = c % 2 == 0 ? "UTF-8 with BOM" : "GB18030"
            enrollment.append([add(.enrollment, "data/学籍/\(county.name)_学籍.csv", "csv", csv, [nil], headerRow: 1),
                               add(.enrollment, "data/handmade/\(county.name)_学籍_两级表头.csv", "csv", "GB18030", [nil], headerRow: 3, headerRows: 2)])
            aid.append([add(.aid, "data/资助/\(county.name)_2025-2026秋季学期资助名单.xlsx", "xlsx", nil, ["资助名单"], headerRow: 2)])
            if county.name == "江岸区" {
                aid[c].append(add(.aid, "data/资助/江岸区_资助名单.xls", "html", "GB18030", ["table 2"], headerRow: 2))
                sheets.append(Sheet(id: sheets[sheets.count - 1].id + 1, file: files.count, name: "table 1", role: .aid, headerRow: 0, headerRows: 0,
                                    skipped: 0, reason: "no header row with the role's columns in its first 20 rows"))
            }
            let first = add(.rural, "data/乡村振兴/\(county.name)_防返贫监测成员.xlsx", "xlsx", nil, county.townships, headerRow: 2)
            rural.append(Array(first..<first + county.townships.count))
            civil.append(c == 2 || c == 3 ? add(.civil, "data/民政/\(county.name)_低保特困.csv", "csv", "GB18030", [nil], headerRow: 1)
                                          : add(.civil, "data/民政/\(county.name)_低保特困.xls", "spreadsheetml", nil, ["低保特困"], headerRow: 1))
        }
    }

    /// Adds a file with its sheets; returns the first sheet's index.
    private mutating func add(_ role: SourceRole, _ path: String, _ format: String, _ encoding: String?, _ names: [String?],
                              headerRow: Int, headerRows: Int = 1) -> Int {
        let file = files.count + 1
        files.append(SourceFile(id: file, role: role, path: path, format: format, encoding: encoding))
        let first = sheets.count
        for (k, name) in names.enumerated() {
            sheets.append(Sheet(id: Int64(file) << 16 + Int64(k), file: file, name: name, role: role, headerRow: headerRow, headerRows: headerRows,
                                skipped: headerRow > 1 ? 2 : 1, path: path))
        }
        return first
    }
}

/// One generated person: who they are, and which department rows name them. A pure function of the
/// person's index and the findings planned for them, so it can be made again wherever it is needed.
struct ReportBenchmarkPerson {
    static let surnames = [("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"),
                           ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"),
                           ("高", "gao"), ("林", "lin"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"),
                           ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"), ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"),
                           ("董", "dong"), ("潘", "pan"), ("蔡", "cai"), ("余", "yu"), ("叶", "ye"), ("程", "cheng"), ("谭", "tan"), ("欧阳", "ou yang")]
    static let given = [("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"), ("磊", "lei"),
                        ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"),
                        ("秀", "xiu"), ("英", "ying"), ("华", "hua"), ("慧", "hui"), ("子", "zi"), ("涵", "han"), ("浩", "hao"), ("然", "ran"),
                        ("欣", "xin"), ("怡", "yi"), ("梓", "zi"), ("萱", "xuan"), ("宇", "yu"), ("轩", "xuan"), ("思", "si"), ("雨", "yu"),
                        ("佳", "jia"), ("俊", "jun"), ("博", "bo"), ("文", "wen"), ("诗", "shi"), ("晨", "chen"), ("嘉", "jia"), ("洁", "jie")]
    static let uyghur = [("古丽", "gu li"), ("热合曼", "re he man"), ("阿不都", "a bu dou"), ("吐尔逊", "tu er xun"), ("艾力", "ai li"),
                         ("买买提", "mai mai ti"), ("努尔", "nu er"), ("热依拉", "re yi la"), ("帕提古丽", "pa ti gu li"), ("阿依古丽", "a yi gu li"),
                         ("艾合买提", "ai he mai ti"), ("阿迪力", "a di li"), ("吐尔洪", "tu er hong"), ("米娜", "mi na"), ("依明", "yi ming")]
    static let villages = ["红星村", "新建村", "胜利村", "和平村", "团结村", "东风村", "光明村", "前进村", "联合村", "长岭村", "石桥村", "河口村",
                           "桂花村", "杨柳村", "枫树村", "竹林村", "白水村", "青山村", "金塘村", "马鞍村", "恰萨村", "幸福村", "高峰村", "松林村"]
    static let schoolTypes = ["中心小学", "小学", "初级中学", "中心幼儿园", "幼儿园", "高级中学"]
    static let hardships = ["建档立卡/脱贫家庭", "低保", "特困供养", "残疾学生", "其他经济困难"]
    static let assistance = ["农村低保", "城市低保", "特困供养"]
    /// id_problem codes of a broken ID number, and the text the reconcile stage gives each.
    static let problems = [("scientific_notation", "被Excel存为科学计数法，后几位已丢失"), ("lost_digits", "被Excel截为15位有效数字，末尾已变为000"),
                           ("bad_check_character", "校验码不符")]

    var county: Int, township: Int, otherTownship: Int, schoolType: Int
    var name: String, pinyin: String, variantName: String, sex: String
    var year: Int, month: Int, day: Int
    var idNumber: String, guardianID: String, household: String, village: String
    var hardship: Int, monitored: Bool, assistance: Int, startMonth: String
    /// 在校生状况 as the 乡村振兴 list has it.
    var schooling = "在校生"
    var roles: [SourceRole] = []
    var sheets: [Int] = []
    /// The row whose ID number is broken (and how), and the row that spells the name differently.
    var broken: Int?, problem = 0, renamed: Int?
    var review: Bool

    var countyName: String { ReportBenchmarkLayout.counties[county].name }
    var age: Int { 2025 - year - (month > 8 ? 1 : 0) }
    func school(_ township: Int) -> String {
        countyName + ReportBenchmarkLayout.counties[county].townships[township] + Self.schoolTypes[schoolType]
    }
    var birthDate: String { "\(year)-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }
    var schoolCode: String { ReportBenchmarkLayout.counties[county].code + Self.pad(township * 6 + schoolType, 4) }
    /// The aid programme for the person's age, and its amount for a term.
    var programme: (name: String, amount: String) {
        age <= 5 ? ("学前教育幼儿资助", "500") : age <= 14 ? ("义务教育家庭经济困难学生生活补助", schoolType == 2 ? "625" : "500") : ("普通高中国家助学金", "1000")
    }
    /// What makes the person eligible for aid, as the reconcile stage words it.
    var eligibility: String {
        var parts: [String] = []
        if roles.contains(.rural) { parts.append(monitored ? "乡村振兴监测户（风险未消除）" : "乡村振兴脱贫户") }
        if roles.contains(.civil) { parts.append("民政\(Self.assistance[assistance])（在保）") }
        return parts.isEmpty ? "乡村振兴脱贫户" : parts.joined(separator: "、")
    }

    /// Plan bits follow `FindingCategory.allCases`: 0 应助未助 … 6 证件号码无效.
    init(_ index: Int, plan: UInt8, layout: ReportBenchmarkLayout) {
        func has(_ category: Int) -> Bool { plan & (1 << category) != 0 }
        var random = SeededRandom(seed: 0x5EED_B1D0 ^ (UInt64(index) &* 0x2545_F491_4F6C_DD1D))
        county = random.below(5)
        township = random.below(12)
        otherTownship = (township + 1 + random.below(11)) % 12
        let code = ReportBenchmarkLayout.counties[county].code
        sex = random.chance(0.52) ? "男" : "女"
        year = has(3) ? 2010 + random.below(8) : 2007 + random.below(16)
        month = 1 + random.below(12)
        day = 1 + random.below(28)
        idNumber = Self.idNumber(code, year, month, day, random.below(500) * 2 + (sex == "男" ? 1 : 0))
        guardianID = Self.idNumber(code, 1972 + random.below(20), 1 + random.below(12), 1 + random.below(28), random.below(1000))
        household = code + Self.pad(random.below(10_000_000), 7)
        village = Self.villages[(township * 5 + random.below(7)) % Self.villages.count]
        let ageNow = 2025 - year - (month > 8 ? 1 : 0)
        schoolType = ageNow <= 5 ? 3 + random.below(2) : ageNow <= 11 ? random.below(2) : ageNow <= 14 ? 2 : 5
        if county == 0 && random.chance(0.85) {
            let a = random.pick(Self.uyghur), b = random.pick(Self.uyghur)
            (name, pinyin, variantName) = ("\(a.0)·\(b.0)", "\(a.1) \(b.1)", "\(a.0)\(b.0)")
        } else {
            let s = random.pick(Self.surnames), g = random.pick(Self.given), h = random.pick(Self.given), two = random.chance(0.6)
            name = s.0 + g.0 + (two ? h.0 : "")
            pinyin = s.1 + " " + g.1 + (two ? " " + h.1 : "")
            variantName = s.0 + random.pick(Self.given).0 + (two ? h.0 : "")
        }
        hardship = has(1) ? 1 : random.below(Self.hardships.count)
        monitored = random.chance(0.3)
        assistance = random.below(Self.assistance.count)
        startMonth = "\(2016 + random.below(9))-\(Self.pad(1 + random.below(12), 2))"
        review = random.chance(0.03)

        var enrolled = has(3) ? false : has(0) || has(4) ? true : random.chance(0.88)
        let aided = has(0) ? 0 : has(2) ? 2 : has(1) ? 1 : random.chance(0.45) ? 1 : 0
        var rural = has(3) || has(4) ? true : random.chance(0.45)
        var civil = !has(1) && random.chance(0.3)
        if has(0) && !rural && !civil { if random.chance(0.6) { rural = true } else { civil = true } }
        if has(5) && (enrolled ? 1 : 0) + aided + (rural ? 1 : 0) + (civil ? 1 : 0) < 2 { if !rural { rural = true } else { civil = true } }
        if !enrolled && aided == 0 && !rural && !civil { enrolled = true }
        if has(3) || has(4) || !enrolled { schooling = "非在校生" }
        roles = (enrolled ? [.enrollment] : []) + Array(repeating: .aid, count: aided) + (rural ? [.rural] : []) + (civil ? [.civil] : [])

        let (c, t) = (county, township)
        sheets = roles.map { role in
            switch role {
            case .enrollment: layout.enrollment[c][random.chance(0.1) ? 1 : 0]
            case .aid: layout.aid[c][random.chance(0.7) ? 0 : layout.aid[c].count - 1]
            case .rural: layout.rural[c][t]
            case .civil: layout.civil[c]
            }
        }
        if has(6) {
            broken = roles.firstIndex(of: .aid) ?? roles.count - 1
            problem = random.below(Self.problems.count)
        } else if has(5) {
            if random.chance(0.5) { broken = roles.count - 1; problem = 1 } else { renamed = roles.count - 1 }
        }
    }

    /// The ID number a row shows: the person's own, or its broken form.
    func shownID(_ slot: Int) -> String {
        guard slot == broken else { return idNumber }
        let digits = Array(idNumber.utf8)
        switch problem {
        case 0: return String(decoding: digits[0..<1], as: UTF8.self) + "." + String(decoding: digits[1..<15], as: UTF8.self) + "E+17"
        case 1: return String(idNumber.prefix(15)) + "000"
        default: return String(idNumber.prefix(17)) + (idNumber.hasSuffix("0") ? "1" : "0")
        }
    }

    static func idNumber(_ division: String, _ year: Int, _ month: Int, _ day: Int, _ sequence: Int) -> String {
        let body = division + "\(year)" + pad(month, 2) + pad(day, 2) + pad(sequence, 3)
        return body + String(IDNumberChecksum.checkCharacter(for: body) ?? "0")
    }

    /// Sixteen hexadecimal digits, zeros in front.
    static func padHex(_ digits: String) -> String { String(repeating: "0", count: max(0, 16 - digits.count)) + digits }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// Writes a generated store's tables: the persons and their rows (ids in file, sheet and row order, as
/// normalize numbers them), the findings in the reconcile stage's order (category, county, person) with
/// their source rows, the pairs to review, the per-sheet accounting and the four earlier stages' runs.
struct ReportBenchmarkPopulation {
    let findings: Int
    let persons: Int
    let layout = ReportBenchmarkLayout()

    init(findings: Int) {
        self.findings = findings
        persons = max(findings, 16)
    }

    /// Each category's share of the findings, in `FindingCategory.allCases` order; the last takes the rest.
    static let shares = [0.25, 0.22, 0.06, 0.06, 0.06, 0.15, 0.20]
    static let recordColumns = [
        "id", "sheet_id", "row", "id_valid", "role", "name", "name_key", "name_pinyin", "name_readings", "id_number", "id_problem",
        "birth_date", "sex", "county", "township", "village", "household_id", "relation", "school_code", "school_name", "student_number",
        "guardian_id", "head_id", "school_year", "term", "programme", "amount", "hardship_type", "household_type", "monitoring_category",
        "risk_eliminated", "schooling_status", "assistance_type", "assistance_status", "start_month", "end_month", "enrollment_status", "flags",
    ]

    func write(_ db: Database) throws {
        let (plans, planned) = plan()
        // Each person's rows, in person order; the persons table.
        var recordPerson: [Int32] = [], recordSheet: [Int32] = [], personStart: [Int32] = [], personCounty: [UInt8] = []
        let insertPerson = try db.makeStatement(sql: "INSERT INTO persons (id, name, id_number, records, review) VALUES (?, ?, ?, ?, ?)")
        for i in 0..<persons {
            let p = ReportBenchmarkPerson(i, plan: plans[i], layout: layout)
            personStart.append(Int32(recordPerson.count))
            personCounty.append(UInt8(p.county))
            for sheet in p.sheets {
                recordPerson.append(Int32(i))
                recordSheet.append(Int32(sheet))
            }
            try insertPerson.execute(arguments: [Self.personID(i), p.name, p.idNumber, p.roles.count, p.review ? 1 : 0])
        }
        personStart.append(Int32(recordPerson.count))

        // Ids and row numbers in sheet order.
        var perSheet = [Int](repeating: 0, count: layout.sheets.count)
        for s in recordSheet { perSheet[Int(s)] += 1 }
        var next = perSheet, firstID = 1
        for (s, count) in perSheet.enumerated() {
            next[s] = firstID
            firstID += count
        }
        let sheetFirstID = next
        var recordID = [Int32](repeating: 0, count: recordPerson.count), byID = recordID
        for k in recordPerson.indices {
            let s = Int(recordSheet[k])
            recordID[k] = Int32(next[s])
            byID[next[s] - 1] = Int32(k)
            next[s] += 1
        }
        func row(_ k: Int) -> Int {
            let s = Int(recordSheet[k])
            return layout.sheets[s].firstRow + Int(recordID[k]) - sheetFirstID[s]
        }

        // The rows, and which person each belongs to.
        let insertRecord = try db.makeStatement(sql: "INSERT INTO person_records (\(Self.recordColumns.joined(separator: ", "))) VALUES ("
                                                + Array(repeating: "?", count: Self.recordColumns.count).joined(separator: ", ") + ")")
        let insertLink = try db.makeStatement(sql: "INSERT INTO record_persons (record_id, person_id, match_score) VALUES (?, ?, ?)")
        var flags = [[String: Int]](repeating: [:], count: layout.sheets.count)
        var cached: (index: Int, person: ReportBenchmarkPerson)?
        for k in byID.map(Int.init) {
            let i = Int(recordPerson[k]), slot = k - Int(personStart[i]), s = Int(recordSheet[k])
            let p = cached.flatMap { $0.index == i ? $0.person : nil } ?? ReportBenchmarkPerson(i, plan: plans[i], layout: layout)
            cached = (i, p)
            let values = record(p, slot: slot, id: Int(recordID[k]), sheet: layout.sheets[s].id, row: row(k))
            try insertRecord.execute(arguments: StatementArguments(values))
            if slot == p.broken {
                for flag in ["id:\(ReportBenchmarkPerson.problems[p.problem].0)"] + (p.problem == 0 ? ["id_flag:numeric_cell"] : []) {
                    flags[s][flag, default: 0] += 1
                }
            }
            let score: Double? = p.roles.count == 1 ? nil : 18 + Double(Self.mix(UInt64(k)) % 1200) / 100
            try insertLink.execute(arguments: [recordID[k], Self.personID(i), score])
        }

        // The findings, category by category, each ordered by county and person.
        let insertFinding = try db.makeStatement(sql: """
            INSERT INTO findings (seq, category, severity, person_id, name, id_number, county, detail, evidence, review, contract)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertSource = try db.makeStatement(sql: "INSERT INTO finding_sources (finding, position, record_id, role, file, sheet, row) VALUES (?, ?, ?, ?, ?, ?, ?)")
        var seq = 0
        for (c, category) in FindingCategory.allCases.enumerated() {
            let ordered = planned[c].sorted { (personCounty[Int($0)], Self.mix(UInt64($0))) < (personCounty[Int($1)], Self.mix(UInt64($1))) }
            for index in ordered {
                let i = Int(index)
                let p = ReportBenchmarkPerson(i, plan: plans[i], layout: layout)
                let slots = sourceSlots(c, p)
                let records = slots.map { Int(personStart[i]) + $0 }
                let sheets = records.map { layout.sheets[Int(recordSheet[$0])] }
                let places = zip(records, sheets).map { k, sheet in "\(sheet.path)\(sheet.name.map { " \($0)" } ?? "") 第\(row(k))行" }
                let evidence = (0..<max(slots.count - 1, 0)).map { n in
                    "\(places[n]) ↔ \(places[n + 1])\(p.review ? "（待核实）" : "")：" + linkEvidence(p, slots[n], slots[n + 1], category: c)
                }.joined(separator: "\n")
                let detail = self.detail(c, p)
                seq += 1
                let sources = zip(records, sheets).map { k, sheet in
                    "{\"role\":\"\(sheet.role.rawValue)\",\"file\":\(Self.json(sheet.path)),\"sheet\":\(sheet.name.map(Self.json) ?? "null"),\"row\":\(row(k))}"
                }
                let contract = "{\"schema\":1,\"category\":\"\(category.rawValue)\",\"severity\":\"\(category.severity)\",\"person_id\":\"\(Self.personID(i))\","
                    + "\"name\":\(Self.json(p.name)),\"id_number\":\"\(p.idNumber)\",\"detail\":\(Self.json(detail)),\"review\":\(p.review),"
                    + "\"sources\":[\(sources.joined(separator: ","))]}"
                try insertFinding.execute(arguments: [seq, category.rawValue, category.severity, Self.personID(i), p.name, p.idNumber, p.countyName,
                                                      detail, evidence, p.review ? 1 : 0, contract])
                for (position, (k, sheet)) in zip(records, sheets).enumerated() {
                    try insertSource.execute(arguments: [seq, position, recordID[k], sheet.role.rawValue, sheet.path, sheet.name, row(k)])
                }
            }
            try db.execute(sql: "INSERT INTO reconcile_rules (category, state, note, findings) VALUES (?, 'applied', NULL, ?)",
                           arguments: [category.rawValue, planned[c].count])
        }

        try writePairs(db, records: recordID, persons: recordPerson)
        try writeAccounting(db, perSheet: perSheet, flags: flags)
        try writeStageRuns(db, records: recordPerson.count, planned: planned)
    }

    /// Which persons get a finding of which category (bit c of a plan is category c), never two that
    /// contradict each other (应助未助 needs 学籍 and no 资助; 疑似失学辍学 needs no 学籍).
    private func plan() -> (plans: [UInt8], planned: [[Int32]]) {
        var random = SeededRandom(seed: 0xB1D_7E57)
        var plans = [UInt8](repeating: 0, count: persons), planned: [[Int32]] = []
        var assigned = 0
        for c in 0..<7 {
            let count = c == 6 ? findings - assigned : Int(Double(findings) * Self.shares[c])
            assigned += count
            var chosen: [Int32] = []
            chosen.reserveCapacity(count)
            while chosen.count < count {
                let p = random.below(persons)
                let conflicts: UInt8 = switch c {
                case 0: 1 << 1 | 1 << 2 | 1 << 3
                case 1, 2: 1 << 0
                case 3: 1 << 0 | 1 << 4
                case 4: 1 << 3
                default: 0
                }
                guard plans[p] & (1 << c | conflicts) == 0 else { continue }
                plans[p] |= 1 << c
                chosen.append(Int32(p))
            }
            planned.append(chosen)
        }
        return (plans, planned)
    }

    /// The person's rows a finding of category `c` cites, as slots in the person's row list.
    private func sourceSlots(_ c: Int, _ p: ReportBenchmarkPerson) -> [Int] {
        let enrollment = p.roles.firstIndex(of: .enrollment) ?? 0, aid = p.roles.firstIndex(of: .aid) ?? 0
        let rural = p.roles.firstIndex(of: .rural) ?? p.roles.count - 1
        switch c {
        case 0: return [enrollment, p.roles.firstIndex { $0 == .rural || $0 == .civil } ?? p.roles.count - 1]
        case 1: return [aid]
        case 2: return [aid, aid + 1]
        case 3: return [rural]
        case 4: return [enrollment, rural]
        case 5: return Array(0..<min(4, p.roles.count))
        default: return [p.broken ?? 0]
        }
    }

    /// 说明, worded as the reconcile stage words it.
    private func detail(_ c: Int, _ p: ReportBenchmarkPerson) -> String {
        let term = "2025-2026学年秋季学期"
        switch c {
        case 0: return "\(p.eligibility)，\(term)在读（\(p.school(p.township))），无资助记录"
        case 1: return "困难类型为“\(ReportBenchmarkPerson.hardships[p.hardship])”，但2025-10-31不在民政在保名单中（该部门名单中无此人）"
        case 2: return "“\(p.programme.name)”在\(term)有2条发放记录（\(p.school(p.township))、\(p.school(p.otherTownship))）"
        case 3: return "义务教育年龄（2025-08-31时\(p.age)岁），\(p.eligibility)，\(term)未见在读学籍"
        case 4: return "乡村振兴记为“非在校生”，但学籍显示\(term)在读（\(p.school(p.township))）"
        case 5: return p.renamed != nil ? "同一人的\(p.roles.count)行记录中姓名有2种写法（\(p.name)／\(p.variantName)）"
                                        : "同一人的\(p.roles.count)行记录中身份证号有2种写法（其中1种无效）"
        default: return "证件号码无效：" + ReportBenchmarkPerson.problems[p.problem].1
        }
    }

    /// 匹配依据 of the link between two of the person's rows.
    private func linkEvidence(_ p: ReportBenchmarkPerson, _ a: Int, _ b: Int, category: Int) -> String {
        var parts = [a == p.broken || b == p.broken ? "身份证号前15位相同（后三位被Excel截为000） +8.7" : "身份证号相同 +9.1"]
        parts.append(a == p.renamed || b == p.renamed ? "姓名相近 +3.4" : "姓名相同 +\(["6.3", "6.8", "7.1", "7.5", "8.1"][p.name.utf8.count % 5])")
        if category == 2 { parts.append("学校不同 -3.9") }
        parts.append("区县相同 +2.1")
        if p.roles[a] != .aid && p.roles[b] != .aid { parts.append("性别相同 +1.0") }
        return parts.joined(separator: ", ")
    }

    /// A person_records row in `recordColumns` order, with the columns the row's department has.
    private func record(_ p: ReportBenchmarkPerson, slot: Int, id: Int, sheet: Int64, row: Int) -> [(any DatabaseValueConvertible)?] {
        let role = p.roles[slot], broken = slot == p.broken
        let (enrollment, aid, rural, civil) = (role == .enrollment, role == .aid, role == .rural, role == .civil)
        let name = slot == p.renamed ? p.variantName : p.name
        let school = p.school(aid && slot > 0 && p.roles[slot - 1] == .aid ? p.otherTownship : p.township)
        return [
            id, sheet, row, broken ? 0 : 1, role.rawValue, name, name.replacingOccurrences(of: "·", with: ""), p.pinyin, p.pinyin,
            p.shownID(slot), broken ? ReportBenchmarkPerson.problems[p.problem].0 : nil,
            broken || aid ? nil : p.birthDate, aid ? nil : p.sex, p.countyName,
            rural ? ReportBenchmarkLayout.counties[p.county].townships[p.township] : nil, rural ? p.village : nil, rural ? p.household : nil,
            rural || civil ? (p.age < 16 ? "子女" : "孙子女") : nil, enrollment ? p.schoolCode : nil, enrollment || aid ? school : nil,
            enrollment ? "G" + p.idNumber : nil, enrollment ? p.guardianID : nil, rural || civil ? p.guardianID : nil,
            aid ? "2025-2026" : nil, aid ? "秋季学期" : nil, aid ? p.programme.name : nil, aid ? p.programme.amount : nil,
            aid ? ReportBenchmarkPerson.hardships[p.hardship] : nil,
            rural ? (p.monitored ? "监测户" : "脱贫户") : nil, rural && p.monitored ? "边缘易致贫户" : nil, rural ? "否" : nil, rural ? p.schooling : nil,
            civil ? ReportBenchmarkPerson.assistance[p.assistance] : nil, civil ? "在保" : nil, civil ? p.startMonth : nil, nil,
            enrollment ? "在读" : nil,
            broken ? "id:\(ReportBenchmarkPerson.problems[p.problem].0)" + (p.problem == 0 ? " id_flag:numeric_cell" : "") : nil,
        ]
    }

    /// Review-band links (one pair in 50 findings), pairs left apart as ambiguous (1 in 200) or refused (1 in 100).
    private func writePairs(_ db: Database, records: [Int32], persons: [Int32]) throws {
        var random = SeededRandom(seed: 0xA1B_9A15)
        var seen = Set<Int64>()
        for (table, count) in [("review_pairs", findings / 50), ("ambiguous_pairs", findings / 200), ("refused_links", findings / 100)] {
            let insert = try db.makeStatement(sql: "INSERT INTO \(table) (a, b, weight, levels, evidence) VALUES (?, ?, ?, ?, ?)")
            var written = 0
            while written < count && records.count > 1 {
                let x = random.below(records.count), y = random.below(records.count)
                guard persons[x] != persons[y] else { continue }
                let (a, b) = (Int64(min(records[x], records[y])), Int64(max(records[x], records[y])))
                guard seen.insert(a << 32 | b).inserted else { continue }
                let name = 6.3 + Double(random.below(20)) / 10
                try insert.execute(arguments: [a, b, name + 2.1, #"{"county":"equal","name":"equal"}"#,
                                               "姓名相同 +\(String(format: "%.1f", name)), 区县相同 +2.1"])
                written += 1
            }
        }
    }

    /// source_files, source_sheets (rows read, accepted, skipped) and normalize_flags.
    private func writeAccounting(_ db: Database, perSheet: [Int], flags: [[String: Int]]) throws {
        let insertFile = try db.makeStatement(sql: """
            INSERT INTO source_files (id, role, path, format, encoding, size, sha256, status, message) VALUES (?, ?, ?, ?, ?, ?, ?, 'read', NULL)
            """)
        for file in layout.files {
            let rows = zip(layout.sheets, perSheet).filter { $0.0.file == file.id }.reduce(0) { $0 + $1.1 }
            try insertFile.execute(arguments: [file.id, file.role.rawValue, file.path, file.format, file.encoding, 2_048 + rows * 140, Self.digest(file.id)])
        }
        let insertSheet = try db.makeStatement(sql: """
            INSERT INTO source_sheets (id, file_id, sheet, status, reason, header_row, header_rows, headers, fields, rows_read, accepted, skipped, rejected)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertFlag = try db.makeStatement(sql: "INSERT INTO normalize_flags (sheet_id, flag, count) VALUES (?, ?, ?)")
        for (s, sheet) in layout.sheets.enumerated() {
            guard sheet.reason == nil else {
                try insertSheet.execute(arguments: [sheet.id, sheet.file, sheet.name, "skipped", sheet.reason, nil, nil, nil, nil, 0, 0, 0, 0])
                continue
            }
            let columns = ReportBenchmarkLayout.headers[sheet.role] ?? ([], [])
            let rejected = s == layout.civil[2] ? 1 : 0
            try insertSheet.execute(arguments: [
                sheet.id, sheet.file, sheet.name, "read", nil, sheet.headerRow, sheet.headerRows, Self.jsonArray(columns.headers), Self.jsonArray(columns.fields),
                perSheet[s] + sheet.skipped + rejected, perSheet[s], sheet.skipped, rejected,
            ])
            for (flag, count) in flags[s].sorted(by: { $0.key < $1.key }) { try insertFlag.execute(arguments: [sheet.id, flag, count]) }
        }
    }

    /// Fresh runs of ingest, normalize, match and reconcile: what the report stage requires.
    private func writeStageRuns(_ db: Database, records: Int, planned: [[Int32]]) throws {
        let insert = try db.makeStatement(sql: """
            INSERT INTO stage_runs (stage, stamp, started_at, finished_at, duration_seconds, rows_in, rows_out, config_digest, upstream_stamp,
                                    program_version, stale_reason, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
            """)
        let counts = zip(FindingCategory.allCases, planned).map { "\"\($0.rawValue)\":\"\($1.count)\"" }.joined(separator: ",")
        let runs: [(StageName, Int, Int, Double, String?)] = [
            (.ingest, records + records / 20, records, Double(records) / 400_000, nil),
            (.normalize, records, records, Double(records) / 900_000, nil),
            (.match, records, persons, Double(records) / 150_000, "{\"persons\":\(persons),\"records\":\(records),\"review_pairs\":\(findings / 50)}"),
            (.reconcile, records, findings, Double(records) / 500_000, "{\(counts)}"),
        ]
        for (n, (stage, rowsIn, rowsOut, seconds, summary)) in runs.enumerated() {
            try insert.execute(arguments: [
                stage.rawValue, "5eed0000-0000-4000-8000-00000000000\(n + 1)", "2026-11-30T04:3\(n * 2):00Z", "2026-11-30T04:3\(n * 2 + 1):00Z",
                seconds, rowsIn, rowsOut, Self.digest(1_000 + n),
                n == 0 ? nil : "5eed0000-0000-4000-8000-00000000000\(n)", BiduiVersion.current, summary,
            ])
        }
    }

    /// SplitMix64's finaliser: a fixed scramble of an integer.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 64 hexadecimal digits that look like a SHA-256.
    static func digest(_ seed: Int) -> String {
        (0..<4).map { ReportBenchmarkPerson.padHex(String(mix(UInt64(seed * 4 + $0)), radix: 16)) }.joined()
    }

    /// `P` and 16 hexadecimal digits, like the match stage's keyed person ids.
    static func personID(_ index: Int) -> String { "P" + ReportBenchmarkPerson.padHex(String(mix(UInt64(index)), radix: 16)) }

    static func json(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) else { return "\"\(text)\"" }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    static func jsonArray(_ values: [String]) -> String { "[" + values.map(json).joined(separator: ",") + "]" }
}
