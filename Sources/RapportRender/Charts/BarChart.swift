import RapportCore

/// Horizontal bars for shares between 0 and 1 (loyalty pillars), each
/// labelled with its name and value so the chart reads without colour.
enum BarChart {
    struct Bar {
        var label: String
        var fraction: Double
    }

    static func svg(_ bars: [Bar], label: String) -> String {
        let width = 480.0, rowHeight = 26.0, left = 110.0, right = 48.0
        let height = rowHeight * Double(bars.count) + 4
        let plotWidth = width - left - right
        var svg = SVG("bars", width: Int(saturating: width), height: Int(saturating: height), label: label)
        for (index, bar) in bars.enumerated() {
            let top = 2 + rowHeight * Double(index)
            let fraction = min(max(bar.fraction, 0), 1)
            svg.text(bar.label, x: 0, y: top + 17)
            for (kind, barWidth) in [("track", plotWidth), ("bar", plotWidth * fraction)] {
                svg.markup("<rect class=\"")
                svg.markup(made: kind)
                svg.markup("\"")
                svg.attribute("x", left)
                svg.attribute("y", top + 5)
                svg.attribute("width", barWidth)
                svg.markup(" height=\"14\"/>")
            }
            svg.text(Percent.whole(fraction), x: width - 2, y: top + 17, anchor: "end")
        }
        return svg.finished()
    }
}
