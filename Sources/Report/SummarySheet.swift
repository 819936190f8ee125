import BiduiCore
import Writers

/// The 汇总 sheet: findings by category and county with totals, the rules that ran (and any that could
/// not, with the reason), and the accounting of every input file and sheet.
enum SummarySheet {
    static let name = "汇总"

    static func write(_ summary: ReportSummary, to writer: XLSXWriter) throws {
        let categories = summary.categories
        let width = max(categories.count + 2, 11)
        try writer.beginSheet(name, options: .init(columnWidths: [34, 12] + Array(repeating: 12, count: width - 2)))
        try writer.writeRow([.text("教育资助数据比对汇总：\(summary.pipeline)")], style: .title)
        writer.mergeCells("A1:\(SpreadsheetColumn.letters(width - 1))1")
        try writer.writeRow([.text("\(summary.term.schoolYear)学年 \(summary.term.term)，基准日 \(summary.term.referenceDate)；生成于 \(summary.generatedAt)，bidui \(summary.versions.bidui)"
                                   + (summary.masked ? "；已脱敏" : ""))])
        try writer.writeRow([])

        // Category × county.
        try writer.writeRow([.text("按区县统计的比对发现（条）")], style: .title)
        try writer.writeRow([.text("区县")] + categories.map { .text($0.name) } + [.text("合计")], style: .header)
        for county in summary.counties {
            try writer.writeRow([.text(county.county)] + categories.map { .number(String(county.findings[$0.code] ?? 0)) } + [.number(String(county.total))])
        }
        try writer.writeRow([.text("合计")] + categories.map { .number(String($0.findings)) } + [.number(String(summary.totals.findings))],
                            style: .header)
        try writer.writeRow([])

        // Rules.
        try writer.writeRow([.text("比对规则")], style: .title)
        try writer.writeRow(["类别", "代码", "严重程度", "执行情况", "发现（条）", "其中待核实", "说明"].map { .text($0) }, style: .header)
        for c in categories {
            try writer.writeRow([.text(c.name), .text(c.code), .text(WorkListColumns.severityName(c.severity)), .text(stateName(c.state)),
                                 .number(String(c.findings)), .number(String(c.reviewFindings)), c.note.map { .text($0) } ?? .empty])
        }
        try writer.writeRow([.text("待人工核实的记录对"), .number(String(summary.review.total)),
                             .text("见「待人工核实」工作表：填写「是否同一人」（是/否）后在配置中 match.review_decisions 指定该文件，重新运行 bidui match")])
        try writer.writeRow([])
        try writeCaseDecisions(summary, to: writer)

        // Input accounting.
        try writer.writeRow([.text("输入文件核对（每一行都有去向：接受、跳过或拒绝）")], style: .title)
        try writer.writeRow(["文件", "来源", "工作表", "格式", "编码", "状态", "读取行数", "接受", "跳过", "拒绝", "说明"].map { .text($0) },
                            style: .header)
        for file in summary.files {
            let fileCells: [SpreadsheetCell] = [.text(file.path), .text(roleName(file.role))]
            if file.sheets.isEmpty {
                try writer.writeRow(fileCells + [.empty, text(file.format), text(file.encoding), .text(statusName(file.status)),
                                                 .number("0"), .number("0"), .number("0"), .number(String(file.rejected)), text(file.message)])
            }
            for sheet in file.sheets {
                try writer.writeRow(fileCells + [
                    .text(sheet.sheet ?? "-"), text(file.format), text(file.encoding), .text(statusName(sheet.status == "read" ? file.status : sheet.status)),
                    .number(String(sheet.rowsRead)), .number(String(sheet.accepted)), .number(String(sheet.skipped)), .number(String(sheet.rejected)),
                    text(sheet.reason ?? file.message),
                ])
            }
        }
        let t = summary.totals
        try writer.writeRow([.text("合计"), .empty, .empty, .empty, .empty, .text(t.filesFailed > 0 ? "\(t.filesFailed)个文件未能读取" : ""),
                             .number(String(t.rowsRead)), .number(String(t.rowsAccepted)), .number(String(t.rowsSkipped)), .number(String(t.rowsRejected))],
                            style: .header)
    }

    private static func text(_ value: String?) -> SpreadsheetCell { value.map { .text($0) } ?? .empty }

    /// New (undecided) findings apart from decided ones, per category, and how to record decisions.
    private static func writeCaseDecisions(_ summary: ReportSummary, to writer: XLSXWriter) throws {
        let d = summary.caseDecisions
        try writer.writeRow([.text("核实结果（新发现与已核实分开统计）")], style: .title)
        try writer.writeRow(["类别", "未核实（新）", "已核实", "其中属实", "其中不属实"].map { .text($0) }, style: .header)
        for c in d.categories {
            try writer.writeRow([.text(c.name)] + [c.undecided, c.decided, c.confirmed, c.rejected].map { .number(String($0)) })
        }
        let totals = [d.undecided, d.decided, d.categories.reduce(0) { $0 + $1.confirmed }, d.categories.reduce(0) { $0 + $1.rejected }]
        try writer.writeRow([.text("合计")] + totals.map { .number(String($0)) }, style: .header)
        try writer.writeRow([.text("经核实异地就读、未列入疑似失学辍学的人数"), .number(String(d.keptOffDropoutList))])
        try writer.writeRow([.text("本次使用的核实结果"), .number(String(d.fromFiles + d.carried)),
                             .text("其中本学期填报 \(d.fromFiles) 条，沿用上一学期 \(d.carried) 条")])
        try writer.writeRow([.text("填写方法"), .empty,
                             .text("在各类工作表或 discrepancies.csv 中填写「核实结果」（属实/不属实）；不属实须填「核实原因」（\(CaseDecisionColumns.reasons.joined(separator: "/"))），"
                                   + "可填「核实说明」「核实日期」。保存后在配置中 reconciliation.case_decisions 指定该文件，重新运行 bidui reconcile 和 bidui report。"
                                   + "已核实的发现列在「\(CaseDecisionColumns.decidedSheetName)」工作表。")])
        try writer.writeRow([])
    }

    static func stateName(_ state: String) -> String {
        switch state {
        case "applied": "已执行"
        case "partial": "部分执行"
        case "skipped": "未执行"
        default: state
        }
    }

    static func statusName(_ status: String) -> String {
        switch status {
        case "read": "已读取"
        case "failed": "读取失败"
        case "missing": "未找到文件"
        case "skipped": "已跳过"
        case "reading": "读取中断"
        default: status
        }
    }

    static func roleName(_ role: String) -> String {
        switch role {
        case "enrollment": "学籍"
        case "aid": "学生资助"
        case "rural": "乡村振兴"
        case "civil": "民政"
        default: role
        }
    }
}
