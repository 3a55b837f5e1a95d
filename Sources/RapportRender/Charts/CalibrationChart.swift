import RapportAnalyze
import RapportCore

/// The value backtest's calibration: for each tenth of the accounts by
/// forecast (the highest on the left), what the forecast said (an outlined
/// bar) beside what those accounts bought (a filled one). Bars of equal
/// height are a forecast that came true; the page gives the figures as a
/// table too.
enum CalibrationChart {
    static func svg(_ deciles: [ValueBacktest.Decile], label: String, money: (Money) -> String) -> String {
        let width = 480.0, height = 240.0, left = 64.0, right = 8.0, top = 12.0, bottom = 40.0
        let plotHeight = height - top - bottom
        let slot = (width - left - right) / Double(max(deciles.count, 1))
        let largest = deciles.map { max($0.predicted.cents, $0.actual.cents) }.max() ?? 0
        let scale = Double(max(largest, 1))
        var svg = SVG("calibration", width: Int(saturating: width), height: Int(saturating: height), label: label)
        for tick in [0.0, 0.5, 1] {
            let y = top + plotHeight * (1 - tick)
            svg.line(x1: left, y1: y, x2: width - right, y2: y)
            svg.text(
                money(Money(cents: Int64(scale * tick))), x: left - 6, y: y + 4, anchor: "end")
        }
        for (index, decile) in deciles.enumerated() {
            let x = left + slot * Double(index)
            for (kind, cents, offset) in [
                ("track", decile.predicted.cents, 0.15), ("bar", decile.actual.cents, 0.5),
            ] {
                let barHeight = plotHeight * Double(max(cents, 0)) / scale
                svg.markup("<rect class=\"")
                svg.markup(made: kind)
                svg.markup("\"")
                svg.attribute("x", x + slot * offset)
                svg.attribute("y", top + plotHeight - barHeight)
                svg.attribute("width", slot * 0.35)
                svg.attribute("height", barHeight)
                svg.markup("/>")
            }
            svg.text(String(index + 1), x: x + slot / 2, y: top + plotHeight + 16, anchor: "middle")
        }
        svg.text(
            "tenths of the accounts, highest forecast first", x: left + (width - left - right) / 2, y: height - 6,
            anchor: "middle")
        return svg.finished()
    }
}
