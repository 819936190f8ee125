import BiduiCore

extension SummaryPage {
    /// 核实结果: per category, the new (undecided) findings apart from those an officer decided, and
    /// the dropouts a 不属实-异地就读 decision kept off the list. Left out when no decision is held,
    /// so a run without decisions reads as before.
    static func caseDecisionSection(_ s: ReportSummary) -> String {
        let d = s.caseDecisions
        guard d.decided + d.keptOffDropoutList + d.fromFiles + d.carried > 0 else { return "" }
        var rows = ""
        var totals = (0, 0, 0, 0)
        for c in d.categories {
            rows += "<tr><td>\(escape(c.name))</td>" + [c.undecided, c.decided, c.confirmed, c.rejected].map { "<td class=\"num\">\(grouped($0))</td>" }.joined()
                + "</tr>\n"
            totals = (totals.0 + c.undecided, totals.1 + c.decided, totals.2 + c.confirmed, totals.3 + c.rejected)
        }
        rows += "<tr class=\"total\"><td>合计</td>" + [totals.0, totals.1, totals.2, totals.3].map { "<td class=\"num\">\(grouped($0))</td>" }.joined()
            + "</tr>\n"
        rows += "<tr><td>经核实异地就读、未列入疑似失学辍学</td><td class=\"num\">\(grouped(d.keptOffDropoutList))</td><td></td><td></td><td></td></tr>\n"
        return """
            <section class="keep"><h2>核实结果</h2>
            <p class="note">本次使用核实结果 \(grouped(d.fromFiles + d.carried)) 条（本学期填报 \(grouped(d.fromFiles)) 条，沿用上一学期 \(grouped(d.carried)) 条）。\
            未核实的发现列在 discrepancies.xlsx 的各类工作表中，已核实的列在「\(CaseDecisionColumns.decidedSheetName)」工作表。</p>
            <table><thead><tr><th>类别</th><th class="num">未核实（新）</th><th class="num">已核实</th><th class="num">其中属实</th><th class="num">其中不属实</th></tr></thead><tbody>
            \(rows)</tbody></table></section>

            """
    }
}
