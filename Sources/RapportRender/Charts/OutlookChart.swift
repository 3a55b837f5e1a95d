import RapportAnalyze
import RapportCore

/// P(alive) if the account orders nothing more, from today to half a year
/// out: the curve a rep can point at ("in eight weeks without an order this
/// falls to 40 %").
enum OutlookChart {
    static func svg(_ outlook: [Double], label: String) -> String {
        let weeks = CLVMetrics.outlookWeeks
        let width = 480.0, height = 180.0, left = 44.0, right = 12.0, top = 10.0, bottom = 36.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let lastWeek = Double(weeks.last ?? 1)
        func x(_ week: Int) -> Double { left + plotWidth * Double(week) / lastWeek }
        func y(_ p: Double) -> Double { top + plotHeight * (1 - min(max(p, 0), 1)) }
        var svg = SVG("outlook", width: Int(saturating: width), height: Int(saturating: height), label: label)
        for p in [0.0, 0.5, 1.0] {
            svg.line(x1: left, y1: y(p), x2: width - right, y2: y(p))
            svg.text(
                "\(Int(saturating: (p * 100).rounded(.towardZero))) %", x: left - 6, y: y(p) + 4, anchor: "end")
        }
        for week in weeks where week % 4 == 0 {
            svg.text(week == 0 ? "today" : "+\(week) wk", x: x(week), y: top + plotHeight + 16, anchor: "middle")
        }
        svg.text("Weeks without an order", x: left + plotWidth / 2, y: height - 2, anchor: "middle")
        svg.polyline(zip(weeks, outlook).map { (x($0), y($1)) })
        for (week, p) in zip(weeks, outlook) where week == 0 || week == weeks.last {
            svg.markup("<circle class=\"dot\"")
            svg.attribute("cx", x(week))
            svg.attribute("cy", y(p))
            svg.markup(" r=\"3.5\"/>")
        }
        return svg.finished()
    }
}
