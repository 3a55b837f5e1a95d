import RapportAnalyze
import RapportCore

/// Revenue by month as inline SVG, drawn at build time: no chart library and
/// no script at view time, and it prints.
enum RevenueChart {
    static func svg(_ months: [MonthRevenue], format: Formatting, title: String) -> String {
        let width = 720, height = 220, left = 56, bottom = 28, top = 12
        let plotHeight = height - bottom - top
        let maximum = max(months.map(\.revenue.cents).max() ?? 0, 1)
        let step = Double(width - left - 8) / Double(max(months.count, 1))
        let barWidth = max(step * 0.7, 1)
        var svg =
            "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"chart-title\">"
        svg += "<title id=\"chart-title\">\(escape(title))</title>"
        // Three gridlines: zero, half and the maximum.
        for fraction in [0.0, 0.5, 1.0] {
            let y = Double(top) + Double(plotHeight) * (1 - fraction)
            let label = format.compactMoney(Money(cents: Int64(Double(maximum) * fraction)))
            svg += "<line class=\"grid\" x1=\"\(left)\" x2=\"\(width)\" y1=\"\(fixed(y))\" y2=\"\(fixed(y))\"/>"
            svg +=
                "<text class=\"axis\" x=\"\(left - 6)\" y=\"\(fixed(y + 4))\" text-anchor=\"end\">\(escape(label))</text>"
        }
        for (index, month) in months.enumerated() {
            let barHeight = Double(plotHeight) * Double(max(month.revenue.cents, 0)) / Double(maximum)
            let x = Double(left) + step * Double(index) + (step - barWidth) / 2
            let y = Double(top) + Double(plotHeight) - barHeight
            svg += "<rect class=\"bar\" x=\"\(fixed(x))\" y=\"\(fixed(y))\" width=\"\(fixed(barWidth))\" "
            svg += "height=\"\(fixed(barHeight))\"><title>\(escape(Formatting.monthLabel(month.month))): "
            svg += "\(escape(format.money(month.revenue)))</title></rect>"
            if index % 3 == 0 {
                svg +=
                    "<text class=\"axis\" x=\"\(fixed(x + barWidth / 2))\" y=\"\(height - 8)\" text-anchor=\"middle\">"
                svg += "\(escape(Formatting.monthLabel(month.month)))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// One decimal, fixed: SVG coordinates must not depend on float printing.
    static func fixed(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    static func escape(_ text: String) -> String { HTML.escape(text) }
}

enum HTML {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
