import Foundation
import RapportCore

/// The lifetime-value forecast measured against what happened (docs/methodology.md#how-good-are-these-scores, "Value"):
/// the purchase model and Gamma-Gamma fitted as of h weeks before the as-of date, exactly as a
/// build on that day fitted them, forecast each account's purchases and
/// spend over the h weeks after; those are set against what each account
/// bought. Undiscounted, so the forecast and the revenue are in the same
/// units.
public struct ValueBacktest: Sendable, Equatable {
    public var asOf: Day
    public var horizonWeeks: Double
    public var model: PurchaseModel
    /// Accounts with a purchase by the backtest date and a finite forecast.
    public var accounts: Int
    public var predictedPurchases: Double
    /// Purchase days in the window, as the models count purchases.
    public var actualPurchases: Int
    public var predictedTotal: Money
    public var actualTotal: Money
    /// Forecast ÷ what was bought; nil when nothing was.
    public var ratio: Double?
    /// Rank correlation of each account's forecast with what it bought.
    public var spearman: Double?
    /// Tenths by forecast, the highest first.
    public var deciles: [Decile]
    /// The share of accounts whose purchases fell within their forecast's
    /// 10th–90th percentile range (80 % when the ranges are right), over
    /// `intervalAccounts` evenly spaced accounts (`coverageSample`).
    public var intervalCoverage: Double?
    public var intervalAccounts: Int
    /// Those accounts' least range widths that would have held what they
    /// bought (`ValueSimulation.widthNeeded`), sorted: 1 is the range as drawn.
    public var widthsNeeded: [Double] = []
    /// At most about this many accounts are simulated for the coverage: its
    /// standard error is then under a point (√(0.8 · 0.2 / 2,000) = 0.9 %),
    /// and simulating every account cost 0.7 s of CPU at 10,000.
    public static let coverageSample = 2_000
    /// The total's own range, as the portfolio's is made (`LifetimeTotal`),
    /// its variance estimated from the simulated accounts, widened by the
    /// miss measured one window earlier (`totalMiss`) when there is one.
    public var totalLow: Money
    public var totalHigh: Money
    /// The customers' own chance alone, dollars either side (× z90).
    public var totalChance: Double = 0
    /// The miss of the forecast one window earlier that widened the total's range.
    public var totalMiss: Double?

    /// |bought ÷ forecast − 1| from forecast ÷ bought; nil when not finite.
    public static func miss(ratio: Double?) -> Double? {
        guard let ratio, ratio > 0, ratio.isFinite else { return nil }
        return abs(1 / ratio - 1)
    }

    /// The total's range with the miss of the window before this one added,
    /// as a build adds its last window's miss to the portfolio's total.
    public mutating func widen(byMissOf earlier: ValueBacktest?) {
        guard let miss = Self.miss(ratio: earlier?.ratio) else { return }
        let predicted = Double(predictedTotal.cents) / 100
        let spread = LifetimeTotal.spread(chance: totalChance, total: predicted, miss: miss)
        totalMiss = miss
        totalLow = Money(roundingCents: max(0, predicted - spread) * 100) ?? .zero
        totalHigh = Money(roundingCents: (predicted + spread) * 100) ?? .zero
    }

    public struct Decile: Sendable, Equatable {
        public var predicted: Money
        public var actual: Money
        public var accounts: Int
    }

    /// The share of what was bought that the top tenth by forecast bought.
    public var topDecileShare: Double? {
        guard let top = deciles.first, actualTotal.cents > 0 else { return nil }
        return Double(top.actual.cents) / Double(actualTotal.cents)
    }

    /// Why there is no value backtest: the build as of the backtest date had no fitted model.
    public enum Missing: Error, Sendable, Equatable {
        case notFitted(String)
    }

