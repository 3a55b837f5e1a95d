import Foundation

/// How well a score ranks an outcome (docs/methodology.md#how-good-are-these-scores).
public enum ScoreQuality {
    /// The area under the ROC curve: the chance that a random account with
    /// the outcome scores above a random one without it, ties counting half
    /// (the Mann–Whitney statistic). Nil when either group is empty.
    public static func auc(scores: [Double], outcomes: [Bool]) -> Double? {
        let positives = outcomes.count { $0 }
        let negatives = outcomes.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        // Ranks by score, ties given their mean rank.
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && scores[order[end]] == scores[order[start]] { end += 1 }
            let meanRank = Double(start + 1 + end) / 2
            for position in start..<end where outcomes[order[position]] { rankSum += meanRank }
            start = end
        }
        let p = Double(positives)
        return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }

    /// The outcome's rate among the top tenth by score (ties at the cut
    /// broken by position, so deterministic) over its rate among all.
    public static func topDecileLift(scores: [Double], outcomes: [Bool]) -> Double? {
        let total = outcomes.count { $0 }
        guard !scores.isEmpty, total > 0 else { return nil }
        let count = max(1, (scores.count + 9) / 10)
        let top = scores.indices.sorted { (scores[$0], -$0) > (scores[$1], -$1) }.prefix(count)
        let rate = Double(top.count { outcomes[$0] }) / Double(count)
        return rate / (Double(total) / Double(scores.count))
    }

    /// Points of the ROC curve, (false-positive rate, true-positive rate),
    /// from (0, 0) to (1, 1), one point per distinct score.
    public static func rocCurve(scores: [Double], outcomes: [Bool]) -> [(Double, Double)] {
        let positives = Double(outcomes.count { $0 })
        let negatives = Double(outcomes.count) - positives
        guard positives > 0, negatives > 0 else { return [] }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var points = [(0.0, 0.0)]
        var truePositives = 0.0
        var falsePositives = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end < order.count && scores[order[end]] == scores[order[start]] {
                if outcomes[order[end]] { truePositives += 1 } else { falsePositives += 1 }
                end += 1
            }
            points.append((falsePositives / negatives, truePositives / positives))
            start = end
        }
        return points
    }

    /// Spearman's rank correlation: Pearson's correlation of the two
    /// series' ranks, ties given their mean rank. Nil for fewer than two
    /// pairs or when either series is constant (no ranking to compare).
    public static func spearman(_ first: [Double], _ second: [Double]) -> Double? {
        guard first.count == second.count, first.count >= 2 else { return nil }
        let (x, y) = (meanRanks(first), meanRanks(second))
        let middle = Double(first.count + 1) / 2
        var (products, xSquares, ySquares) = (0.0, 0.0, 0.0)
        for index in x.indices {
            let (dx, dy) = (x[index] - middle, y[index] - middle)
            products += dx * dy
            xSquares += dx * dx
            ySquares += dy * dy
        }
        guard xSquares > 0, ySquares > 0 else { return nil }
        return products / (xSquares * ySquares).squareRoot()
    }

    /// Each value's rank from 1, ties given the mean of the ranks they span.
    static func meanRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
            for position in start..<end { ranks[order[position]] = Double(start + 1 + end) / 2 }
            start = end
        }
        return ranks
    }

    static func twoDecimals(_ value: Double) -> String { String(format: "%.2f", value) }
}
