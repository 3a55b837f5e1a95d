import Foundation
import RapportCore

/// What an account's lifetime figures come from: a fitted purchase model
/// with Gamma-Gamma, or the simple estimate (docs/methodology.md#lifetime-value). `name` is the export contract's
/// `clv.model`.
public enum LifetimeSource: Sendable, Hashable {
    case fitted(PurchaseModel)
    case fallback

    public var name: String {
        switch self {
        case .fitted(let model): return model.rawValue
        case .fallback: return "fallback"
        }
    }
}

public struct CLVMetrics: Sendable, Equatable {
    /// The fitted purchase model, or the simple estimate.
    public var model: LifetimeSource
    public var pAlive: Double
    public var expectedPurchases: Double
    public var expectedSpend: Money
    public var clv: Money
    /// The 10th and 90th percentiles of the discounted value over the
    /// horizon, from `ValueSimulation` (nil for the simple estimate), and the
    /// draws' variance, which the portfolio's range adds up.
    public var low: Money?
    public var high: Money?
    public var variance: Double = 0
    public var reason: String
    /// P(alive) if no order comes, at `outlookWeeks` from the as-of date:
    /// how fast the account slips away without contact. Empty without purchases.
    public var outlook: [Double] = []

    /// Weeks after the as-of date at which `outlook` is evaluated.
    public static let outlookWeeks = Array(stride(from: 0, through: 26, by: 2))
}

/// Lifetime value (docs/methodology.md#how-the-figures-are-computed): BG/NBD for purchases and P(alive),
/// Gamma-Gamma for spend, both fitted by maximum likelihood on the whole
/// portfolio. When the data is too thin or a fit does not converge, every
/// account gets a simple, documented estimate marked `model: "fallback"`:
/// purchase days in the last 12 months continue at the same weekly rate,
/// scaled by P(alive) = min(1, 2 × usual gap ÷ days since the last
/// purchase); spend per purchase is the lifetime mean per purchase day;
/// value is discounted monthly.
public enum LifetimeValue {
    /// The fitted models, or why there are none.
    public struct Model: Sendable {
        /// Every purchase model fitted (converged), by name.
        public var fits: [PurchaseModel: BGNBD.Fit] = [:]
        public var gammaGamma: GammaGamma.Fit?
        public var customers: Int
        public var repeatCustomers: Int
        /// The purchase model the briefs use, and why that one.
        public var purchaseModel: PurchaseModel?
        public var choice: String = ""
        /// Set when the fallback is used for everyone.
        public var reason: String?
        /// The correction learned from the last measured forecast, applied
        /// to every fitted forecast when `applied` (weekly builds only).
        public var calibration: ValueCalibration?
        public var usable: Bool { reason == nil }
        public var bgnbd: BGNBD.Fit? { fits[.bgnbd] }
    }

    public static let minimumCustomers = 30
    public static let minimumRepeatCustomers = 10

    static func repeaters(_ summaries: [CustomerSummary]) -> Int {
        summaries.count { $0.frequency > 0 && $0.monetary > 0 }
    }

    /// Whether there are enough accounts with a purchase, and repeat buyers, to fit the models at all.
    public static func enoughToFit(_ summaries: [CustomerSummary]) -> Bool {
        summaries.count >= minimumCustomers && repeaters(summaries) >= minimumRepeatCustomers
    }

    /// Adds Gamma-Gamma to the purchase models already fitted on every
    /// account with a purchase, or says why the data is too thin or a fit
    /// did not converge.
    public static func fit(
        _ summaries: [CustomerSummary], fits: [PurchaseModel: BGNBD.Fit], chosen: PurchaseModel?, choice: String
    ) -> Model {
        let repeaters = repeaters(summaries)
        var model = Model(
            fits: fits, gammaGamma: nil, customers: summaries.count, repeatCustomers: repeaters,
            purchaseModel: chosen, choice: choice, reason: nil)
        guard enoughToFit(summaries) else {
            model.reason =
                "too few customers to fit: \(RiskAnalysis.plural(summaries.count, "account")) with a purchase, "
                + "\(RiskAnalysis.plural(repeaters, "repeat buyer")); the model needs \(minimumCustomers) and "
                + "\(minimumRepeatCustomers)"
            return model
        }
        let gammaGamma = GammaGamma.fit(summaries)
        model.gammaGamma = gammaGamma
        if chosen == nil {
            model.reason = "the purchase models (BG/NBD, MBG/NBD) did not converge"
        } else if !gammaGamma.converged {
            model.reason = "the Gamma-Gamma fit did not converge"
        } else if gammaGamma.parameters.q <= 1 {
            model.reason = "the Gamma-Gamma fit gives q ≤ 1, for which expected spend is undefined"
        }
        return model
    }

