import Foundation
import RapportCore

/// The MBG/NBD model (Batislam, Denizel & Filiztekin 2007, "Empirical
/// validation and comparison of models for customer base analysis"; the
/// conditional expectation as corrected by Wagner & Hoppe 2008): BG/NBD's
/// purchases and drop-out, except that a customer may also drop out right
/// at the first purchase. So a one-time buyer's P(alive) falls as time
/// passes without a repeat purchase, where BG/NBD keeps it at 1 (docs/methodology.md#lifetime-value).
public enum MBGNBD {
    public typealias Parameters = BGNBD.Parameters

    public static func logLikelihood(_ p: Parameters, _ customers: [CustomerSummary]) -> Double {
        logLikelihood(p, BGNBD.Prepared(customers))
    }

    /// Σ log-likelihood; per customer
    /// log[ B(a, b+x+1)/B(a,b) · Γ(r+x)αʳ/Γ(r) · (α+T)^−(r+x) · (1 + a/(b+x) · ((α+T)/(α+tₓ))^(r+x)) ],
    /// the last factor taken as log(1 + e^u) so it stays finite.
    static func logLikelihood(_ p: Parameters, _ data: BGNBD.Prepared) -> Double {
        let (r, alpha, a, b) = (p.r, p.alpha, p.a, p.b)
        guard r > 0, alpha > 0, a > 0, b > 0 else { return -.infinity }
        let baseLogBeta = BGNBD.logBeta(a, b)
        let logAlpha = log(alpha)
        var byFrequency = [Double](repeating: 0, count: data.maxFrequency + 1)
        var dropOut = [Double](repeating: 0, count: data.maxFrequency + 1)
        for x in 0...data.maxFrequency {
            let dx = Double(x)
            byFrequency[x] = lgamma(r + dx) - lgamma(r) + r * logAlpha + BGNBD.logBeta(a, b + dx + 1) - baseLogBeta
            dropOut[x] = log(a) - log(b + dx)
        }
        let logAges = data.ages.map { log(alpha + $0) }
        let logRecencies = data.recencies.map { log(alpha + $0) }
        // Fixed before the threads read them.
        let (byFrequencyTable, dropOutTable) = (byFrequency, dropOut)
        return parallelSum(count: data.frequency.count) { range in
            var total = 0.0
            for i in range {
                let x = data.frequency[i]
                let rx = r + Double(x)
                let logAge = logAges[Int(data.ageIndex[i])]
                let u = dropOutTable[x] + rx * (logAge - logRecencies[Int(data.recencyIndex[i])])
                let softplus = u > 0 ? u + log1p(exp(-u)) : log1p(exp(u))
                total += byFrequencyTable[x] - rx * logAge + softplus
            }
            return total
        }
    }

    /// Maximum likelihood by Nelder–Mead on the logarithms of the
    /// parameters, within the same bounds as BG/NBD's fit.
    /// - Parameter seed: BG/NBD fitted on the same customers, where the
    ///   search starts: the two models differ only in one-time buyers'
    ///   drop-out, and their estimates are close (half the evaluations,
    ///   BENCHMARKS.md, issue 27).
    public static func fit(_ customers: [CustomerSummary], from seed: BGNBD.Fit? = nil) -> BGNBD.Fit {
        let data = BGNBD.Prepared(customers)
        let start: [Double] =
            seed.map { [log($0.parameters.r), log($0.parameters.alpha), log($0.parameters.a), log($0.parameters.b)] }
            ?? [0, 0, 0, 0]
        var fit = BGNBD.maximize(start: start) { logLikelihood($0, data) }
        fit.customers = customers.count
        return fit
    }

    /// (a / (b + x)) ((α + T)/(α + tₓ))^(r + x), for every customer.
    static func dropOutOdds(_ c: CustomerSummary, _ p: Parameters) -> Double {
        let x = Double(c.frequency)
        return exp(log(p.a) - log(p.b + x) + (p.r + x) * (log(p.alpha + c.age) - log(p.alpha + c.recency)))
    }

    /// P(alive | x, tₓ, T).
    public static func probabilityAlive(_ c: CustomerSummary, _ p: Parameters) -> Double {
        1 / (1 + dropOutOdds(c, p))
    }

    /// E[X(t) | x, tₓ, T]: purchases expected in the next `t` weeks.
    public static func expectedPurchases(_ c: CustomerSummary, weeks t: Double, _ p: Parameters) -> Double {
        guard t > 0 else { return 0 }
        let x = Double(c.frequency)
        let z = t / (p.alpha + c.age + t)
        // As in BG/NBD, through logarithms (issue 25: a = 6,489 and
        // b = 3.2 million, fitted on the demo, overflowed the direct terms).
        let logHyper = Hypergeometric.logF21(p.r + x, p.b + x + 1, p.a + p.b + x, z)
        let decayed = exp((p.r + x) * (log(p.alpha + c.age) - log(p.alpha + c.age + t)) + logHyper)
        let numerator = (p.a + p.b + x) / (p.a - 1) * (1 - decayed)
        return numerator / (1 + dropOutOdds(c, p))
    }
}
