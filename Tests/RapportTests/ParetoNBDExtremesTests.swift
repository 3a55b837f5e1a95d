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
}
