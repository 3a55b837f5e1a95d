import RapportAnalyze
import RapportCore

/// Revenue by month as inline SVG, drawn at build time: no chart library and
/// no script at view time, and it prints.
enum RevenueChart {
    static func svg(_ months: [MonthRevenue], format: Formatting, title: String) -> String {
        let width = 720, height = 220, left = 56, bottom = 28, top = 12
        let plotHeight = Double(height - bottom - top)
        let maximum = max(months.map(\.revenue.cents).max() ?? 0, 1)
        let step = Double(width - left - 8) / Double(max(months.count, 1))
        let barWidth = max(step * 0.7, 1)
        var svg = SVG("revenue", width: width, height: height, label: title)
        // Three gridlines: zero, half and the maximum.
        for fraction in [0.0, 0.5, 1.0] {
            let y = Double(top) + plotHeight * (1 - fraction)
            svg.line(x1: Double(left), y1: y, x2: Double(width), y2: y)
            svg.text(
                format.compactMoney(Money(roundingCents: (Double(maximum) * fraction).rounded(.towardZero)) ?? .zero),
                x: Double(left - 6), y: y + 4,
                anchor: "end")
        }
        for (index, month) in months.enumerated() {
            let barHeight = plotHeight * Double(max(month.revenue.cents, 0)) / Double(maximum)
            let x = Double(left) + step * Double(index) + (step - barWidth) / 2
            let y = Double(top) + plotHeight - barHeight
            let label = Formatting.monthLabel(month.month)
            svg.markup("<rect class=\"bar\"")
            svg.attribute("x", x)
            svg.attribute("y", y)
            svg.attribute("width", barWidth)
            svg.attribute("height", barHeight)
            svg.markup("><title>")
            svg.escaped(label)
            svg.markup(": ")
            svg.escaped(format.money(month.revenue))
            svg.markup("</title></rect>")
            if index % 3 == 0 {
                svg.text(
                    label, x: x + barWidth / 2, y: Double(height - 8), anchor: "middle")
            }
        }
        return svg.finished()
    }
}
