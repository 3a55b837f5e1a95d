import Foundation
import RapportCore

public struct CLVMetrics: Sendable, Equatable {
    /// "bgnbd" or "fallback".
    public var model: String
    public var pAlive: Double
    public var expectedPurchases: Double
    public var expectedSpend: Money
    public var clv: Money
    public var reason: String
}

/// Lifetime value. Until the BG/NBD fit (SPEC §4.2) lands, every account gets
/// this simple, documented estimate, marked `model: "fallback"`:
/// purchase days in the last 12 months continue at the same weekly rate,
/// scaled by P(alive) = min(1, 2 × usual gap ÷ days since the last
/// purchase); spend per purchase is the lifetime mean per purchase day;
/// value is discounted monthly.
public enum LifetimeValue {
    public static func fallback(_ history: AccountHistory, value: ValueMetrics, asOf: Day, settings: ScoringSettings)
        -> CLVMetrics
    {
        guard let last = value.lastOrder else {
            return CLVMetrics(
                model: "fallback", pAlive: 0, expectedPurchases: 0, expectedSpend: .zero, clv: .zero,
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
        return CLVMetrics(
            model: "fallback", pAlive: (pAlive * 1000).rounded() / 1000,
            expectedPurchases: (purchases * 100).rounded() / 100, expectedSpend: spend, clv: clv,
            reason: "simple estimate (the statistical model is not fitted yet): \(recentDays) purchase days in 12 "
                + "months, last \(Int(since)) days ago against a usual gap of \(Int(gap)) days")
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
        return Money(cents: Int64(total.rounded()))
    }
}
