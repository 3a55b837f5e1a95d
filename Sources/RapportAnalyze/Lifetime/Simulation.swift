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
    var random = SeededRandom(seed: seed)
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
