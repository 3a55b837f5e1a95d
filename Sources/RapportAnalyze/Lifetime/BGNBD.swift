import Foundation
import RapportCore

/// One customer's purchase history in the field's standard summary
/// (docs/methodology.md#lifetime-value): weeks = days/7;
/// same-day orders are one purchase.
public struct CustomerSummary: Sendable, Equatable {
    /// Repeat purchase days (purchase days − 1).
    public var frequency: Int
    /// Weeks from the first to the last purchase day.
    public var recency: Double
    /// Weeks from the first purchase day to the as-of date.
    public var age: Double
    /// Mean spend of the repeat purchase days (the first excluded); 0 if none.
    public var monetary: Double

    public init(frequency: Int, recency: Double, age: Double, monetary: Double) {
        self.frequency = frequency
        self.recency = recency
        self.age = age
        self.monetary = monetary
    }

    /// From orders on or before the as-of date; nil without any. Orders
    /// newest first (as `AccountHistory` holds them) are summed day by day
    /// in one pass; any other order goes through a dictionary.
    public init?<Orders: Sequence<Order>>(orders: Orders, asOf: Day) {
        var days: [(day: Day, cents: Int64)] = []
        var newestFirst = true
        for order in orders where order.date <= asOf {
            if let last = days.last {
                if last.day == order.date {
                    days[days.count - 1].cents += order.amount.cents
                    continue
                }
                if order.date > last.day {
                    newestFirst = false
                    break
                }
            }
            days.append((order.date, order.amount.cents))
        }
        if newestFirst {
            guard let last = days.first, let first = days.last else { return nil }
            frequency = days.count - 1
            recency = Double(last.day.days(since: first.day)) / 7
            age = Double(asOf.days(since: first.day)) / 7
            let repeats = days.dropLast()
            monetary = repeats.isEmpty ? 0 : Double(repeats.reduce(0) { $0 + $1.cents }) / 100 / Double(repeats.count)
            return
        }
        var byDay: [Day: Int64] = [:]
        for order in orders where order.date <= asOf { byDay[order.date, default: 0] += order.amount.cents }
        guard let first = byDay.keys.min(), let last = byDay.keys.max() else { return nil }
        frequency = byDay.count - 1
        recency = Double(last.days(since: first)) / 7
        age = Double(asOf.days(since: first)) / 7
        let repeats = byDay.filter { $0.key != first }.values
        monetary = repeats.isEmpty ? 0 : Double(repeats.reduce(0, +)) / 100 / Double(repeats.count)
    }
}

/// The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the
/// Easy Way"): purchases while alive are Poisson with gamma(r, α)
/// heterogeneity; after each purchase a customer drops out with probability
/// p, beta(a, b) across customers.
public enum BGNBD {
    public struct Parameters: Sendable, Equatable {
        public var r, alpha, a, b: Double
        public init(r: Double, alpha: Double, a: Double, b: Double) {
            self.r = r
            self.alpha = alpha
            self.a = a
            self.b = b
        }
    }

    static func logBeta(_ x: Double, _ y: Double) -> Double { lgamma(x) + lgamma(y) - lgamma(x + y) }

    /// Σ log-likelihood, in log space throughout so it stays finite for large
    /// frequencies and for customers without a repeat purchase. The terms
    /// that depend only on the frequency are computed once per distinct
    /// frequency (a few hundred), not once per customer.
    public static func logLikelihood(_ p: Parameters, _ customers: [CustomerSummary]) -> Double {
        logLikelihood(p, Prepared(customers))
    }

    /// The customers as indices into their distinct ages and recencies: a
    /// portfolio observed in days has a few hundred of each, so the
    /// logarithms that depend on α are taken per distinct value, not per
    /// customer, on every one of the optimiser's calls.
    struct Prepared {
        var frequency: [Int] = []
        var ageIndex: [Int32] = []
        var recencyIndex: [Int32] = []
        var ages: [Double] = []
        var recencies: [Double] = []
        var maxFrequency = 0

        init(_ customers: [CustomerSummary]) {
            var ageSlots: [Double: Int32] = [:]
            var recencySlots: [Double: Int32] = [:]
            for c in customers {
                frequency.append(c.frequency)
                if ageSlots[c.age] == nil {
                    ageSlots[c.age] = Int32(ages.count)
                    ages.append(c.age)
                }
                if recencySlots[c.recency] == nil {
                    recencySlots[c.recency] = Int32(recencies.count)
                    recencies.append(c.recency)
                }
                ageIndex.append(ageSlots[c.age]!)
                recencyIndex.append(recencySlots[c.recency]!)
            }
            maxFrequency = frequency.max() ?? 0
        }
    }

