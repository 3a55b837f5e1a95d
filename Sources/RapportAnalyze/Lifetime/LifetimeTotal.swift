import Foundation
import RapportCore

/// The portfolio's lifetime value and its range (docs/methodology.md#how-the-figures-are-computed, "The range").
/// Customers' futures are drawn independently, so the total's variance from their own chance is the sum of theirs, and
/// with more than a few dozen accounts the total is close to normal: its
/// 10th and 90th percentiles are the value ∓ 1.2816 standard deviations.
/// That leaves out what moves every customer at once — the models' misfit,
/// which no customer's draws hold — so the forecast's measured miss on the
/// last window is added to it (`spread`). Accounts on the simple estimate
/// add their value and no spread.
public struct LifetimeTotal: Sendable, Equatable {
    public var value: Money
    public var low: Money
    public var high: Money
    /// Accounts whose forecast has a range (the fitted ones).
    public var accountsWithRange: Int
    /// The share of the total added to the range for the models' miss; nil when none was measured.
    public var miss: Double?

    /// The standard normal's 90th percentile.
    static let z90 = 1.281_551_565_545

    /// The range's reach either side of `total`: customers' own chance
    /// (`chance`, already × z90) and the miss in proportion to the total,
    /// as independent errors.
    static func spread(chance: Double, total: Double, miss: Double?) -> Double {
        let model = (miss ?? 0) * abs(total)
        return (chance * chance + model * model).squareRoot()
    }

    /// - Parameter miss: how far the forecast missed what was bought on the
    ///   last measured window, as a share (`ValueCalibration.totalMiss`).
    public init(_ forecasts: [CLVMetrics], miss: Double? = nil) {
        var cents: Int64 = 0
        var variance = 0.0
        var ranged = 0
        for forecast in forecasts {
            cents &+= forecast.clv.cents
            if forecast.low != nil {
                variance += forecast.variance
                ranged += 1
            }
        }
        let spread = Self.spread(chance: Self.z90 * variance.squareRoot() * 100, total: Double(cents), miss: miss)
        value = Money(cents: cents)
        self.miss = miss
        low = Money(roundingCents: max(0, Double(cents) - spread)) ?? .zero
        high = Money(roundingCents: Double(cents) + spread) ?? value
        accountsWithRange = ranged
    }
}
