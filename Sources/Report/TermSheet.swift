import BiduiCore
import Writers

/// The 动态监测 sheet and summary numbers: this term's findings against the previous term's run,
/// each marked 新增 (new), 持续 (persisting) or 已解决 (resolved: last term's, gone now).
enum TermSheet {
    static let name = "动态监测"
    static let headers = ["序号", "本期状态", "类别", "人员编号", "姓名", "区县", "首个来源行", "说明"]
    static let widths: [Double] = [7, 10, 16, 20, 10, 10, 48, 60]

    static func counts(_ comparison: TermComparison) -> ReportSummary.TermCounts {
        let counts = comparison.counts
        return .init(previousRun: comparison.previousRun, categories: FindingCategory.allCases.map { c in
            let n = counts[c] ?? (0, 0, 0)
            return .init(code: c.rawValue, new: n.new, persisting: n.persisting, resolved: n.resolved)
        })
    }

    static func write(_ comparison: TermComparison, to writer: XLSXWriter, mask: Bool) throws {
        let sheet = try PagedSheet(writer, name: name, headers: headers, widths: widths)
        for (status, list) in [(TermComparison.Status.new, comparison.new), (.persisting, comparison.persisting), (.resolved, comparison.resolved)] {
            for entry in list {
                let name = mask ? entry.name.map(PersonalDataMask.mask(name:)) : entry.name
                try sheet.add([
                    .number(String(sheet.rows + 1)), .text(status.rawValue), .text(entry.key.category.chineseName), .text(entry.key.personID),
                    name.map { .text($0) } ?? .empty, entry.county.map { .text($0) } ?? .empty, .text(entry.firstRow),
                    .text(PersonalDataMask.maskIDNumbers(in: entry.detail)),
                ])
            }
        }
        sheet.finish()
    }
}
