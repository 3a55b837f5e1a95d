import Foundation
import Testing

@testable import RapportAnalyze
@testable import RapportCore

/// The futures behind each forecast's range (issue 28) must average to the
/// models' own closed forms: E[X(t) | x, tₓ, T] for the purchases, and that
/// times Gamma-Gamma's E[spend | x, m̄] for the value.
@Suite struct ValueSimulationTests {
    /// CDNOW's published BG/NBD and Gamma-Gamma estimates (Fader, Hardie &
    /// Lee 2005) and its first customer: 2 repeat purchases, the last at
    /// 30.43 weeks, 38.86 weeks observed, $22.35 a repeat purchase; and
    /// Pareto/NBD's on the same data (r 0.553, α 10.578, s 0.606, β 11.669).
    let purchase = BGNBD.Parameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
    let pareto = BGNBD.Parameters(r: 0.553, alpha: 10.578, a: 0.606, b: 11.669)
    let spend = GammaGamma.Parameters(p: 6.25, q: 3.74, gamma: 15.45)
    let customer = CustomerSummary(frequency: 2, recency: 30.43, age: 38.86, monetary: 22.35)

    /// Mean, and its standard error, of `values`.
    func meanAndError(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (mean, (variance / Double(values.count)).squareRoot())
    }

    @Test(arguments: [PurchaseModel.bgnbd, .mbgnbd, .paretonbd])
    func drawsAverageToTheClosedForms(_ model: PurchaseModel) {
        let parameters = model == .paretonbd ? pareto : purchase
        let futures = ValueSimulation.futures(
            customer, model: model, purchase: parameters, spend: spend, weeks: 39, seed: 2026, draws: 40_000)
        let expected = model.expectedPurchases(customer, weeks: 39, parameters)
        let (purchases, purchasesError) = meanAndError(futures.map { Double($0.purchases) })
        #expect(abs(purchases - expected) < 4 * purchasesError, "\(model): \(purchases) against \(expected)")
        // By hand: 6.25 × (15.45 + 2 × 22.35) / (6.25 × 2 + 3.74 − 1) = 375.9375 / 15.24.
        let perPurchase = 375.9375 / 15.24
        #expect(abs(GammaGamma.expectedSpend(customer, spend) - perPurchase) < 1e-9)
        let (value, valueError) = meanAndError(futures.map(\.value))
        #expect(
            abs(value - expected * perPurchase) < 4 * valueError, "\(model): \(value) against \(expected * perPurchase)"
        )
    }

    @Test func poissonCountsHaveTheirMeanAndVariance() {
        for mean in [0.5, 3, 9.5, 10, 42, 1_000] {
            var draws = Draws(seed: 7)
            let counts = (0..<40_000).map { _ in Double(draws.poisson(mean)) }
            let average = counts.reduce(0, +) / Double(counts.count)
            let variance = counts.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(counts.count - 1)
            // The mean's standard error is √(mean / n); the variance's about mean·√(2/n).
            #expect(abs(average - mean) < 4 * (mean / Double(counts.count)).squareRoot(), "mean \(mean)")
            #expect(abs(variance / mean - 1) < 0.05, "mean \(mean): variance \(variance)")
        }
    }

    @Test func poissonCountsStayFiniteForAnyMean() {
        var draws = Draws(seed: 11)
        #expect(draws.poisson(0) == 0 && draws.poisson(-3) == 0 && draws.poisson(.nan) == 0)
        #expect(draws.poisson(.infinity) == 0)
        let large = draws.poisson(1e11)
        #expect(abs(Double(large) - 1e11) < 5 * 1e11.squareRoot())
        #expect(draws.poisson(3e13) == 30_000_000_000_000)
    }

    /// The `q` quantile of sorted values, linear between order statistics: the definition `range` selects for.
    func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let low = Int(position)
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }

    @Test func theRangeIsTheSortedDrawsPercentiles() {
        // 0.1 × 9 = 0.9: between the first (1) and second (2) of 1…10; 0.9 × 9 = 8.1: 9.1.
        let range = ValueSimulation.range([7, 3, 10, 1, 9, 2, 8, 5, 4, 6])
        #expect(abs(range.low - 1.9) < 1e-12 && abs(range.high - 9.1) < 1e-12)
        var draws = Draws(seed: 3)
        for count in [1, 2, 5, 256, 1_000] {
            let values = (0..<count).map { _ in draws.gamma(shape: 0.7, scale: 100) }
            let sorted = values.sorted()
            let range = ValueSimulation.range(values)
            #expect(
                range.low == quantile(sorted, 0.1)
                    && range.high == quantile(sorted, 0.9))
        }
    }

    /// With more than a tenth of the futures at $0, P10–P90 would hold 90 %
    /// or more (every customer who buys nothing): the range is then $0 to
    /// the 80th percentile, or $0 to $0 when $0 is 80 % likely.
    @Test func aRangeWithManyZeroFuturesStartsAtZeroAndHolds80Percent() {
        let values = (1...10).map(Double.init)
        // 1 zero in 11: under a tenth, P10–P90 as usual.
        let few = [0] + values
        #expect(ValueSimulation.range(few) == (quantile(few.sorted(), 0.1), quantile(few.sorted(), 0.9)))
        // 10 zeros and 1…10: 50 % at $0; the 80th percentile of 20 values
        // is at position 0.8 × 19 = 15.2, between the 16th (6) and 17th (7): 6.2.
        let half = [Double](repeating: 0, count: 10) + values
        let range = ValueSimulation.range(half)
        #expect(range.low == 0 && abs(range.high - 6.2) < 1e-12)
        // 45 zeros in 50: $0 is 90 % likely.
        let mostly = [Double](repeating: 0, count: 45) + values.prefix(5)
        #expect(ValueSimulation.range(mostly) == (0, 0))
        // A customer who buys nothing is within it; a width never moves $0 below $0.
        #expect(ValueSimulation.widthNeeded(half, bought: 0) <= 1)
        #expect(ValueSimulation.range(half, width: 2).low == 0)
    }

    @Test func aCustomerKeepsItsDraws() {
        let first = ValueSimulation.values(
            customer, model: .bgnbd, purchase: purchase, spend: spend, weeks: 52, seed: ValueSimulation.seed("ACC-1"))
        let again = ValueSimulation.values(
            customer, model: .bgnbd, purchase: purchase, spend: spend, weeks: 52, seed: ValueSimulation.seed("ACC-1"))
        #expect(first == again && first.count == ValueSimulation.draws)
        #expect(ValueSimulation.seed("ACC-1") != ValueSimulation.seed("ACC-2"))
        // FNV-1a of the empty string is its offset basis.
        #expect(ValueSimulation.seed("") == 0xcbf2_9ce4_8422_2325)
    }
}
