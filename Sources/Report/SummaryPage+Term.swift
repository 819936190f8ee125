import BiduiCore

extension SummaryPage {
    /// 动态监测: per category, findings new this term, persisting since last term, and resolved.
    static func termSection(_ s: ReportSummary) -> String {
        guard let term = s.termComparison else { return "" }
        var rows = ""
        var totals = (0, 0, 0)
        for c in term.categories {
            let name = FindingCategory(rawValue: c.code)?.chineseName ?? c.code
            rows += "<tr><td>\(escape(name))</td><td class=\"num\">\(grouped(c.new))</td><td class=\"num\">\(grouped(c.persisting))</td>"
                + "<td class=\"num\">\(grouped(c.resolved))</td></tr>\n"
            totals = (totals.0 + c.new, totals.1 + c.persisting, totals.2 + c.resolved)
        }
        rows += "<tr class=\"total\"><td>合计</td><td class=\"num\">\(grouped(totals.0))</td><td class=\"num\">\(grouped(totals.1))</td>"
            + "<td class=\"num\">\(grouped(totals.2))</td></tr>\n"
        return """
            <section class="keep"><h2>动态监测（与上期比较）</h2>
            <p class="note">上期运行：\(escape(term.previousRun))。按人员编号和类别（逐行类别另按来源行）比对：新增为本期新出现，持续为上期已有、本期仍在，已解决为上期有、本期已无。明细见 discrepancies.xlsx 的「动态监测」工作表。</p>
            <table><thead><tr><th>类别</th><th class="num">新增</th><th class="num">持续</th><th class="num">已解决</th></tr></thead><tbody>
            \(rows)</tbody></table></section>

            """
    }
}