    /// - Parameters:
    ///   - snapshot: the portfolio as of the backtest date, with its fits.
    ///   - chosen: the purchase model a build on that date chose, and why.
    ///   - later: the records up to the build's as-of date: what happened.
    public static func run(
        snapshot: RiskSnapshot, chosen: PurchaseModel?, choice: String, outcomesIn later: PortfolioHistory,
        settings: ScoringSettings
    ) -> Result<ValueBacktest, Missing> {
        let lifetime = LifetimeValue.fit(
            snapshot.summaries.compactMap { $0 }, fits: snapshot.fits, chosen: chosen, choice: choice)
        guard lifetime.usable, let model = lifetime.purchaseModel, let spendModel = lifetime.gammaGamma else {
            return .failure(.notFitted(lifetime.reason ?? "no purchase model was fitted"))
        }
        let parameters = lifetime.fits[model]!.parameters
        let weeks = settings.backtestWeeks
        var predicted: [Double] = []
        var actual: [Int64] = []
        var measured: [Int] = []
        var predictedPurchases = 0.0
        var actualPurchases = 0
        for (position, summary) in snapshot.summaries.enumerated() {
            guard let summary else { continue }
            let purchases = model.expectedPurchases(summary, weeks: weeks, parameters)
            let value = purchases * GammaGamma.expectedSpend(summary, spendModel.parameters)
            guard purchases.isFinite, value.isFinite else { continue }
            let bought = Self.bought(snapshot.history.accounts[position].account.id, after: snapshot.date, in: later)
            predicted.append(value)
            actual.append(bought.cents)
            measured.append(position)
            predictedPurchases += purchases
            actualPurchases += bought.days
        }
        // The range each forecast would have had, as the briefs make it, on
        // evenly spaced accounts (`coverageSample`), across the cores.
        let stride = max(1, measured.count / coverageSample)
        let sampled = Array(Swift.stride(from: stride - 1, to: measured.count, by: stride))
        let (positions, spent) = (measured, actual)
        let ranged = sampled.parallelMap { index -> (variance: Double, width: Double) in
            let position = positions[index]
            let draws = ValueSimulation.values(
                snapshot.summaries[position]!, model: model, purchase: parameters, spend: spendModel.parameters,
                weeks: weeks, seed: ValueSimulation.seed(snapshot.history.accounts[position].account.id.text))
            let variance = ValueSimulation.variance(draws)
            // Within the range as the brief shows it (to the cent) when the width needed is at most 1.
            return (variance, ValueSimulation.widthNeeded(draws, bought: Double(spent[index]) / 100))
        }
        let variance = ranged.reduce(0) { $0 + $1.variance }
        let covered = ranged.count { $0.width <= 1 }
        // The simulated accounts' variance stands for all of them.
        let spread =
            ranged.isEmpty
            ? 0 : LifetimeTotal.z90 * (variance * Double(predicted.count) / Double(ranged.count)).squareRoot()
        let actualTotal = actual.reduce(0, &+)
        let predictedTotal = predicted.reduce(0, +)
        return .success(
            ValueBacktest(
                asOf: snapshot.date, horizonWeeks: weeks, model: model, accounts: predicted.count,
                predictedPurchases: predictedPurchases, actualPurchases: actualPurchases,
                predictedTotal: Money(roundingCents: predictedTotal * 100) ?? .zero,
                actualTotal: Money(cents: actualTotal),
                ratio: actualTotal > 0 ? predictedTotal * 100 / Double(actualTotal) : nil,
                spearman: ScoreQuality.spearman(predicted, actual.map(Double.init)),
                deciles: deciles(predicted: predicted, actualCents: actual),
                intervalCoverage: ranged.isEmpty ? nil : Double(covered) / Double(ranged.count),
                intervalAccounts: ranged.count,
                widthsNeeded: ranged.map(\.width).sorted(),
                totalLow: Money(roundingCents: max(0, predictedTotal - spread) * 100) ?? .zero,
                totalHigh: Money(roundingCents: (predictedTotal + spread) * 100) ?? .zero, totalChance: spread))
    }

    /// What an account bought after `day` up to `later`'s as-of date: cents,
    /// and purchase days (the models' unit).
    static func bought(_ id: AccountID, after day: Day, in later: PortfolioHistory) -> (cents: Int64, days: Int) {
        guard let index = later.index[id] else { return (0, 0) }
        var cents: Int64 = 0
        var days = Set<Day>()
        for order in later.accounts[index].orders where order.date > day && order.date <= later.asOf {
            cents &+= order.amount.cents
            days.insert(order.date)
        }
        return (cents, days.count)
    }

    /// Tenths of the accounts by forecast, the highest first (ties in
    /// portfolio order, so the split is deterministic); with fewer than ten
    /// accounts, one group per account.
    static func deciles(predicted: [Double], actualCents: [Int64]) -> [Decile] {
        let order = predicted.indices.sorted { (predicted[$1], $0) < (predicted[$0], $1) }
        let groups = min(10, order.count)
        return (0..<groups).map { group in
            let members = order[(order.count * group / groups)..<(order.count * (group + 1) / groups)]
            let forecast = members.reduce(0.0) { $0 + predicted[$1] }
            return Decile(
                predicted: Money(roundingCents: forecast * 100) ?? .zero,
                actual: Money(cents: members.reduce(Int64(0)) { $0 &+ actualCents[$1] }), accounts: members.count)
        }
    }
}
