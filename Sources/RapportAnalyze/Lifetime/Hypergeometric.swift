import Foundation

/// The Gauss hypergeometric function ₂F₁(a, b; c; z) for the arguments the
/// BG/NBD conditional expectation produces: real parameters and 0 ≤ z < 1.
public enum Hypergeometric {
    /// The power series Σ (a)ₙ(b)ₙ/(c)ₙ zⁿ/n!, which converges for |z| < 1;
    /// near z = 1 it needs many terms, so there the linear transformation
    /// to 1 − z (Abramowitz & Stegun 15.3.6) is used when c − a − b is not
    /// an integer.
    public static func f21(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        evaluate(a, b, c, z).value
    }

    /// ₂F₁ by the fastest way that applies, with what tells whether its
    /// digits can be trusted.
    static func evaluate(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> SeriesSum {
        evaluate(a, b, c, z, ratios: nil)
    }

    /// The same, with `nearOne`'s gamma ratios given when the caller has
    /// them for these (a, b, c): they depend on neither z nor the customer.
    static func evaluate(_ a: Double, _ b: Double, _ c: Double, _ z: Double, ratios: NearOneRatios?) -> SeriesSum {
        precondition(z < 1, "2F1 needs z < 1")
        // Pfaff's transformation, ₂F₁(a,b;c;z) = (1−z)^(−a) ₂F₁(a,c−b;c;z/(z−1)),
        // keeps |z/(z−1)| ≤ 1 for z ≤ ½ and converges in a few terms when
        // c − b is small against b: the usual case in the BG/NBD
        // expectation, where c − b = a − 1 and a, b can be large (perf: the
        // direct series took thousands of terms per account).
        if z > 0 && z <= 0.5 && abs(c - b) < abs(b) {
            return series(a, c - b, c, z / (z - 1)).scaled(by: pow(1 - z, -a))
        }
        let gap = c - a - b
        if z > 0.9 && abs(gap - gap.rounded()) > 1e-6 && c > 0 && !isNonPositiveInteger(c - a)
            && !isNonPositiveInteger(c - b)
        {
            return nearOne(a, b, c, z, ratios: ratios ?? NearOneRatios(a, b, c))
        }
        return series(a, b, c, z)
    }

    /// log ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1, trusted to about 8
    /// digits wherever it is finite — even where ₂F₁ itself is beyond a
    /// Double — which a product such as (1−z)^(r+x) ₂F₁(…) in the BG/NBD
    /// expectation must be taken through. Where the fast transformations
    /// cancel or overflow (a fitted MBG/NBD with a = 6,489 and b = 3.2
    /// million at a 260-week horizon, issue 25) the direct series is
    /// summed, on a logarithmic scale when its terms leave a Double. NaN
    /// when nothing gives it.
    public static func logF21(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        let fast = evaluate(a, b, c, z)
        if fast.isReliable && fast.value > 0 { return log(fast.value) }
        let direct = series(a, b, c, z)
        if direct.isReliable && direct.value > 0 { return log(direct.value) }
        return logPositiveSeries(a, b, c, z)
    }

    /// log ₂F₁(a, b; a + 1; z) for a, b > 0 and 0 ≤ z < 1, the form in the
    /// Pareto/NBD likelihood. Euler's transformation gives
    /// (1−z)^(1−b) ₂F₁(1, a+1−b; a+1; z), whose positive terms shrink by
    /// (a+1−b+n)/(a+1+n)·z each: where b = r + x is large the direct series
    /// first grows for about b terms, and this one converges in a few even
    /// for z near 1 (perf: the general ₂F₁ was half of a Pareto/NBD fit).
    /// The tail after a term is at most term·z/(1−z), so the sum stops when
    /// that is below 10⁻¹⁵ of it; after 5,000 terms the general ₂F₁ takes over
    /// (through logarithms: the value itself can be beyond a Double).
    public static func logF21NextC(_ a: Double, _ b: Double, _ z: Double) -> Double {
        logF21NextC(a, b, z, ratios: nil)
    }

    /// The same, with `NearOneRatios(a, b, a + 1)` given by a caller that
    /// evaluates many z for one (a, b): the Pareto/NBD likelihood, where
    /// taking them again for every customer was 9 % of a build's
    /// instructions (BENCHMARKS.md, issue 27). Same arithmetic, same digits.
    static func logF21NextC(_ a: Double, _ b: Double, _ z: Double, ratios: NearOneRatios?) -> Double {
        guard z > 0 else { return 0 }
        let c = a + 1
        let top = c - b
        // b > a + 1 never comes from the purchase models; there the series
        // below alternates, and its stopping rule assumes positive terms.
        guard top > 0 else { return logF21(a, b, c, z) }
        // Euler's transformation: ₂F₁(a, b; a+1; z) = (1−z)^(1−b) ₂F₁(1, a+1−b; a+1; z).
        func throughEuler(_ sum: Double) -> Double { (1 - b) * log1p(-z) + log(sum) }
        // Near z = 1 with b small against a the terms shrink by hardly less
        // than z: thousands of them, where the general ₂F₁ (its z → 1 - z
        // transformation) takes a few dozen.
        // Where that transformation overflows or cancels (its second term
        // carries (1 − z)^(1 − b): e^712 for b = 98 at z = 0.99935, a fitted
        // Pareto/NBD on a 10,000-account sample, issue 27), Gauss's continued
        // fraction: the series below needed thousands of terms there, and a
        // fit took 32 s instead of 0.3 s.
        if z > 0.9 && top > 0.5 * c {
            let near = evaluate(a, b, c, z, ratios: ratios)
            if near.isReliable && near.value > 0 { return log(near.value) }
            if let fraction = gaussFraction(top, c, z), fraction > 0 { return throughEuler(fraction) }
        }
        let tailFactor = z / (1 - z)
        var term = 1.0
        var sum = 1.0
        var n = 0.0
        while n < 5_000 {
            term *= (top + n) / (c + n) * z
            sum += term
            if term * tailFactor <= 1e-15 * sum { return throughEuler(sum) }
            n += 1
        }
        if let fraction = gaussFraction(top, c, z), fraction > 0 { return throughEuler(fraction) }
        return logF21(a, b, c, z)
    }

    /// ₂F₁(1, b; c; z) for 0 < b < c and 0 ≤ z < 1 by Gauss's continued
    /// fraction for ratios of contiguous ₂F₁ (DLMF §15.7, with a = 0):
    /// 1/(1 − k₁z/(1 − k₂z/(1 − …))), k₂ₘ₊₁ = (b+m)(c−1+m)/((c−1+2m)(c+2m)),
    /// k₂ₘ = m(c−1−b+m)/((c+2m−2)(c+2m−1)), evaluated by the modified Lentz
    /// method. Every kᵢ is positive, so it converges for z < 1: in a few
    /// dozen steps where the power series needs thousands (b close to c, z
    /// close to 1); against mpmath's hyp2f1 it agreed to 10⁻¹³ or better
    /// (BENCHMARKS.md, issue 27). Nil after 20,000 steps.
    static func gaussFraction(_ b: Double, _ c: Double, _ z: Double) -> Double? {
        guard b > 0, c > b, z >= 0, z < 1 else { return nil }
        let tiny = 1e-300
        // f = 0 + 1/(1 + a₂/(1 + a₃/(1 + …))), aⱼ₊₁ = −kⱼ z.
        var f = tiny
        var numerator = tiny
        var denominator = 0.0
        for j in 1...20_000 {
            let step: Double
            if j == 1 {
                step = 1
            } else {
                let k = j - 1
                let m = Double(k / 2)
                let coefficient =
                    k % 2 == 1
                    ? (b + m) * (c - 1 + m) / ((c - 1 + 2 * m) * (c + 2 * m))
                    : m * (c - 1 - b + m) / ((c + 2 * m - 2) * (c + 2 * m - 1))
                step = -coefficient * z
            }
            denominator = 1 + step * denominator
            if denominator == 0 { denominator = tiny }
            numerator = 1 + step / numerator
            if numerator == 0 { numerator = tiny }
            denominator = 1 / denominator
            let delta = numerator * denominator
            f *= delta
            if abs(delta - 1) < 1e-16 { return f }
        }
        return nil
    }

    static func isNonPositiveInteger(_ value: Double) -> Bool { value <= 0 && value == value.rounded() }

    /// A sum of a series and the largest term in it: where the terms are far
    /// larger than the sum, its digits cancelled.
    struct SeriesSum {
        var value: Double
        var largest: Double
        var converged: Bool

        /// Converged, finite, and at most 8 of a Double's 16 digits lost to cancellation.
        var isReliable: Bool {
            converged && value.isFinite && largest.isFinite && largest <= 1e8 * abs(value)
        }

        func scaled(by factor: Double) -> SeriesSum {
            SeriesSum(value: value * factor, largest: largest * abs(factor), converged: converged)
        }
    }

    static func series(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> SeriesSum {
        var term = 1.0
        var sum = 1.0
        var largest = 1.0
        var n = 0.0
        while n < 200_000 {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
            sum += term
            largest = max(largest, abs(term))
            if abs(term) <= 1e-15 * abs(sum) { return SeriesSum(value: sum, largest: largest, converged: true) }
            n += 1
        }
        return SeriesSum(value: sum, largest: largest, converged: false)
    }

    /// log Σ (a)ₙ(b)ₙ/(c)ₙ zⁿ/n! for a, b, c > 0 and 0 ≤ z < 1, where every
    /// term is positive so no digit cancels; the sum is carried as a
    /// mantissa and a logarithmic scale so no term overflows. NaN for other
    /// arguments, or after a million terms.
    static func logPositiveSeries(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        guard a > 0, b > 0, c > 0, z >= 0, z < 1, a.isFinite, b.isFinite, c.isFinite else { return .nan }
        let rescale = 1e250
        var term = 1.0
        var sum = 1.0
        var logScale = 0.0
        var n = 0.0
        while n < 1_000_000 {
            let ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z
            term *= ratio
            sum += term
            if sum > rescale {
                sum /= rescale
                term /= rescale
                logScale += log(rescale)
            }
            // Once below 1 the ratios move monotonically toward z, so the
            // tail after this term is below term · q / (1 − q), q the larger.
            let bound = max(ratio, z)
            if ratio < 1 && term * bound / (1 - bound) <= 1e-16 * sum { return logScale + log(sum) }
            n += 1
        }
        return .nan
    }

    /// A&S 15.3.6: ₂F₁(a,b;c;z) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) ₂F₁(a,b;a+b−c+1;1−z)
    ///   + (1−z)^(c−a−b) Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)) ₂F₁(c−a,c−b;c−a−b+1;1−z).
    static func nearOne(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> SeriesSum {
        nearOne(a, b, c, z, ratios: NearOneRatios(a, b, c))
    }

    /// The two gamma ratios of A&S 15.3.6, which depend on a, b and c only.
    struct NearOneRatios {
        var first: Double
        var second: Double

        init(_ a: Double, _ b: Double, _ c: Double) {
            first = gammaRatio([c, c - a - b], [c - a, c - b])
            second = gammaRatio([c, a + b - c], [a, b])
        }
    }

    static func nearOne(_ a: Double, _ b: Double, _ c: Double, _ z: Double, ratios: NearOneRatios) -> SeriesSum {
        let w = 1 - z
        let first = series(a, b, a + b - c + 1, w).scaled(by: ratios.first)
        let second = series(c - a, c - b, c - a - b + 1, w).scaled(by: pow(w, c - a - b) * ratios.second)
        return SeriesSum(
            value: first.value + second.value, largest: max(first.largest, second.largest),
            converged: first.converged && second.converged)
    }

    /// Π Γ(numerators) / Π Γ(denominators), through log-gamma with signs.
    static func gammaRatio(_ numerators: [Double], _ denominators: [Double]) -> Double {
        var logValue = 0.0
        var sign = 1.0
        for x in numerators {
            var s: Int32 = 1
            logValue += lgamma_r(x, &s)
            sign *= Double(s)
        }
        for x in denominators {
            var s: Int32 = 1
            logValue -= lgamma_r(x, &s)
            sign *= Double(s)
        }
        return sign * exp(logValue)
    }
}