    /// Σ log-likelihood, in log space throughout so it stays finite for large
    /// frequencies and for customers without a repeat purchase. The terms
    /// that depend only on the frequency are computed once per distinct
    /// frequency, the logarithms of α + T and α + tₓ once per distinct value.
    static func logLikelihood(_ p: Parameters, _ data: Prepared) -> Double {
        let (r, alpha, a, b) = (p.r, p.alpha, p.a, p.b)
        guard r > 0, alpha > 0, a > 0, b > 0 else { return -.infinity }
        let baseLogBeta = logBeta(a, b)
        let logAlpha = log(alpha)
        var byFrequency = [Double](repeating: 0, count: data.maxFrequency + 1)
        var dropOut = [Double](repeating: 0, count: data.maxFrequency + 1)
        for x in 0...data.maxFrequency {
            let dx = Double(x)
            byFrequency[x] = lgamma(r + dx) - lgamma(r) + r * logAlpha + logBeta(a, b + dx) - baseLogBeta
            if x > 0 { dropOut[x] = log(a) - log(b + dx - 1) }
        }
        let logAges = data.ages.map { log(alpha + $0) }
        let logRecencies = data.recencies.map { log(alpha + $0) }
        // Fixed before the threads read them.
        let (byFrequencyTable, dropOutTable) = (byFrequency, dropOut)
        // Split across the cores in fixed chunks: the optimiser calls this
        // hundreds of times per build.
        return parallelSum(count: data.frequency.count) { range in
            var total = 0.0
            for i in range {
                let x = data.frequency[i]
                let rx = r + Double(x)
                let stayed = -rx * logAges[Int(data.ageIndex[i])]
                var term = stayed
                if x > 0 {
                    let left = dropOutTable[x] - rx * logRecencies[Int(data.recencyIndex[i])]
                    let high = max(stayed, left)
                    term = high + log(exp(stayed - high) + exp(left - high))
                }
                total += byFrequencyTable[x] + term
            }
            return total
        }
    }

    public struct Fit: Sendable {
        public var parameters: Parameters
        public var logLikelihood: Double
        public var converged: Bool
        public var evaluations: Int
        /// How many customers the likelihood was summed over: all of them,
        /// except for Pareto/NBD on a large portfolio (`ParetoNBD.fitSampleSize`).
        public var customers: Int = 0
    }

    /// The logarithms of the parameters are searched within ±this. When a
    /// portfolio shows almost no drop-out the likelihood keeps rising, ever
    /// more slowly, as a and b grow together, and the optimiser spent most
    /// of its evaluations walking out along that ridge; at e^15 ≈ 3.3 million
    /// the predictions no longer change (perf: the fits were a quarter of a
    /// 100,000-account analysis).
    static let logBound = 15.0

    static func bounded(_ θ: [Double], _ value: () -> Double) -> Double {
        guard θ.allSatisfy({ abs($0) <= logBound }) else { return .greatestFiniteMagnitude }
        let result = value()
        return result.isFinite ? result : .greatestFiniteMagnitude
    }

    /// Maximum likelihood by Nelder–Mead on the logarithms of the parameters.
    public static func fit(_ customers: [CustomerSummary]) -> Fit {
        let data = Prepared(customers)
        var fit = maximize { logLikelihood($0, data) }
        fit.customers = customers.count
        return fit
    }

    /// The (r, α, a, b) maximising `logLikelihood`, searched on their
    /// logarithms within ±`logBound`: shared by BG/NBD and MBG/NBD.
    /// - Parameters:
    ///   - parameters: the model's parameters from the searched vector; by
    ///     default each is e^θᵢ.
    ///   - start: the searched vector's starting point.
    static func maximize(
        parameters: ([Double]) -> Parameters = { θ in
            Parameters(r: exp(θ[0]), alpha: exp(θ[1]), a: exp(θ[2]), b: exp(θ[3]))
        },
        start: [Double] = [0, 0, 0, 0],
        _ logLikelihood: (Parameters) -> Double
    ) -> Fit {
        let result = NelderMead.minimize({ θ in bounded(θ) { -logLikelihood(parameters(θ)) } }, start: start)
        return Fit(
            parameters: parameters(result.point), logLikelihood: -result.value, converged: result.converged,
            evaluations: result.evaluations)
    }

