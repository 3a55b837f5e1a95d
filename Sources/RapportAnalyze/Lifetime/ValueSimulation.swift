import Foundation
import RapportCore

/// Futures of one customer drawn from the fitted models' own distributions,
/// for the range around a lifetime-value forecast (docs/methodology.md#how-the-figures-are-computed, "The range"). Each
/// draw: alive at the as-of date with probability P(alive); if so, a purchase rate λ ~ gamma(r + x, α + T) —
/// the rate given the history and being alive — and a drop-out process
/// given the same (BG/NBD: p ~ beta(a, b + x), leaving after a purchase
/// with probability p; MBG/NBD: beta(a, b + x + 1), one more chance survived;
/// Pareto/NBD: a lifetime exponential in μ ~ gamma(s, β + T)); purchases
/// over the horizon from those; and the spend of each from Gamma-Gamma,
/// ν ~ gamma(q + p·x, γ + x·m̄) and a purchase ~ gamma(p, ν). Parameter
/// uncertainty is left out: with the portfolios the models are fitted on
/// it is small beside one customer's own chance (docs/methodology.md#the-range says where it
/// would matter). Seeded per customer: the same inputs give the same draws.
public enum ValueSimulation {
    /// Draws per customer: the 10th and 90th percentiles of 256 draws are
    /// within about ±2 percentile points of the true ones.
    public static let draws = 256

    /// The undiscounted value of `draws` futures over `weeks`, in the order drawn.
    public static func values(
        _ c: CustomerSummary, model: PurchaseModel, purchase p: BGNBD.Parameters, spend g: GammaGamma.Parameters,
        weeks: Double, seed: UInt64, draws count: Int = draws
    ) -> [Double] {
        futures(c, model: model, purchase: p, spend: g, weeks: weeks, seed: seed, draws: count).map(\.value)
    }

    /// Each draw's purchases and their undiscounted value.
    static func futures(
        _ c: CustomerSummary, model: PurchaseModel, purchase p: BGNBD.Parameters, spend g: GammaGamma.Parameters,
        weeks: Double, seed: UInt64, draws count: Int
    ) -> [(purchases: Int, value: Double)] {
        var random = Draws(seed: seed)
        let alive = model.probabilityAlive(c, p)
        let x = Double(c.frequency)
        let (rateShape, rateScale) = (p.r + x, 1 / (p.alpha + c.age))
        let (spendShape, spendScale) = (g.q + g.p * x, 1 / (g.gamma + x * c.monetary))
        var futures = [(purchases: Int, value: Double)](repeating: (0, 0), count: count)
        for draw in 0..<count {
            guard random.unit() < alive else { continue }
            let lambda = random.gamma(shape: rateShape, scale: rateScale)
            let purchases: Int
            switch model {
            case .bgnbd, .mbgnbd:
                let drop = random.beta(p.a, p.b + x + (model == .mbgnbd ? 1 : 0))
                // Purchases until the one after which the customer leaves.
                // Geometric by inversion: 1 + ⌊log u / log(1 − p)⌋.
                let untilDropOut =
                    drop >= 1
                    ? 1
                    : drop <= 0
                        ? Int.max
                        : 1 + min(Int(saturating: (log(1 - random.unit()) / log1p(-drop)).rounded(.down)), 1 << 40)
                purchases = min(random.poisson(lambda * weeks), untilDropOut)
            case .paretonbd:
                let mu = random.gamma(shape: p.s, scale: 1 / (p.beta + c.age))
                let lifetime = mu > 0 ? -log(1 - random.unit()) / mu : weeks
                purchases = random.poisson(lambda * min(lifetime, weeks))
            }
            guard purchases > 0 else { continue }
            let nu = random.gamma(shape: spendShape, scale: spendScale)
            futures[draw] = (purchases, random.gamma(shape: Double(purchases) * g.p, scale: 1 / nu))
        }
        return futures
    }

    /// The range holding 80 % of the draws: their 10th and 90th
    /// percentiles — unless more than a tenth of them are $0 (no purchase),
    /// where P10–P90 would hold 90 % or more and so every customer who buys
    /// nothing: then from $0 to the 80th percentile, or $0 to $0 when $0 is
    /// itself 80 % likely (docs/methodology.md#lifetime-value, "The range"). Each
    /// percentile is linear between the two order statistics around it
    /// (what sorting the draws and interpolating gives), by selection:
    /// sorting them was a seventh of the ranges' cost.
    /// - Parameter width: how far the range reaches from the median, as a
    ///   multiple of its reach as drawn (the backtest's learned width,
    ///   `ValueCalibration.rangeWidth`); never below 0.
    public static func range(_ draws: [Double], width: Double = 1) -> (low: Double, high: Double) {
        var values = draws
        let (low, high) = ends(&values)
        guard width != 1 else { return (low, high) }
        let median = percentile(&values, 0.5)
        return (max(0, median - width * (median - low)), median + width * (high - median))
    }

