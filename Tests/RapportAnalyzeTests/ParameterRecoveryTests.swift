import Foundation
import RapportCore
import Testing

@testable import RapportAnalyze

/// Data simulated from the BG/NBD process with known parameters: the fit
/// must recover them within their standard errors (we allow 3, so that a
/// correct fit fails this less than 1 % of the time per parameter; the
/// seeds are fixed, so the outcome is the same on every run).
@Suite struct ParameterRecoveryTests {
    static let cases: [(name: String, count: Int, r: Double, alpha: Double, a: Double, b: Double)] = [
        ("CDNOW-like, 1,000", 1_000, 0.24, 4.4, 0.79, 2.4),
        ("CDNOW-like, 20,000", 20_000, 0.24, 4.4, 0.79, 2.4),
        ("frequent buyers, 5,000", 5_000, 1.5, 6.0, 1.8, 5.0),
        ("loyal, 5,000", 5_000, 0.8, 2.0, 0.4, 6.0),
        ("CDNOW-like, 100,000", 100_000, 0.24, 4.4, 0.79, 2.4),
    ]

    @Test(arguments: cases.indices) func recoversKnownParameters(_ index: Int) throws {
        let c = Self.cases[index]
        let customers = simulateBGNBD(
            count: c.count, seed: UInt64(100 + index), weeks: 78, r: c.r, alpha: c.alpha, a: c.a, b: c.b)
        let fit = BGNBD.fit(customers)
        #expect(fit.converged, "\(c.name)")
        let p = fit.parameters
        let errors = try #require(BGNBD.standardErrors(p, customers), "\(c.name): no standard errors")
        let estimates = [p.r, p.alpha, p.a, p.b]
        let truth = [c.r, c.alpha, c.a, c.b]
        for i in 0..<4 {
            #expect(
                abs(estimates[i] - truth[i]) <= 3 * errors[i],
                "\(c.name): parameter \(i) estimated \(estimates[i]) ± \(errors[i]), true \(truth[i])")
        }
    }
}
