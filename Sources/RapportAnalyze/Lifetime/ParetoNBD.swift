import Foundation
import RapportCore

/// The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987, "Counting
/// your customers"; the likelihood as written by Fader & Hardie 2005, "A
/// note on deriving the Pareto/NBD model and related expressions"):
/// purchases while alive are Poisson with rate λ ~ gamma(r, α), and each
/// customer's lifetime is exponential with rate μ ~ gamma(s, β). Drop-out
/// happens at any time, not only at a purchase, so a one-time buyer's
/// P(alive) falls as time passes (docs/methodology.md#lifetime-value).
///
/// Its parameters travel in `BGNBD.Parameters`, s in `a` and β in `b`
/// (`s` and `beta` name them here), so every purchase model shares one fit type.
public enum ParetoNBD {
    public typealias Parameters = BGNBD.Parameters

    /// log A₀ of the likelihood, with z in [0, 1) whichever of α and β is larger:
    /// A₀ = ₂F₁(r+s+x, t; r+s+x+1; |α−β|/(m+tₓ))/(m+tₓ)^(r+s+x) − the same at T,
    /// m = max(α, β), t = s + 1 when α ≥ β, else r + x. −∞ when tₓ = T.
    static func logA0(_ p: Parameters, frequency x: Double, recency: Double, age: Double) -> Double {
        let (r, alpha, s, beta) = (p.r, p.alpha, p.s, p.beta)
        let rsx = r + s + x
        let larger = max(alpha, beta)
        let gap = abs(alpha - beta)
        let second = alpha >= beta ? s + 1 : r + x
        return logA0(
            atRecency: term(rsx: rsx, second: second, time: (gap / (larger + recency), log(larger + recency))),
            atAge: term(rsx: rsx, second: second, time: (gap / (larger + age), log(larger + age))))
    }

    /// log A₀ from its two terms, ₂F₁(r+s+x, t; r+s+x+1; z)/(m+τ)^(r+s+x) at
    /// τ = tₓ and τ = T, in logarithms (`term`).
    static func logA0(atRecency: Double, atAge: Double) -> Double {
        // A₀ > 0 (it is an integral from tₓ to T); log(e^u − e^v) = u + log(1 − e^(v−u)).
        let difference = atAge - atRecency
        guard difference < 0 else { return -.infinity }
        return atRecency + log(-expm1(difference))
    }

    /// One term of A₀: log ₂F₁(r+s+x, t; r+s+x+1; z) − (r+s+x) log(m+τ), from
    /// the time's z = |α−β|/(m+τ) and log(m+τ).
    static func term(
        rsx: Double, second: Double, time: (z: Double, logLarger: Double),
        ratios: Hypergeometric.NearOneRatios? = nil
    ) -> Double {
        Hypergeometric.logF21NextC(rsx, second, time.z, ratios: ratios) - rsx * time.logLarger
    }

    public static func logLikelihood(_ p: Parameters, _ customers: [CustomerSummary]) -> Double {
        logLikelihood(p, Prepared(customers))
    }

    /// The customers grouped by (x, tₓ, T): customers with the same history
    /// share a likelihood, so each distinct history is summed once per
    /// evaluation. Its two ₂F₁ are most of the cost, and each depends on the
    /// frequency and one time only, so they are computed once per distinct
    /// (x, time) pair: 7,558 pairs for 9,171 histories' 18,342 terms in a
    /// 10,000-account sample (BENCHMARKS.md, issue 27). Times (tₓ and T)
    /// are indices into their distinct values, so the logarithms that
    /// depend on α and β are taken once per value, and the log-gamma terms
    /// once per frequency.
    struct Prepared {
        var frequency: [Int] = []
        var ageIndex: [Int32] = []
        /// Each history's two A₀ terms, as indices into the pairs.
        var recencyPair: [Int32] = []
        var agePair: [Int32] = []
        var counts: [Double] = []
        var times: [Double] = []
        /// The distinct (frequency, time index) pairs.
        var pairFrequency: [Int] = []
        var pairTime: [Int32] = []
        var maxFrequency = 0

