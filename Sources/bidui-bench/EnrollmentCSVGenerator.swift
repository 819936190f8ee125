import Foundation

/// Writes an enrollment export of the shape real 学籍 exports have, with valid ID numbers, fast.
enum EnrollmentCSVGenerator {
    static let header = "学校标识码,学校名称,年级,班级,姓名,性别,出生日期,民族,身份证件号,全国学籍号,学籍状态,监护人,监护人身份证号,县(市、区)\n"
    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "欧阳"]
    static let given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "子涵", "浩然", "欣怡", "梓萱", "宇轩"]
    static let schools = ["江岸区实验小学", "蕲春县第一中学", "蕲春县漕河镇中心小学", "江岸区育才初级中学", "蕲春县职业技术学校"]
    static let grades = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级"]

    static func write(rows: Int, to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var out = [UInt8]([0xEF, 0xBB, 0xBF]) + Array(header.utf8)
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % 1_000_000_007)
        }
        for i in 0..<rows {
            let year = 2008 + next() % 12, month = 1 + next() % 12, day = 1 + next() % 28
            let sequence = next() % 1000
            let id = idNumber(division: "421126", year: year, month: month, day: day, sequence: sequence)
            let name = surnames[next() % surnames.count] + given[next() % given.count]
            let guardian = surnames[next() % surnames.count] + given[next() % given.count]
            let guardianID = idNumber(division: "421126", year: 1975 + next() % 15, month: 1 + next() % 12, day: 1 + next() % 28, sequence: next() % 1000)
            let line = "\(4_211_000_000 + i % 500),\(schools[i % schools.count]),\(grades[next() % grades.count]),\(1 + next() % 8)班,\(name),\(sequence % 2 == 1 ? "男" : "女"),\(year)-\(month)-\(day),汉族,\(id),G\(id),在读,\(guardian),\(guardianID),蕲春县\n"
            out.append(contentsOf: line.utf8)
            if out.count > 1 << 20 {
                try handle.write(contentsOf: out)
                out.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: out)
    }

    /// An 18-character ID number with the GB 11643 check character.
    static func idNumber(division: String, year: Int, month: Int, day: Int, sequence: Int) -> String {
        let body = division + String(format: "%04d%02d%02d%03d", year, month, day, sequence)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.utf8, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
        let check = Array("10X98765432")[sum % 11]
        return body + String(check)
    }
}