    /// The term shared by P(alive) and the conditional expectation:
    /// (a / (b + x − 1)) ((α + T)/(α + tₓ))^(r + x) for x > 0, else 0.
    static func dropOutOdds(_ c: CustomerSummary, _ p: Parameters) -> Double {
        guard c.frequency > 0 else { return 0 }
        let x = Double(c.frequency)
        return exp(log(p.a) - log(p.b + x - 1) + (p.r + x) * (log(p.alpha + c.age) - log(p.alpha + c.recency)))
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
        // (1−z)^(r+x) ₂F₁(…), taken through logarithms: each factor alone
        // can leave a Double when a, b or x are large (issue 25).
        let logHyper = Hypergeometric.logF21(p.r + x, p.b + x, p.a + p.b + x - 1, z)
        let decayed = exp((p.r + x) * (log(p.alpha + c.age) - log(p.alpha + c.age + t)) + logHyper)
        let numerator = (p.a + p.b + x - 1) / (p.a - 1) * (1 - decayed)
        return numerator / (1 + dropOutOdds(c, p))
    }
}

/// The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"),
/// fitted on customers with at least one repeat purchase.
public enum GammaGamma {
    public struct Parameters: Sendable, Equatable {
        public var p, q, gamma: Double
        public init(p: Double, q: Double, gamma: Double) {
            self.p = p
            self.q = q
            self.gamma = gamma
        }
    }

    public static func logLikelihood(_ θ: Parameters, _ customers: [CustomerSummary]) -> Double {
        logLikelihood(θ, Prepared(customers))
    }

    /// The repeat buyers with the logarithms that do not depend on the
    /// parameters taken once, before the optimiser calls the likelihood
    /// hundreds of times.
    struct Prepared {
        var frequency: [Int] = []
        var monetary: [Double] = []
        var logMonetary: [Double] = []
        var logFrequency: [Double] = []
        var maxFrequency = 0

        init(_ customers: [CustomerSummary]) {
            for c in customers where c.frequency > 0 && c.monetary > 0 {
                frequency.append(c.frequency)
                monetary.append(c.monetary)
                logMonetary.append(log(c.monetary))
                logFrequency.append(log(Double(c.frequency)))
            }
            maxFrequency = frequency.max() ?? 0
        }
    }

    static func logLikelihood(_ θ: Parameters, _ data: Prepared) -> Double {
        let (p, q, v) = (θ.p, θ.q, θ.gamma)
        guard p > 0, q > 0, v > 0 else { return -.infinity }
        // The log-gamma terms depend on the frequency only: once per distinct frequency.
        var gammaTerms = [Double](repeating: 0, count: data.maxFrequency + 1)
        for x in 1..<max(data.maxFrequency + 1, 1) {
            let px = p * Double(x)
            gammaTerms[x] = lgamma(px + q) - lgamma(px)
        }
        let constant = -lgamma(q) + q * log(v)
        var total = 0.0
        for i in data.frequency.indices {
            let x = data.frequency[i]
            let px = p * Double(x)
            total +=
                gammaTerms[x] + constant + (px - 1) * data.logMonetary[i] + px * data.logFrequency[i]
                - (px + q) * log(Double(x) * data.monetary[i] + v)
        }
        return total
    }

    public struct Fit: Sendable {
        public var parameters: Parameters
        public var logLikelihood: Double
        public var converged: Bool
        public var customers: Int
    }

    public static func fit(_ customers: [CustomerSummary]) -> Fit {
        let repeaters = Prepared(customers)
        let result = NelderMead.minimize(
            { θ in
                let value = -logLikelihood(Parameters(p: exp(θ[0]), q: exp(θ[1]), gamma: exp(θ[2])), repeaters)
                return value.isFinite ? value : .greatestFiniteMagnitude
            }, start: [0, 0, 0])
        let θ = result.point
        return Fit(
            parameters: Parameters(p: exp(θ[0]), q: exp(θ[1]), gamma: exp(θ[2])), logLikelihood: -result.value,
            converged: result.converged, customers: repeaters.frequency.count)
    }

    /// E[spend per purchase | x, m̄]: the population mean and the customer's
    /// own mean weighted by how much the customer has bought.
    public static func expectedSpend(_ c: CustomerSummary, _ θ: Parameters) -> Double {
        let x = Double(c.frequency)
        return θ.p * (θ.gamma + x * c.monetary) / (θ.p * x + θ.q - 1)
    }
}