        init(_ customers: [CustomerSummary]) {
            var slots: [[Double]: Int] = [:]
            var timeSlots: [Double: Int32] = [:]
            var pairSlots: [Int64: Int32] = [:]
            func slot(_ time: Double) -> Int32 {
                if let index = timeSlots[time] { return index }
                timeSlots[time] = Int32(times.count)
                times.append(time)
                return Int32(times.count - 1)
            }
            func pair(_ frequency: Int, _ time: Int32) -> Int32 {
                let key = Int64(frequency) << 32 | Int64(time)
                if let index = pairSlots[key] { return index }
                pairSlots[key] = Int32(pairFrequency.count)
                pairFrequency.append(frequency)
                pairTime.append(time)
                return Int32(pairFrequency.count - 1)
            }
            for c in customers {
                let key = [Double(c.frequency), c.recency, c.age]
                if let index = slots[key] {
                    counts[index] += 1
                    continue
                }
                slots[key] = frequency.count
                frequency.append(c.frequency)
                let age = slot(c.age)
                ageIndex.append(age)
                recencyPair.append(pair(c.frequency, slot(c.recency)))
                agePair.append(pair(c.frequency, age))
                counts.append(1)
            }
            maxFrequency = frequency.max() ?? 0
        }
    }

    /// Σ over customers of log Γ(r+x)αʳβˢ/Γ(r) + log[ 1/((α+T)^(r+x)(β+T)ˢ) + s/(r+s+x) A₀ ]
    /// (A₀ from `logA0`, with the terms shared across customers computed once).
    static func logLikelihood(_ p: Parameters, _ data: Prepared) -> Double {
        let (r, alpha, s, beta) = (p.r, p.alpha, p.s, p.beta)
        guard r > 0, alpha > 0, s > 0, beta > 0 else { return -.infinity }
        let larger = max(alpha, beta)
        let gap = abs(alpha - beta)
        let base = -lgamma(r) + r * log(alpha) + s * log(beta)
        let logS = log(s)
        let byFrequency = (0...data.maxFrequency).map {
            x -> (front: Double, rsx: Double, second: Double, odds: Double, ratios: Hypergeometric.NearOneRatios) in
            let dx = Double(x)
            let (rsx, second) = (r + s + dx, alpha >= beta ? s + 1 : r + dx)
            return (
                lgamma(r + dx) + base, rsx, second, logS - log(rsx),
                Hypergeometric.NearOneRatios(rsx, second, rsx + 1)
            )
        }
        let logAlpha = data.times.map { log(alpha + $0) }
        let logBeta = data.times.map { log(beta + $0) }
        let logLarger = data.times.map { log(larger + $0) }
        let z = data.times.map { gap / (larger + $0) }
        let terms = parallelChunks(count: data.pairFrequency.count, chunks: 8) { _, range in
            range.map { j in
                let f = byFrequency[data.pairFrequency[j]]
                let t = Int(data.pairTime[j])
                return term(rsx: f.rsx, second: f.second, time: (z[t], logLarger[t]), ratios: f.ratios)
            }
        }
        .flatMap { $0 }
        return parallelSum(count: data.frequency.count) { range in
            var total = 0.0
            for i in range {
                let x = data.frequency[i]
                let f = byFrequency[x]
                let t = Int(data.ageIndex[i])
                let logA0 = logA0(atRecency: terms[Int(data.recencyPair[i])], atAge: terms[Int(data.agePair[i])])
                let alive = -(r + Double(x)) * logAlpha[t] - s * logBeta[t]
                let died = f.odds + logA0
                let high = max(alive, died)
                total += data.counts[i] * (f.front + high + log(exp(alive - high) + exp(died - high)))
            }
            return total
        }
    }

