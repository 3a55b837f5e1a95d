import Foundation
import Testing

@testable import RapportAnalyze

/// Customers with about a hundred repeat purchases under a fitted
/// Pareto/NBD whose lifetimes hardly vary (s ≈ 98, β ≈ 130,000): the
/// ₂F₁ of the likelihood and of P(no purchase) are about e^700 there, beyond
/// a Double, and before issue 27 the likelihood was NaN and P(no purchase)
/// was 1 for a customer who buys every week. References from mpmath
/// (Fixtures/reference/pareto_extremes.py).
@Suite struct ParetoNBDExtremesTests {
    let parameters = BGNBD.Parameters(
        r: 3.8684955476496463, alpha: 7.266648872290391, a: 97.86775848056566, b: 130342.78782160822)

    func close(_ value: Double, _ reference: Double, relative: Double) -> Bool {
        abs(value - reference) <= relative * abs(reference)
    }

    @Test func aFrequentBuyerIsAliveAndLikelyToBuyAgain() {
        let customer = CustomerSummary(
            frequency: 102, recency: 110.85714285714286, age: 111.42857142857143, monetary: 0)
        let alive = ParetoNBD.probabilityAlive(customer, parameters)
        let quiet = ParetoNBD.probabilityNoPurchase(customer, weeks: 26, parameters)
        #expect(close(alive, 0.99944079730562442639, relative: 1e-12), "P(alive) = \(alive)")
        #expect(close(quiet, 0.0014071155615015724406, relative: 1e-9), "P(no purchase) = \(quiet)")
    }

    @Test func theLikelihoodIsFiniteWhereItsTwoF1LeavesADouble() {
        let customer = CustomerSummary(frequency: 94, recency: 76.85714285714286, age: 111.42857142857143, monetary: 0)
        let value = ParetoNBD.logLikelihood(parameters, [customer])
        #expect(close(value, -85.780569725524242014, relative: 1e-10), "log-likelihood = \(value)")
        // log ₂F₁(r+s+x, r+x; r+s+x+1; z) at tₓ: 712.32033267553146 (mpmath hyp2f1).
        let z = (parameters.b - parameters.alpha) / (parameters.b + 76.85714285714286)
        let logHyper = Hypergeometric.logF21NextC(
            3.8684955476496463 + 97.86775848056566 + 94, 3.8684955476496463 + 94, z)
        #expect(close(logHyper, 712.32033267553146229, relative: 1e-12), "log 2F1 = \(logHyper)")
    }

    /// log ₂F₁(a, b; a+1; z) where the z → 1 − z transformation cancels and
    /// the series needs thousands of terms (a fitted Pareto/NBD with s ≈ 5,000),
    /// and in ordinary places; references: mpmath's hyp2f1 at 50 digits.
    @Test(arguments: [
        (195.7362540282153, 97.86849554764964, 0.9993549760716466, 712.32033267552675892),
        (5100.3, 100.2, 0.9994, 739.83305232680987070),
        (5100.3, 3.2, 0.9994, 23.096665349414274099),
        (22000.0, 1.5, 0.99999, 15.703257070743122379),
        (4.5, 1.2, 0.95, 2.3468077150521821173),
        (200.0, 150.0, 0.99, 686.46128906351357791),
        (10.0, 20.0, 0.5, 12.809207557056715732),
        (3000.0, 2.0, 0.3, 0.71306435029297838728),
    ])
    func logF21NextCAgreesWithMpmath(_ a: Double, _ b: Double, _ z: Double, _ reference: Double) {
        let value = Hypergeometric.logF21NextC(a, b, z)
        // The z → 1 − z transformation is trusted to about 8 digits (its doc).
        #expect(close(value, reference, relative: 1e-9), "log 2F1(\(a), \(b); \(a + 1); \(z)) = \(value)")
        // The continued fraction alone, through Euler's transformation (b < a + 1).
        guard b < a + 1 else { return }
        let fraction = Hypergeometric.gaussFraction(a + 1 - b, a + 1, z).map { (1 - b) * log1p(-z) + log($0) }
        #expect(
            fraction.map { close($0, reference, relative: 1e-12) } == true, "fraction: \(String(describing: fraction))")
    }
}
