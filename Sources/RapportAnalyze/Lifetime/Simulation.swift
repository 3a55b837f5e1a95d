import Foundation
import RapportCore

/// Customers drawn from the BG/NBD process itself, for parameter-recovery
/// tests and benchmarks: each customer's purchase rate λ ~ Gamma(r, α) and
/// drop-out probability p ~ Beta(a, b); repeat purchases arrive as a Poisson
/// process with rate λ, and after each repeat purchase the customer leaves
/// with probability p (never right after the first, as the likelihood
/// assumes). Observed for `weeks` from a first purchase at time 0. Spend per
/// purchase follows the Gamma-Gamma model with p 6, q 3.7, γ 15.
public func simulateBGNBD(
    count: Int, seed: UInt64, weeks: Double, r: Double = 0.24, alpha: Double = 4.4, a: Double = 0.79,
    b: Double = 2.4
) -> [CustomerSummary] {
    var random = SimulationRandom(seed: seed)
    return (0..<count).map { _ in
        let lambda = random.gamma(shape: r, scale: 1 / alpha)
        let x = random.gamma(shape: a, scale: 1)
        let y = random.gamma(shape: b, scale: 1)
        let p = x / (x + y)
        var time = 0.0
        var purchases = 0
        var last = 0.0
        while true {
            let wait = -log(1 - random.unit()) / max(lambda, 1e-12)
            if time + wait > weeks { break }
            time += wait
            purchases += 1
            last = time
            if random.unit() < p { break }
        }
        // Spend: ν ~ Gamma(q, 1/γ) per customer, each purchase ~ Gamma(p, 1/ν).
        let nu = random.gamma(shape: 3.7, scale: 1 / 15)
        var total = 0.0
        for _ in 0..<purchases { total += random.gamma(shape: 6, scale: 1 / nu) }
        return CustomerSummary(
            frequency: purchases, recency: last, age: weeks, monetary: purchases > 0 ? total / Double(purchases) : 0)
    }
}

/// SplitMix64 with gamma variates (Marsaglia & Tsang), for simulations.
struct SimulationRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        return sqrt(-2 * log(u1)) * cos(2 * .pi * u2)
    }

    mutating func gamma(shape: Double, scale: Double) -> Double {
        if shape < 1 {
            // Boost: Gamma(k) = Gamma(k + 1) · U^(1/k).
            return gamma(shape: shape + 1, scale: scale) * pow(max(unit(), 1e-300), 1 / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / sqrt(9 * d)
        while true {
            var x = normal()
            var v = 1 + c * x
            while v <= 0 {
                x = normal()
                v = 1 + c * x
            }
            v = v * v * v
            let u = unit()
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) {
                return d * v * scale
            }
        }
    }
}