    /// A larger portfolio is fitted on this many of its customers, evenly
    /// spaced through it. Each evaluation of this likelihood costs several
    /// times BG/NBD's (two ₂F₁ per customer) and the fit needs more
    /// evaluations: fitted on all customers, its three fits per build took
    /// the analysis of a 100,000-account sample from about 16 s to 34 s
    /// (BENCHMARKS.md, Pareto/NBD). On CDNOW the sample moves the AUCs by
    /// 0.001–0.002.
    public static let fitSampleSize = 10_000

    /// Maximum likelihood by Nelder–Mead on the logarithms of the
    /// parameters, within the same bounds as BG/NBD's fit.
    /// - Parameter sampleSize: at most this many customers are read (the
    ///   benchmark that measures what the sample costs passes `Int.max`).
    public static func fit(_ customers: [CustomerSummary], sampleSize: Int = fitSampleSize) -> BGNBD.Fit {
        let sample = evenlySpaced(customers, count: sampleSize)
        let data = Prepared(sample)
        // Searched as (log r, log α, log s, log β/s), s at most e^10 ≈ 22,000.
        // When lifetimes hardly vary across customers the likelihood rises,
        // ever more slowly, along s, β → ∞ with s/β (the mean drop-out rate)
        // fixed. On log s and log β that ridge is diagonal, and Nelder–Mead
        // spent its whole budget of 20,000 evaluations on it without
        // converging (CDNOW as of 1997-04-01); on log s alone it still crawled
        // out past 400,000. At s = e^10 the drop-out rates differ by 0.7 %
        // across customers (1/√s), so the wall costs nothing a brief shows.
        var fit = BGNBD.maximize(parameters: { θ in
            Parameters(r: exp(θ[0]), alpha: exp(θ[1]), a: exp(θ[2]), b: exp(θ[2] + θ[3]))
        }) { p in p.s > exp(10) ? -.infinity : logLikelihood(p, data) }
        fit.customers = sample.count
        return fit
    }

    /// `count` of the customers at evenly spaced positions (all when there are fewer):
    /// deterministic, and spread over the whole portfolio in its order.
    static func evenlySpaced(_ customers: [CustomerSummary], count: Int) -> [CustomerSummary] {
        guard customers.count > count else { return customers }
        return (0..<count).map { customers[$0 * customers.count / count] }
    }

    /// P(alive | x, tₓ, T) = 1 / (1 + s/(r+s+x) (α+T)^(r+x) (β+T)ˢ A₀).
    public static func probabilityAlive(_ c: CustomerSummary, _ p: Parameters) -> Double {
        let x = Double(c.frequency)
        let logA0 = logA0(p, frequency: x, recency: c.recency, age: c.age)
        guard logA0.isFinite else { return 1 }
        let odds = exp(
            log(p.s) - log(p.r + p.s + x) + (p.r + x) * log(p.alpha + c.age) + p.s * log(p.beta + c.age) + logA0)
        return 1 / (1 + odds)
    }

    /// E[X(t) | x, tₓ, T] = P(alive) (r+x)(β+T) / ((α+T)(s−1)) · (1 − ((β+T)/(β+T+t))^(s−1)),
    /// whose s → 1 limit is P(alive) (r+x)(β+T)/(α+T) · log((β+T+t)/(β+T)).
    public static func expectedPurchases(_ c: CustomerSummary, weeks t: Double, _ p: Parameters) -> Double {
        guard t > 0 else { return 0 }
        return expectedPurchases(c, weeks: t, p, alive: probabilityAlive(c, p))
    }

    /// The same at several horizons. P(alive), the costly factor (two
    /// ₂F₁), does not depend on the horizon: taken once for all of them
    /// (lifetime value asks for every month of its horizon, issue 27).
    public static func expectedPurchases(_ c: CustomerSummary, weeks horizons: [Double], _ p: Parameters) -> [Double] {
        guard horizons.contains(where: { $0 > 0 }) else { return horizons.map { _ in 0 } }
        let alive = probabilityAlive(c, p)
        return horizons.map { $0 > 0 ? expectedPurchases(c, weeks: $0, p, alive: alive) : 0 }
    }

