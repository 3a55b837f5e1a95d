import Foundation
import RapportCore

/// The portfolio's lifetime value and its range (README, *How the figures
/// are computed*, "The range"). Customers' futures are drawn independently,
/// so the total's variance is the sum of theirs, and with more than a few
/// dozen accounts the total is close to normal: its 10th and 90th
/// percentiles are the value ∓ 1.2816 standard deviations. Accounts on the
/// simple estimate add their value and no spread.
public struct LifetimeTotal: Sendable, Equatable {
    public var value: Money
    public var low: Money
    public var high: Money
    /// Accounts whose forecast has a range (the fitted ones).
    public var accountsWithRange: Int

    /// The standard normal's 90th percentile.
    static let z90 = 1.281_551_565_545

    public init(_ forecasts: [CLVMetrics]) {
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
        let spread = Self.z90 * variance.squareRoot() * 100
        value = Money(cents: cents)
        low = Money(roundingCents: max(0, Double(cents) - spread)) ?? .zero
        high = Money(roundingCents: Double(cents) + spread) ?? value
        accountsWithRange = ranged
    }
}
