/// The summary page's charts, drawn by hand as inline SVG: the page must open offline and print
/// without any script or library, and a `viewBox` with `width="100%"` scales to the screen and to A4.
extension SummaryPage {
    /// Severity colours, dark enough to print on a grey-scale printer; the severity is also written
    /// beside each bar, so no meaning rests on colour alone.
    static let severityColours = ["high": "#b8322a", "medium": "#d9822b", "low": "#3a78b5"]

    /// One colour per category (Okabe–Ito, told apart by most colour-blind readers), in report order,
    /// each with the text colour that reads on it.
    private static let palette: [(fill: String, text: String)] = [
        ("#d55e00", "#fff"), ("#e69f00", "#000"), ("#0072b2", "#fff"), ("#cc79a7", "#000"),
        ("#009e73", "#fff"), ("#56b4e9", "#000"), ("#999933", "#000"),
    ]

    private static let width = 760.0
    private static let rowHeight = 26.0
    private static let barHeight = 18.0

    /// Findings by category as horizontal bars scaled to the largest count; nil when there is
    /// nothing to draw (no categories, or every count is zero).
    static func categoryChart(_ categories: [ReportSummary.CategoryCount]) -> String? {
        let largest = categories.map(\.findings).max() ?? 0
        guard largest > 0 else { return nil }
        let labelEnd = 160.0, barStart = 170.0, barSpan = 470.0
        let height = 8 + Double(categories.count) * rowHeight + 30
        var svg = open(height: height, title: "各类发现数量（按严重程度着色）")
        for (index, category) in categories.enumerated() {
            let y = 8 + Double(index) * rowHeight
            let barWidth = scaled(category.findings, of: largest, span: barSpan)
            let fill = severityColours[category.severity] ?? "#777"
            let label = category.state == "skipped"
                ? "未执行" : "\(grouped(category.findings)) · \(severityName(category.severity))"
            svg += text(escape(category.name), x: labelEnd, y: y + 13, anchor: "end")
            svg += "<rect class=\"bar\" data-code=\"\(escape(category.code))\" x=\"\(number(barStart))\" y=\"\(number(y))\""
                + " width=\"\(number(barWidth))\" height=\"\(number(barHeight))\" fill=\"\(fill)\"/>"
            svg += text(label, x: barStart + barWidth + 6, y: y + 13, anchor: "start")
        }
        var x = barStart
        let legendY = 8 + Double(categories.count) * rowHeight + 12
        for severity in ["high", "medium", "low"] {
            svg += swatch(x: x, y: legendY, fill: severityColours[severity] ?? "#777")
            svg += text("严重程度：" + severityName(severity), x: x + 16, y: legendY + 10, anchor: "start")
            x += 130
        }
        return svg + "</svg>"
    }

    /// Findings by county as stacked bars, one segment per category, scaled to the largest county
    /// total, with a legend; a segment wide enough carries its count so the chart reads in grey too.
    /// nil when no county has a finding.
    static func countyChart(_ counties: [ReportSummary.CountyCount], categories: [ReportSummary.CategoryCount]) -> String? {
        let largest = counties.map(\.total).max() ?? 0
        guard largest > 0 else { return nil }
        let labelEnd = 120.0, barStart = 130.0, barSpan = 540.0
        let legendRows = (categories.count + 3) / 4
        let height = 8 + Double(counties.count) * rowHeight + 12 + Double(legendRows) * 20
        var svg = open(height: height, title: "各县区发现数量（按类别分段）")
        for (index, county) in counties.enumerated() {
            let y = 8 + Double(index) * rowHeight
            svg += text(escape(county.county), x: labelEnd, y: y + 13, anchor: "end")
            var x = barStart
            for (order, category) in categories.enumerated() {
                let count = county.findings[category.code] ?? 0
                guard count > 0 else { continue }
                let segment = Double(count) / Double(largest) * barSpan
                let colours = palette[order % palette.count]
                svg += "<rect class=\"segment\" x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(segment))\""
                    + " height=\"\(number(barHeight))\" fill=\"\(colours.fill)\"><title>\(escape(category.name))：\(grouped(count))</title></rect>"
                if segment >= 8 * Double(grouped(count).count) + 6 {
                    svg += "<text x=\"\(number(x + segment / 2))\" y=\"\(number(y + 13))\" text-anchor=\"middle\""
                        + " font-size=\"11\" fill=\"\(colours.text)\">\(grouped(count))</text>"
                }
                x += segment
            }
            svg += text(grouped(county.total), x: max(x, barStart) + 6, y: y + 13, anchor: "start")
        }
        let legendTop = 8 + Double(counties.count) * rowHeight + 6
        for (order, category) in categories.enumerated() {
            let x = 10 + Double(order % 4) * 185, y = legendTop + Double(order / 4) * 20
            svg += swatch(x: x, y: y, fill: palette[order % palette.count].fill)
            svg += text(escape(category.name), x: x + 16, y: y + 10, anchor: "start")
        }
        return svg + "</svg>"
    }

    /// A one-line bar for a table cell, scaled to the table's largest value.
    static func miniBar(_ value: Int, of largest: Int) -> String {
        let w = largest > 0 ? scaled(value, of: largest, span: 100) : 0
        return "<svg class=\"mini\" viewBox=\"0 0 100 10\" role=\"img\" aria-label=\"\(grouped(value))\">"
            + "<rect width=\"\(number(w))\" height=\"10\" fill=\"#3a78b5\"/></svg>"
    }

    static func severityName(_ severity: String) -> String {
        switch severity {
        case "high": "高"
        case "medium": "中"
        case "low": "低"
        default: severity
        }
    }

    /// A bar's length: proportional, but a non-zero count never vanishes into a hairline.
    private static func scaled(_ value: Int, of largest: Int, span: Double) -> Double {
        guard value > 0 else { return 0 }
        return max(Double(value) / Double(largest) * span, 2)
    }

    private static func open(height: Double, title: String) -> String {
        "<svg class=\"chart\" role=\"img\" width=\"100%\""
            + " viewBox=\"0 0 \(number(width)) \(number(height))\" font-size=\"13\"><title>\(title)</title>"
    }

    private static func text(_ html: String, x: Double, y: Double, anchor: String) -> String {
        "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" fill=\"#1a1a1a\">\(html)</text>"
    }

    private static func swatch(x: Double, y: Double, fill: String) -> String {
        "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"12\" height=\"12\" fill=\"\(fill)\"/>"
    }

    /// Coordinates to one decimal: enough for a screen or a printer, short to read.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : "", size = abs(tenths)
        return sign + (size % 10 == 0 ? String(size / 10) : "\(size / 10).\(size % 10)")
    }
}