extension BGNBD {
    /// Asymptotic standard errors of (r, α, a, b): square roots of the
    /// diagonal of the inverse of the observed information (the negative
    /// Hessian of the log-likelihood, by central differences).
    public static func standardErrors(_ p: Parameters, _ customers: [CustomerSummary]) -> [Double]? {
        let x = [p.r, p.alpha, p.a, p.b]
        func ll(_ v: [Double]) -> Double {
            logLikelihood(Parameters(r: v[0], alpha: v[1], a: v[2], b: v[3]), customers)
        }
        let h = x.map { max(abs($0) * 1e-4, 1e-6) }
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
        for i in 0..<4 {
            for j in i..<4 {
                func at(_ di: Double, _ dj: Double) -> Double {
                    var v = x
                    v[i] += di * h[i]
                    v[j] += dj * h[j]
                    return ll(v)
                }
                let value = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h[i] * h[j])
                hessian[i][j] = value
                hessian[j][i] = value
            }
        }
        guard let inverse = invert(hessian.map { $0.map { -$0 } }) else { return nil }
        let errors = (0..<4).map { inverse[$0][$0] }
        return errors.allSatisfy { $0 > 0 } ? errors.map { $0.squareRoot() } : nil
    }

    /// Gauss–Jordan with partial pivoting; nil when singular.
    static func invert(_ matrix: [[Double]]) -> [[Double]]? {
        let n = matrix.count
        var a = matrix
        var inverse = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            guard abs(a[pivot][column]) > 1e-300 else { return nil }
            a.swapAt(column, pivot)
            inverse.swapAt(column, pivot)
            let scale = a[column][column]
            for k in 0..<n {
                a[column][k] /= scale
                inverse[column][k] /= scale
            }
            for row in 0..<n where row != column {
                let factor = a[row][column]
                for k in 0..<n {
                    a[row][k] -= factor * a[column][k]
                    inverse[row][k] -= factor * inverse[column][k]
                }
            }
        }
        return inverse
    }
}

/// The purchase models Rapport fits, by the name `exports/model.json` and
/// `scoring.clv.model` use.
public enum PurchaseModel: String, Sendable, CaseIterable, Comparable {
    case bgnbd, mbgnbd, paretonbd

    public static func < (lhs: PurchaseModel, rhs: PurchaseModel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// As a brief names it.
    public var title: String {
        switch self {
        case .bgnbd: return "BG/NBD"
        case .mbgnbd: return "MBG/NBD"
        case .paretonbd: return "Pareto/NBD"
        }
    }

    /// - Parameter seed: BG/NBD fitted on the same customers, where MBG/NBD
    ///   starts its search (`RiskSnapshot` fits BG/NBD first). Pareto/NBD
    ///   starts from its fixed point: from BG/NBD's r and α it took 18 %
    ///   fewer evaluations on one sample and 6–10 % more on another and on
    ///   CDNOW (BENCHMARKS.md, issue 27).
    public func fit(_ customers: [CustomerSummary], from seed: BGNBD.Fit? = nil) -> BGNBD.Fit {
        switch self {
        case .bgnbd: return BGNBD.fit(customers)
        case .mbgnbd: return MBGNBD.fit(customers, from: seed)
        case .paretonbd: return ParetoNBD.fit(customers)
        }
    }

    public func probabilityAlive(_ c: CustomerSummary, _ p: BGNBD.Parameters) -> Double {
        switch self {
        case .bgnbd: return BGNBD.probabilityAlive(c, p)
        case .mbgnbd: return MBGNBD.probabilityAlive(c, p)
        case .paretonbd: return ParetoNBD.probabilityAlive(c, p)
        }
    }

    public func expectedPurchases(_ c: CustomerSummary, weeks t: Double, _ p: BGNBD.Parameters) -> Double {
        switch self {
        case .bgnbd: return BGNBD.expectedPurchases(c, weeks: t, p)
        case .mbgnbd: return MBGNBD.expectedPurchases(c, weeks: t, p)
        case .paretonbd: return ParetoNBD.expectedPurchases(c, weeks: t, p)
        }
    }

    /// `expectedPurchases` at several horizons, with what they share taken once.
    public func expectedPurchases(_ c: CustomerSummary, weeks horizons: [Double], _ p: BGNBD.Parameters) -> [Double] {
        switch self {
        case .bgnbd, .mbgnbd: return horizons.map { expectedPurchases(c, weeks: $0, p) }
        case .paretonbd: return ParetoNBD.expectedPurchases(c, weeks: horizons, p)
        }
    }

    /// P(no purchase in the next `t` weeks | x, tₓ, T). In the BG/NBD family a
    /// customer drops out only at a purchase, so one who is alive makes none
    /// in t weeks with probability ((α+T)/(α+T+t))^(r+x) (the gamma-Poisson
    /// mixture at zero, updated by the history); one who is not alive makes none.
    public func probabilityNoPurchase(_ c: CustomerSummary, weeks t: Double, _ p: BGNBD.Parameters) -> Double {
        switch self {
        case .bgnbd, .mbgnbd:
            let alive = probabilityAlive(c, p)
            let x = Double(c.frequency)
            let quiet = exp((p.r + x) * (log(p.alpha + c.age) - log(p.alpha + c.age + t)))
            return 1 - alive + alive * quiet
        case .paretonbd: return ParetoNBD.probabilityNoPurchase(c, weeks: t, p)
        }
    }
}