    /// The model's figures for one account, discounted monthly like the
    /// fallback; `nil` when a figure is not a finite number (the caller
    /// then gives the account the simple estimate and says why), so no
    /// fitted parameters can make a brief print NaN or stop the build.
    /// - Parameter seed: the customer's own draws for the range (`ValueSimulation.seed` of its id).
    public static func fitted(_ summary: CustomerSummary, model: Model, settings: ScoringSettings, seed: UInt64)
        -> CLVMetrics?
    {
        let purchaseModel = model.purchaseModel!
        let p = model.fits[purchaseModel]!.parameters
        let g = model.gammaGamma!.parameters
        let horizon = settings.clvHorizonWeeks
        let alive = purchaseModel.probabilityAlive(summary, p)
        let correction = model.calibration.flatMap { $0.applied ? $0 : nil }
        let spend = GammaGamma.expectedSpend(summary, g) * (correction?.spend ?? 1)
        let monthlyRate = pow(1 + settings.clvAnnualDiscountRate, 1.0 / 12) - 1
        // Month ends of 4.345 weeks up to the horizon, then the horizon itself.
        var ends: [Double] = []
        var month = 1.0
        while (month - 1) * 4.345 < horizon {
            ends.append(min(month * 4.345, horizon))
            month += 1
        }
        let cumulative = purchaseModel.expectedPurchases(summary, weeks: ends + [horizon], p).map {
            $0 * (correction?.purchases ?? 1)
        }
        let purchases = cumulative[ends.count]
        var value = 0.0
        var previous = 0.0
        for (index, total) in cumulative.prefix(ends.count).enumerated() {
            value += (total - previous) * spend / pow(1 + monthlyRate, Double(index + 1))
            previous = total
        }
        guard alive.isFinite, purchases.isFinite, purchases >= 0, let expectedSpend = Money(roundingCents: spend * 100),
            let clv = Money(roundingCents: value * 100)
        else { return nil }
        // The range: undiscounted draws over the horizon, discounted as the
        // forecast is (its value ÷ its undiscounted value) and corrected as it is.
        let undiscounted = purchases * spend
        let scale = (undiscounted > 0 ? value / undiscounted : 1) * (correction?.total ?? 1)
        let draws = ValueSimulation.values(
            summary, model: purchaseModel, purchase: p, spend: g, weeks: horizon, seed: seed
        ).map { $0 * scale }
        let variance = ValueSimulation.variance(draws)
        let range = ValueSimulation.range(
            draws, width: model.calibration.flatMap { $0.range.applied ? $0.range.width : nil } ?? 1)
        guard variance.isFinite, let low = Money(roundingCents: range.low * 100),
            let high = Money(roundingCents: range.high * 100)
        else { return nil }
        return CLVMetrics(
            model: .fitted(purchaseModel), pAlive: (alive * 1000).rounded() / 1000,
            expectedPurchases: (purchases * 100).rounded() / 100, expectedSpend: expectedSpend, clv: clv,
            low: low, high: high, variance: variance,
            reason: "\(purchaseModel.title) and Gamma-Gamma fitted on \(model.customers) accounts"
                + (correction.map {
                    ", calibrated ×\(String(format: "%.2f", $0.purchases)) purchases and ×\(String(format: "%.2f", $0.spend)) "
                        + "spend on what was bought after \($0.learnedOn?.iso ?? "")"
                } ?? ""),
            outlook: CLVMetrics.outlookWeeks.map { weeks in
                var later = summary
                later.age += Double(weeks)
                let alive = purchaseModel.probabilityAlive(later, p)
                return alive.isFinite ? (alive * 1000).rounded() / 1000 : 0
            })
    }

    /// Why an account whose fitted figures are not finite got the simple estimate.
    public static func notFinite(_ model: Model, settings: ScoringSettings) -> String {
        let name = model.purchaseModel?.title ?? "the purchase model"
        return "\(name) gives no finite figure for this account over \(Int(saturating: settings.clvHorizonWeeks)) weeks"
    }

    public static func fallback(
        _ history: AccountHistory, value: ValueMetrics, asOf: Day, settings: ScoringSettings, reason why: String? = nil
    ) -> CLVMetrics {
        guard let last = value.lastOrder else {
            return CLVMetrics(
                model: .fallback, pAlive: 0, expectedPurchases: 0, expectedSpend: .zero, clv: .zero,
                reason: "no purchases: nothing to project")
        }
        let days = Set(history.orders.map(\.date))
        let year = DayWindow(endingOn: asOf, length: 365)
        let recentDays = days.count { year.contains($0) }
        let gap = Double(max(value.typicalIntervalDays ?? 90, 1))
        let since = Double(asOf.days(since: last))
        let pAlive = min(1, 2 * gap / max(since, 1))
        let purchases = Double(recentDays) / 52 * settings.clvHorizonWeeks * pAlive
        let spend = Money(cents: value.revenueLifetime.cents / Int64(max(days.count, 1)))
        let clv = discounted(spend: spend, purchases: purchases, settings: settings)
        let outlook = CLVMetrics.outlookWeeks.map { weeks in
            (min(1, 2 * gap / max(since + Double(7 * weeks), 1)) * 1000).rounded() / 1000
        }
        return CLVMetrics(
            model: .fallback, pAlive: (pAlive * 1000).rounded() / 1000,
            expectedPurchases: (purchases * 100).rounded() / 100, expectedSpend: spend, clv: clv,
            reason:
                "simple estimate (\(why ?? "the statistical model is not fitted")): \(recentDays) purchase days in 12 "
                + "months, last \(Int(saturating: since)) days ago against a usual gap of \(Int(saturating: gap)) days",
            outlook: outlook)
    }

    /// Spreads the expected purchases evenly over the horizon's months and
    /// discounts each month at the monthly equivalent of the annual rate; at
    /// rate 0 it is spend × purchases.
    public static func discounted(spend: Money, purchases: Double, settings: ScoringSettings) -> Money {
        let months = settings.clvHorizonWeeks / 4.345
        let monthlyRate = pow(1 + settings.clvAnnualDiscountRate, 1.0 / 12) - 1
        let perMonth = Double(spend.cents) * purchases / months
        var total = 0.0
        var month = 1.0
        while month <= months.rounded(.up) {
            let fraction = min(1, months - (month - 1))
            total += perMonth * fraction / pow(1 + monthlyRate, month)
            month += 1
        }
        return Money(roundingCents: total) ?? .zero
    }
}
