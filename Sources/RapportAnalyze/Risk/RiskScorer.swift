import Foundation
import RapportCore

/// Weighs a factor's severities into a 0–100 score (docs/methodology.md#risk).
///
/// - Hand-set: each assessed factor's points, rescaled so the assessed
///   factors' points add up to 100, times its severity.
/// - Fitted: a logistic regression of "bought nothing in the following h
///   weeks" on the severities, fitted on the portfolio as it was h weeks
///   ago; the score is that probability × 100. Coefficients are kept at 0
///   or above, so a worse input never lowers the score.
public struct RiskScorer: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case handSet = "default", fitted
    }

    public var kind: Kind
    /// Per factor of `RiskAnalysis.factorOrder`: points (hand-set) or
    /// logistic coefficients (fitted); 0 for factors not assessed.
    public var weights: [Double]
    /// The logistic intercept (fitted only).
    public var intercept: Double = 0
    public var assessed: [Bool]
    /// Why the scorer is what it is, in words for the scores page.
    public var note: String = ""

    /// The hand-set points, rescaled over the factors whose data exists.
    public static func handSet(_ settings: ScoringSettings, data: RiskData) -> RiskScorer {
        let assessed = data.assessed
        let points = RiskAnalysis.factorOrder.map { settings.riskWeights[$0] ?? 0 }
        let total = zip(points, assessed).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }
        let scale = total > 0 ? 100 / total : 0
        return RiskScorer(
            kind: .handSet,
            weights: zip(points, assessed).map { points, assessed in
                guard assessed else { return 0 }
                // 100 / total overflows for a total as small as a denormal
                // (issue 25): then each point's share of the total, × 100.
                return scale.isFinite ? points * scale : points / total * 100
            }, assessed: assessed)
    }

    /// The score alone, without the factors' words: what the backtest counts.
    public func value(_ severities: RiskSeverities) -> Int {
        var total = 0.0
        switch kind {
        case .handSet:
            for index in weights.indices where assessed[index] { total += severities.values[index] * weights[index] }
        case .fitted:
            var linear = intercept
            for index in weights.indices where assessed[index] { linear += weights[index] * severities.values[index] }
            total = 100 * Self.sigmoid(linear)
        }
        return Int(rounding: total, clampedTo: 0...100)
    }

    public static func band(_ score: Int, settings: ScoringSettings) -> Level {
        Double(score) >= settings.riskHighFrom ? .high : Double(score) >= settings.riskMediumFrom ? .medium : .low
    }

    public func score(_ severities: RiskSeverities, settings: ScoringSettings) -> RiskMetrics {
        var factors: [RiskFactor] = []
        var total = 0.0
        switch kind {
        case .handSet:
            for (index, name) in RiskAnalysis.factorOrder.enumerated() {
                let points = assessed[index] ? severities.values[index] * weights[index] : 0
                total += points
                factors.append(factor(name, index, points, severities))
            }
        case .fitted:
            var linear = intercept
            for index in weights.indices where assessed[index] { linear += weights[index] * severities.values[index] }
            total = 100 * Self.sigmoid(linear)
            let baseline = 100 * Self.sigmoid(intercept)
            factors.append(
                RiskFactor(
                    name: "baseline", points: baseline,
                    reason:
                        "an account with every factor at 0 scores \(Int(rounding: baseline, clampedTo: 0...100)) by this portfolio's history"
                ))
            // What the factors add above the baseline, split in proportion to
            // each one's share of the linear predictor (docs/methodology.md#risk).
            let shares = RiskAnalysis.factorOrder.indices.map {
                assessed[$0] ? weights[$0] * severities.values[$0] : 0
            }
            let sum = shares.reduce(0, +)
            for (index, name) in RiskAnalysis.factorOrder.enumerated() {
                let points = sum > 0 ? (total - baseline) * shares[index] / sum : 0
                factors.append(factor(name, index, points, severities))
            }
        }
        let score = Int(rounding: total, clampedTo: 0...100)
        return RiskMetrics(score: score, band: Self.band(score, settings: settings), factors: factors)
    }

    func factor(_ name: String, _ index: Int, _ points: Double, _ severities: RiskSeverities) -> RiskFactor {
        guard assessed[index] else {
            return RiskFactor(
                name: name, points: 0,
                reason: "not assessed: no \(RiskData.table(of: name)) in the data", assessed: false)
        }
        return RiskFactor(
            name: name, points: points, reason: index < severities.reasons.count ? severities.reasons[index] : Reason())
    }

    static func sigmoid(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }
}

/// L2-regularised logistic regression with non-negative coefficients (the
/// intercept is free), by cyclic coordinate descent with one-dimensional
/// Newton steps: the problem is convex, so it converges to the one optimum
/// whatever the order, and the same inputs give the same bits.
public enum LogisticFit {
    public struct Result: Sendable, Equatable {
        public var intercept: Double
        public var coefficients: [Double]
        public var iterations: Int
        public var converged: Bool
    }

    /// Minimises Σ log-loss + λ/2 Σ βⱼ² over rows of `features` (each the
    /// same length) and 0/1 `outcomes`, with βⱼ ≥ 0.
    public static func fit(
        features: [[Double]], outcomes: [Bool], lambda: Double = 1, maxSweeps: Int = 500, tolerance: Double = 1e-10
    ) -> Result {
        let n = features.count
        let k = features.first?.count ?? 0
        var beta = [Double](repeating: 0, count: k)
        let positives = outcomes.count { $0 }
        // Start from the base rate, so the first sweep is already sensible.
        let rate = min(max(Double(positives) / Double(max(n, 1)), 1e-6), 1 - 1e-6)
        var intercept = log(rate / (1 - rate))
        var linear = [Double](repeating: intercept, count: n)
        let y = outcomes.map { $0 ? 1.0 : 0.0 }
        var sweeps = 0
        var converged = false
        while sweeps < maxSweeps {
            sweeps += 1
            var largest = 0.0
            for j in -1..<k {
                var gradient = 0.0
                var curvature = 0.0
                for i in 0..<n {
                    let p = RiskScorer.sigmoid(linear[i])
                    let x = j < 0 ? 1 : features[i][j]
                    gradient += (p - y[i]) * x
                    curvature += p * (1 - p) * x * x
                }
                if j >= 0 {
                    gradient += lambda * beta[j]
                    curvature += lambda
                }
                guard curvature > 1e-12 else { continue }
                let old = j < 0 ? intercept : beta[j]
                var new = old - gradient / curvature
                if j >= 0 { new = max(0, new) }
                let step = new - old
                if step == 0 { continue }
                if j < 0 { intercept = new } else { beta[j] = new }
                for i in 0..<n { linear[i] += step * (j < 0 ? 1 : features[i][j]) }
                largest = max(largest, abs(step))
            }
            if largest < tolerance {
                converged = true
                break
            }
        }
        return Result(intercept: intercept, coefficients: beta, iterations: sweeps, converged: converged)
    }
}
