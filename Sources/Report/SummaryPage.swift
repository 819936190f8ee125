import BiduiCore
import Foundation

/// summary.html: one self-contained page an officer opens in a browser or prints on A4.
///
/// The page is passed around (by e-mail, on paper), so it carries no script, loads nothing from
/// the network, shows ID numbers only masked, and says plainly which rules were not applied: a
/// count of zero from a skipped rule must not read as "nothing wrong".
package enum SummaryPage {
    package static func html(_ summary: ReportSummary, configurationText: String) -> String {
        var page = head(summary)
        page += header(summary)
        page += headline(summary)
        page += categorySection(summary)
        page += countySection(summary)
        page += termSection(summary)
        page += caseDecisionSection(summary)
        page += inputSection(summary)
        page += qualitySection(summary)
        page += placesSection(summary)
        page += examplesSection(summary)
        page += reviewSection(summary)
        page += stagesSection(summary)
        page += configurationSection(summary, configurationText)
        page += "</main>\n</body>\n</html>\n"
        // The caller masks what it puts in the summary; this catches what slipped through, such
        // as a number typed into a comment of the configuration.
        return PersonalDataMask.maskIDNumbers(in: page)
    }

    // MARK: - Sections

    private static func head(_ s: ReportSummary) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>教育资助数据比对报告 — \(escape(s.pipeline))</title>
        <style>\(style)</style>
        </head>
        <body>
        <main>

        """
    }

    private static func header(_ s: ReportSummary) -> String {
        var html = "<header><h1>教育资助数据比对报告 — \(escape(s.pipeline))</h1>\n"
        html += "<p class=\"meta\">\(escape(s.term.schoolYear)) 学年 · \(escape(s.term.term)) · 基准日 \(escape(s.term.referenceDate))<br>"
        html += "生成时间 \(escape(s.generatedAt))（UTC） · bidui \(escape(s.versions.bidui)) · SQLite \(escape(s.versions.sqlite))"
        html += " · 数据接口版本 \(s.versions.contractSchema)</p>\n"
        if s.masked {
            html += "<p class=\"banner\">本报告已脱敏：证件号码和姓名已部分隐去。</p>\n"
        }
        return html + "</header>\n"
    }

    private static func headline(_ s: ReportSummary) -> String {
        let t = s.totals
        let cards: [(String, Int, Bool)] = [
            ("发现总数", t.findings, false), ("待核实发现", t.reviewFindings, false), ("人数", t.persons, false),
            ("记录数", t.records, false), ("读取行数", t.rowsRead, false), ("接受行数", t.rowsAccepted, false),
            ("跳过行数", t.rowsSkipped, false), ("拒绝行数", t.rowsRejected, t.rowsRejected > 0),
            ("读取失败文件", t.filesFailed, t.filesFailed > 0),
        ]
        let items = cards.map { name, value, alert in
            "<div class=\"card\(alert ? " alert" : "")\"><div class=\"n\">\(grouped(value))</div><div>\(name)</div></div>"
        }
        return "<section class=\"keep\"><h2>总览</h2>\n<div class=\"cards\">\(items.joined())</div></section>\n"
    }

    private static func categorySection(_ s: ReportSummary) -> String {
        var html = "<section><h2>各类发现</h2>\n"
        let notApplied = s.categories.filter { $0.state != "applied" }
        if !notApplied.isEmpty {
            let lines = notApplied.map { c in
                "<li><strong>\(escape(c.name))</strong>（\(stateName(c.state))）\(c.note.map { "：" + escape($0) } ?? "")</li>"
            }
            html += "<div class=\"callout\"><strong>⚠ 注意：以下规则未执行或只部分执行，其数量不代表没有问题。</strong><ul>\(lines.joined())</ul></div>\n"
        }
        html += figure(categoryChart(s.categories), empty: "无：本次比对没有发现。")
        var rows = s.categories.map { c in
            let rowClass = c.state == "applied" ? "" : " class=\"rule-\(escape(c.state))\""
            let state = c.state == "applied" ? stateName(c.state) : "<strong>⚠ \(stateName(c.state))</strong>"
            return "<tr\(rowClass)>" + cells([
                escape(c.name), "<code>\(escape(c.code))</code>", severityName(c.severity),
                state + (c.note.map { "<br><span class=\"note\">\(escape($0))</span>" } ?? ""),
            ]) + numbers([c.findings, c.reviewFindings]) + "</tr>"
        }
        rows.append("<tr class=\"total\">" + cells(["合计", "", "", ""]) + numbers([s.totals.findings, s.totals.reviewFindings]) + "</tr>")
        html += table(["类别", "代码", "严重程度", "规则状态", "发现数#", "待核实#"], rows)
        return html + "</section>\n"
    }

    private static func countySection(_ s: ReportSummary) -> String {
        var html = "<section><h2>各县区发现</h2>\n"
        html += figure(countyChart(s.counties, categories: s.categories), empty: "无：没有按县区统计的发现。")
        guard !s.counties.isEmpty else { return html + "</section>\n" }
        var rows = s.counties.map { county in
            "<tr>" + cells([escape(county.county)])
                + numbers(s.categories.map { county.findings[$0.code] ?? 0 } + [county.total]) + "</tr>"
        }
        let columnTotals = s.categories.map { c in s.counties.reduce(0) { $0 + ($1.findings[c.code] ?? 0) } }
        let grand = s.counties.reduce(0) { $0 + $1.total }
        rows.append("<tr class=\"total\">" + cells(["合计"]) + numbers(columnTotals + [grand]) + "</tr>")
        html += table(["县区"] + s.categories.map { escape($0.name) + "#" } + ["合计#"], rows)
        return html + "</section>\n"
    }

    private static func inputSection(_ s: ReportSummary) -> String {
        var html = "<section><h2>输入文件</h2>\n"
        guard !s.files.isEmpty else { return html + "<p class=\"none\">无</p></section>\n" }
        var rows: [String] = []
        for f in s.files {
            let failed = f.status == "failed"
            rows.append("<tr\(failed ? " class=\"failed\"" : "")>" + cells([
                roleName(f.role), escape(f.path), escape(f.format ?? "—"), escape(f.encoding ?? "—"),
                failed ? "<strong>⚠ \(statusName(f.status))</strong>" : statusName(f.status), escape(f.message ?? ""),
            ]) + numbers([f.rowsRead, f.accepted, f.skipped, f.rejected]) + "</tr>")
            guard f.sheets.count > 1 || f.sheets.contains(where: { $0.reason != nil }) else { continue }
            for sheet in f.sheets {
                rows.append("<tr class=\"sub\">" + cells([
                    "", "工作表 " + escape(sheet.sheet ?? "（CSV）"), "", "", statusName(sheet.status), escape(sheet.reason ?? ""),
                ]) + numbers([sheet.rowsRead, sheet.accepted, sheet.skipped, sheet.rejected]) + "</tr>")
            }
        }
        let t = s.totals
        rows.append("<tr class=\"total\">" + cells(["合计", "", "", "", "", "读取失败文件 \(grouped(t.filesFailed)) 个"])
            + numbers([t.rowsRead, t.rowsAccepted, t.rowsSkipped, t.rowsRejected]) + "</tr>")
        html += table(["部门", "文件", "格式", "编码", "状态", "说明", "读取#", "接受#", "跳过#", "拒绝#"], rows)
        return html + "</section>\n"
    }

    private static func qualitySection(_ s: ReportSummary) -> String {
        var html = "<section><h2>数据质量提示</h2>\n"
        guard !s.qualityFlags.isEmpty else { return html + "<p class=\"none\">无</p></section>\n" }
        let rows = s.qualityFlags.map { q in
            "<tr>" + cells([escape(q.file), escape(q.sheet ?? "—"), escape(q.label), "<code>\(escape(q.flag))</code>"])
                + numbers([q.rows]) + "</tr>"
        }
        html += table(["文件", "工作表", "提示", "代码", "行数#"], rows)
        return html + "<p class=\"note\">质量提示不是发现：数据可用，但值得在源系统中更正。</p></section>\n"
    }

    private static func placesSection(_ s: ReportSummary) -> String {
        func places(_ title: String, _ list: [ReportSummary.PlaceCount]) -> String {
            guard !list.isEmpty else { return "<div><h3>\(title)</h3><p class=\"none\">无</p></div>" }
            let largest = list.map(\.findings).max() ?? 0
            let rows = list.map { p in
                "<tr>" + cells([escape(p.name), escape(p.county ?? "—")]) + numbers([p.findings])
                    + cells([miniBar(p.findings, of: largest)]) + "</tr>"
            }
            return "<div><h3>\(title)</h3>" + table(["名称", "县区", "发现数#", ""], rows) + "</div>"
        }
        return "<section><h2>发现最多的学校和村</h2>\n<div class=\"two\">"
            + places("学校", s.topSchools) + places("村（社区）", s.topVillages)
            + "</div><p class=\"note\">一条发现涉及几处地点，就在每处各计一次。</p></section>\n"
    }

    private static func examplesSection(_ s: ReportSummary) -> String {
        var html = "<section><h2>发现示例</h2>\n<p class=\"note\">每类只列前几条；完整清单见 discrepancies.xlsx 和 discrepancies.csv。</p>\n"
        guard !s.examples.isEmpty else { return html + "<p class=\"none\">无</p></section>\n" }
        let known = s.categories.map(\.code)
        let others = s.examples.map(\.category).filter { !known.contains($0) }
        var seen = Set<String>()
        for code in known + others where seen.insert(code).inserted {
            let examples = s.examples.filter { $0.category == code }
            guard !examples.isEmpty else { continue }
            let name = s.categories.first { $0.code == code }?.name ?? code
            let rows = examples.map { e in
                "<tr>" + cells([
                    escape(e.name ?? "—"), escape(e.idNumber ?? "—"), escape(e.county ?? "—"), escape(e.school ?? "—"),
                    escape(e.detail), e.review ? "<strong>待核实</strong>" : "",
                ]) + "</tr>"
            }
            html += "<div class=\"keep\"><h3>\(escape(name))</h3>" + table(["姓名", "证件号码", "县区", "学校", "说明", "待核实"], rows) + "</div>"
        }
        return html + "</section>\n"
    }

    private static func reviewSection(_ s: ReportSummary) -> String {
        let rows = [
            "<tr>" + cells(["匹配度处于待核实区间的记录对"]) + numbers([s.review.reviewBandPairs]) + "</tr>",
            "<tr>" + cells(["可能属于两人之一、未合并的记录对"]) + numbers([s.review.ambiguousPairs]) + "</tr>",
            "<tr>" + cells(["合并会使同一人的记录互相矛盾、因而未合并的记录对"]) + numbers([s.review.refusedPairs]) + "</tr>",
            "<tr class=\"total\">" + cells(["待人工核实合计"]) + numbers([s.review.total]) + "</tr>",
            "<tr>" + cells(["依赖待核实匹配的发现"]) + numbers([s.totals.reviewFindings]) + "</tr>",
        ] + [
            ("refused", "未能归入任何人的记录：合并会与同一人的其他记录矛盾"),
            ("ambiguous", "未能归入任何人的记录：可能属于两人之一，或最可能的匹配证据不足"),
            ("unmatched_damaged_number", "未能归入任何人的记录：证件号码空缺或受损，且无可比对的记录"),
        ].map { key, label in "<tr>" + cells([label]) + numbers([s.review.unattachedRows[key] ?? 0]) + "</tr>" }
        return "<section class=\"keep\"><h2>待人工核实</h2>\n" + table(["项目", "数量#"], rows)
            + "<p class=\"note\">这些记录对列在 discrepancies.xlsx 的「待人工核实」工作表中，请逐一核对。"
            + "未能归入任何人的记录可能推翻的发现均标为“待核实”。</p></section>\n"
    }

    private static func stagesSection(_ s: ReportSummary) -> String {
        var html = "<section><h2>各阶段运行情况</h2>\n"
        guard !s.stages.isEmpty else { return html + "<p class=\"none\">无</p></section>\n" }
        let rows = s.stages.map { st in
            "<tr>" + cells([stageName(st.stage), escape(st.startedAt), escape(st.finishedAt)])
                + "<td class=\"num\">\(String(format: "%.2f", st.seconds))</td>" + numbers([st.rowsIn, st.rowsOut])
                + cells([escape(st.programVersion), st.staleReason.map { "<strong>⚠ \(escape($0))</strong>" } ?? ""]) + "</tr>"
        }
        html += table(["阶段", "开始", "结束", "用时（秒）#", "输入行#", "输出行#", "程序版本", "结果过期原因"], rows)
        return html + "</section>\n"
    }

    private static func configurationSection(_ s: ReportSummary, _ text: String) -> String {
        var html = "<section><h2>运行配置</h2>\n<p>配置摘要 <code>\(escape(s.configurationDigest))</code></p>\n"
        html += "<pre>\(escape(text))</pre>\n"
        if !s.outputs.isEmpty {
            html += "<p class=\"note\">本报告的文件：" + s.outputs.map { "<code>\(escape($0))</code>" }.joined(separator: "、") + "</p>\n"
        }
        return html + "</section>\n"
    }

    // MARK: - Pieces

    /// Header names ending in `#` are number columns, aligned right.
    private static func table(_ headers: [String], _ rows: [String]) -> String {
        let head = headers.map { h in
            h.hasSuffix("#") ? "<th class=\"num\">\(h.dropLast())</th>" : "<th>\(h)</th>"
        }
        return "<table><thead><tr>\(head.joined())</tr></thead><tbody>\n\(rows.joined(separator: "\n"))\n</tbody></table>\n"
    }

    private static func cells(_ html: [String]) -> String { html.map { "<td>\($0)</td>" }.joined() }

    private static func numbers(_ values: [Int]) -> String {
        values.map { "<td class=\"num\">\(grouped($0))</td>" }.joined()
    }

    private static func figure(_ svg: String?, empty: String) -> String {
        svg.map { "<figure>\($0)</figure>\n" } ?? "<p class=\"none\">\(empty)</p>\n"
    }

    /// 12345 → "12,345": row counts run to the hundreds of thousands.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Every text that comes from data or configuration goes through here, attributes included.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    private static func stateName(_ state: String) -> String {
        switch state {
        case "applied": "已执行"
        case "partial": "部分执行"
        case "skipped": "未执行"
        default: escape(state)
        }
    }

    private static func roleName(_ role: String) -> String {
        switch role {
        case "enrollment": "学籍"
        case "aid": "学生资助"
        case "rural": "乡村振兴"
        case "civil": "民政"
        default: escape(role)
        }
    }

    private static func statusName(_ status: String) -> String {
        switch status {
        case "read", "ok": "已读取"
        case "failed": "读取失败"
        case "skipped": "已跳过"
        default: escape(status)
        }
    }

    private static func stageName(_ stage: String) -> String {
        let names = ["ingest": "读取", "normalize": "规范化", "match": "匹配", "reconcile": "比对", "report": "报告"]
        return names[stage].map { "\($0) <span class=\"note\">\(stage)</span>" } ?? escape(stage)
    }

    /// System fonts only (CJK first), and print rules that keep rows and charts whole on A4.
    private static let style = """

    body { margin: 0; color: #1a1a1a; background: #fff; line-height: 1.5;
      font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "WenQuanYi Micro Hei", sans-serif; }
    main { max-width: 1100px; margin: 0 auto; padding: 24px; }
    h1 { font-size: 1.6em; margin: 0 0 .2em; }
    h2 { font-size: 1.25em; border-bottom: 2px solid #333; padding-bottom: .15em; margin: 1.6em 0 .6em; }
    h3 { font-size: 1.05em; margin: 1em 0 .3em; }
    .meta { color: #444; margin: 0 0 .6em; }
    .banner { border: 2px solid #b8322a; color: #8e1f18; padding: .4em .8em; font-weight: bold; }
    .callout { border: 2px solid #b8322a; padding: .4em .8em; margin: .6em 0; }
    .callout ul { margin: .3em 0 0; padding-left: 1.4em; }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; }
    .card { border: 1px solid #aaa; border-radius: 4px; padding: 6px 10px; }
    .card .n { font-size: 1.5em; font-weight: bold; font-variant-numeric: tabular-nums; }
    .card.alert { border: 2px solid #b8322a; }
    table { border-collapse: collapse; width: 100%; font-size: .9em; margin: .4em 0 .8em; }
    th, td { border: 1px solid #aaa; padding: 3px 6px; text-align: left; vertical-align: top; }
    th { background: #eee; font-weight: bold; }
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    tr.total td { font-weight: bold; border-top: 2px solid #333; }
    tr.sub td { color: #444; font-size: .95em; }
    tr.rule-skipped td, tr.failed td { background: #fdecea; }
    td code, p code { font-size: .9em; overflow-wrap: anywhere; }
    .note { color: #555; font-size: .9em; }
    .none { color: #555; }
    figure { margin: .4em 0 .8em; }
    svg.chart { display: block; width: 100%; height: auto; }
    svg.mini { width: 80px; height: 10px; }
    .two { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
    pre { white-space: pre-wrap; word-break: break-all; border: 1px solid #aaa; padding: 8px; font-size: .85em; background: #fafafa; }
    @page { size: A4; margin: 14mm; }
    @media print {
      body { font-size: 10pt; }
      main { max-width: none; padding: 0; }
      table { font-size: 8.5pt; }
      th, tr.rule-skipped td, tr.failed td, pre { background: none; }
      .keep, figure, tr, .card, .callout { break-inside: avoid; }
      h2, h3 { break-after: avoid; }
      svg.chart { max-width: 182mm; }
      svg { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
    }

    """
}
