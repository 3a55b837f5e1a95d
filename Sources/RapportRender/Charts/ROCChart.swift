import Foundation
import RapportCore

/// The ROC curve of the backtest: for every cut-off of the risk score, the
/// share of the accounts that stopped buying it caught (up) against the
/// share of those that went on buying it flagged too (across). The diagonal
/// is a score that knows nothing; the further the curve bows up and left,
/// the better the ranking. Its figures are on the page as text.
enum ROCChart {
    /// At most this many points: the curve has one per distinct score.
    static let maximumPoints = 200

    static func svg(_ points: [(Double, Double)], label: String) -> String {
        let size = 340.0, left = 52.0, right = 28.0, top = 28.0, bottom = 40.0
        let plot = size - left - right
        func x(_ rate: Double) -> Double { left + plot * rate }
        func y(_ rate: Double) -> Double { top + plot * (1 - rate) }
        var svg = SVG(
            "roc", width: Int(saturating: size), height: Int(saturating: top + plot + bottom), label: label)
        for tick in stride(from: 0.0, through: 1, by: 0.25) {
            svg.line(x1: left, y1: y(tick), x2: left + plot, y2: y(tick))
            svg.text(
                "\(Int(saturating: (tick * 100).rounded(.towardZero))) %", x: left - 6, y: y(tick) + 4, anchor: "end")
            svg.text(
                "\(Int(saturating: (tick * 100).rounded(.towardZero))) %", x: x(tick), y: top + plot + 16,
                anchor: "middle")
        }
        svg.text("found among those who stopped buying", x: left - 6, y: 12, anchor: "start")
        svg.line(x1: x(0), y1: y(0), x2: x(1), y2: y(1), kind: "threshold")
        svg.text("flagged among those who kept buying", x: left + plot / 2, y: top + plot + 34, anchor: "middle")
        let shown =
            points.count <= maximumPoints
            ? points : (0..<maximumPoints).map { points[$0 * (points.count - 1) / (maximumPoints - 1)] }
        svg.polyline(shown.map { (x($0.0), y($0.1)) })
        return svg.finished()
    }
}
