import Foundation
import RapportAnalyze
import RapportCore

/// Value × risk: each account a dot, risk score across, 12-month revenue up
/// (log scale: revenue spans orders of magnitude), coloured by tier; the
/// dashed line is where high risk starts. Dots right of it and high up are
/// the accounts to protect first.
enum ValueRiskChart {
    /// At most this many dots: beyond a few hundred a scatter is ink, not
    /// information, and the page must stay light.
    static let maximumPoints = 400

    static func svg(_ accounts: [AccountAnalysis], highRiskFrom: Double, format: Formatting, label: String) -> String {
        let width = 720.0, height = 320.0, left = 64.0, right = 12.0, top = 12.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        // Positions sorted, not the analyses: sorting those copied every one.
        let ranked = accounts.indices.sorted { accounts[$0].value.rank < accounts[$1].value.rank }
        // Beyond the limit, accounts evenly spread over the ranking: the
        // largest few hundred alone would all be tier A and show no shape.
        let shown =
            ranked.count <= maximumPoints
            ? ranked.map { accounts[$0] }
            : (0..<maximumPoints).map { accounts[ranked[$0 * ranked.count / maximumPoints]] }
        let revenues = shown.map { Double($0.value.revenue12m.cents) / 100 }.filter { $0 > 0 }
        // Whole decades around the data, at least one.
        let low = floor(log10(revenues.min() ?? 1)), high = max(ceil(log10(revenues.max() ?? 10)), low + 1)
        func y(_ revenue: Double) -> Double {
            guard revenue > 0 else { return top + plotHeight }
            return top + plotHeight * (1 - (log10(revenue) - low) / (high - low))
        }
        func x(_ risk: Double) -> Double { left + plotWidth * min(max(risk, 0), 100) / 100 }
        var svg = SVG("scatter", width: Int(saturating: width), height: Int(saturating: height), label: label)
        var decade = low
        while decade <= high {
            let value = pow(10, decade)
            svg.line(x1: left, y1: y(value), x2: width - right, y2: y(value))
            svg.text(
                format.compactMoney(Money(roundingCents: (value * 100).rounded(.towardZero)) ?? .zero), x: left - 6,
                y: y(value) + 4, anchor: "end")
            decade += 1
        }
        for risk in stride(from: 0.0, through: 100, by: 20) {
            svg.text(
                Formatting.tenths(risk), x: x(risk), y: top + plotHeight + 16, anchor: "middle")
        }
        svg.text("Risk score", x: left + plotWidth / 2, y: height - 4, anchor: "middle")
        svg.line(x1: x(highRiskFrom), y1: top, x2: x(highRiskFrom), y2: top + plotHeight, kind: "threshold")
        svg.text("high risk", x: x(highRiskFrom) + 4, y: top + 12, kind: "axis threshold-label")
        // Smallest first so the largest accounts are drawn on top.
        for account in shown.reversed() {
            let revenue = Double(account.value.revenue12m.cents) / 100
            svg.markup("<circle class=\"dot tier-")
            svg.markup(made: account.value.tier.rawValue.lowercased())
            svg.markup("\"")
            svg.attribute("cx", x(Double(account.risk.score)))
            svg.attribute("cy", y(revenue))
            svg.markup(" r=\"4\"><title>")
            svg.escaped(account.account.name)
            svg.markup(": tier ")
            svg.markup(made: account.value.tier.rawValue)
            svg.markup(", ")
            svg.escaped(format.money(account.value.revenue12m))
            svg.markup(", risk ")
            svg.integer(account.risk.score)
            svg.markup("</title></circle>")
        }
        return svg.finished()
    }
}