    /// Where the share of $0 draws exceeds this, the range starts at $0.
    static let zeroShareForOneSidedRange = 0.1

    static func ends(_ values: inout [Double]) -> (low: Double, high: Double) {
        let zeros = Double(values.count { $0 <= 0 }) / Double(max(values.count, 1))
        guard zeros > zeroShareForOneSidedRange else { return (percentile(&values, 0.1), percentile(&values, 0.9)) }
        return (0, zeros >= 0.8 ? 0 : percentile(&values, 0.8))
    }

    /// The least `width` whose range holds `bought` (to the cent): the
    /// widths of a window's accounts say what width would have held 80 %.
    public static func widthNeeded(_ draws: [Double], bought: Double) -> Double {
        var values = draws
        let (low, high) = ends(&values)
        let median = percentile(&values, 0.5)
        let (reach, gap) =
            bought >= median ? (high - median, bought - 0.005 - median) : (median - low, median - bought - 0.005)
        guard gap > 0 else { return 0 }
        return reach > 0 ? gap / reach : .infinity
    }

    /// The `q` quantile, reordering `values` around the ranks it needs.
    static func percentile(_ values: inout [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let position = q * Double(values.count - 1)
        let rank = Int(position)
        Median.select(&values, rank: rank)
        let lower = values[rank]
        guard rank + 1 < values.count else { return lower }
        // Everything after `rank` is at least `lower`: the next order statistic is their least.
        let upper = values[(rank + 1)...].min()!
        return lower + (upper - lower) * (position - Double(rank))
    }

    /// The draws' sample variance: each range's spread, which a total's range adds up.
    public static func variance(_ draws: [Double]) -> Double {
        guard draws.count > 1 else { return 0 }
        let mean = draws.reduce(0, +) / Double(draws.count)
        return draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count - 1)
    }

    /// A customer's seed from its id: FNV-1a over the UTF-8 bytes, so a
    /// customer keeps its draws when others are added or removed.
    public static func seed(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}

/// The draws of one customer: a seeded generator with its own normal,
/// gamma, beta and Poisson samplers. Not `SeededRandom`'s: those make the
/// sample sites, whose bytes must not change, and its Box–Muller normal
/// (a logarithm, a root and a cosine for one value) made the ranges cost
/// 1.5 s of CPU at 10,000 accounts (BENCHMARKS.md, issue 28).
struct Draws {
    var random: SeededRandom
    /// The second value of the last polar pair, not yet used.
    var spare: Double?

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    mutating func unit() -> Double { random.unit() }

    /// Standard normal by Marsaglia's polar method: two values per logarithm.
    mutating func normal() -> Double {
        if let value = spare {
            spare = nil
            return value
        }
        while true {
            let u = 2 * unit() - 1
            let v = 2 * unit() - 1
            let square = u * u + v * v
            guard square > 0, square < 1 else { continue }
            let factor = (-2 * log(square) / square).squareRoot()
            spare = v * factor
            return u * factor
        }
    }

    /// Gamma(shape, scale) by Marsaglia & Tsang, boosted for shape < 1.
    mutating func gamma(shape: Double, scale: Double) -> Double {
        if shape < 1 {
            return gamma(shape: shape + 1, scale: scale) * pow(max(unit(), 1e-300), 1 / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = unit()
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) {
                return d * v * scale
            }
        }
    }

    /// Beta(a, b) from two gamma draws.
    mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(shape: a, scale: 1)
        let y = gamma(shape: b, scale: 1)
        return x + y > 0 ? x / (x + y) : 0.5
    }

    /// A Poisson count for any mean: Knuth's product of uniforms below 10,
    /// Hörmann's transformed rejection with squeeze (PTRS, 1993) above, whose
    /// cost does not grow with the mean.
    mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0, mean.isFinite else { return 0 }
        if mean < 10 { return random.poisson(mean) }
        // Beyond Int's reach in practice the spread (√mean) is nothing beside
        // the mean, and the rejection below would look for ever.
        if mean > 1e12 { return Int(saturating: mean.rounded()) }
        let root = mean.squareRoot()
        let b = 0.931 + 2.53 * root
        let a = -0.059 + 0.024_83 * b
        let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        let logMean = log(mean)
        while true {
            let u = unit() - 0.5
            let v = unit()
            let us = 0.5 - abs(u)
            let k = (2 * a / us + b) * u + mean + 0.43
            guard k.isFinite, k < 1e15 else { continue }
            let count = k.rounded(.down)
            if us >= 0.07 && v <= vr { return Int(saturating: count) }
            if count < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(inverseAlpha) - log(a / (us * us) + b) <= -mean + count * logMean - lgamma(count + 1) {
                return Int(saturating: count)
            }
        }
    }
}