    /// P(alive) (r+x)(β+T) / ((α+T)(s−1)) · (1 − ((β+T)/(β+T+t))^(s−1)), for t > 0.
    private static func expectedPurchases(_ c: CustomerSummary, weeks t: Double, _ p: Parameters, alive: Double)
        -> Double
    {
        let x = Double(c.frequency)
        let rate = (p.r + x) * (p.beta + c.age) / (p.alpha + c.age)
        let logRatio = log(p.beta + c.age + t) - log(p.beta + c.age)
        let s1 = p.s - 1
        // (1 − e^(−(s−1)L))/(s−1), taken as its limit L when s is 1.
        let lifetime = abs(s1) < 1e-9 ? logRatio : -expm1(-s1 * logRatio) / s1
        return alive * rate * lifetime
    }

    /// P(no purchase in the next t weeks | x, tₓ, T). Alive at T, a customer
    /// with rates λ and μ makes none when death or the end of the t weeks
    /// comes before the next purchase: (μ + λe^(−(λ+μ)t))/(λ+μ). Given alive,
    /// λ ~ gamma(r+x, α+T) and μ ~ gamma(s, β+T) independently, and the two
    /// expectations have closed forms through `inverseSumMean` (docs/methodology.md#risk).
    public static func probabilityNoPurchase(_ c: CustomerSummary, weeks t: Double, _ p: Parameters) -> Double {
        let alive = probabilityAlive(c, p)
        let a1 = p.r + Double(c.frequency)
        let b1 = p.alpha + c.age
        let a2 = p.s
        let b2 = p.beta + c.age
        // E[μ/(λ+μ)] = E[μ] · E'[1/(λ+μ')], μ' ~ gamma(s+1, β+T).
        let diesFirst = a2 / b2 * inverseSumMean(a1, b1, a2 + 1, b2)
        // E[λe^(−(λ+μ)t)/(λ+μ)]: the same trick after tilting both rates by t.
        let logTilt = (a1 + 1) * (log(b1) - log(b1 + t)) + a2 * (log(b2) - log(b2 + t))
        let quietUntilEnd = a1 / b1 * exp(logTilt) * inverseSumMean(a1 + 1, b1 + t, a2, b2 + t)
        let quietIfAlive = min(1, max(0, diesFirst + quietUntilEnd))
        return 1 - alive + alive * quietIfAlive
    }

    /// E[1/(X+Y)] for independent X ~ gamma(a1, rate b1), Y ~ gamma(a2, rate
    /// b2), a1 + a2 > 1: ∫₀^∞ (b1/(b1+u))^a1 (b2/(b2+u))^a2 du, which is
    /// b/(a1+a2−1) · (b'/b)^a' · ₂F₁(a', a1+a2−1; a1+a2; 1 − b'/b) with b the
    /// larger rate and (a', b') the other variable's shape and rate.
    static func inverseSumMean(_ a1: Double, _ b1: Double, _ a2: Double, _ b2: Double) -> Double {
        let (large, smallShape, small) = b1 >= b2 ? (b1, a2, b2) : (b2, a1, b1)
        let total = a1 + a2
        // ₂F₁(a', a1+a2−1; a1+a2; z) is symmetric in its first two arguments.
        // Multiplied in logarithms: the ₂F₁ alone can be e^735 where the
        // product is below 1 (a customer with 102 repeat purchases, issue 27).
        let logHyper = Hypergeometric.logF21NextC(total - 1, smallShape, 1 - small / large)
        return large / (total - 1) * exp(smallShape * (log(small) - log(large)) + logHyper)
    }
}

extension BGNBD.Parameters {
    /// Pareto/NBD's lifetime shape, held in `a`.
    public var s: Double { a }
    /// Pareto/NBD's lifetime rate, held in `b`.
    public var beta: Double { b }
}
