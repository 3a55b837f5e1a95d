import Foundation
import RapportCore

/// A correction of the lifetime-value forecast learned from how far the
/// last measured forecast missed (docs/methodology.md#how-good-are-these-scores,
/// "Calibration"), split where the miss sits: purchase days forecast
/// against made, and spend per purchase day forecast against spent.
///
/// Honest by construction: learned from the value backtest as of h weeks
/// before the as-of date, whose outcomes end on it, so nothing after the
/// as-of date is read. And itself backtested: the same rule one window
/// earlier (the forecast as of 2h weeks before, checked against the h weeks
/// after it) gives a correction that is applied to the later window's
/// forecast; only when that brought the later forecast closer to what was
/// bought, and the miss is beyond `minimumMiss`, is the build's forecast
/// corrected.
public struct ValueCalibration: Sendable, Equatable {
    /// Factors for each account's expected purchases and expected spend per
    /// purchase, as learned; the forecasts use them only when `applied`.
    public var purchases: Double
    public var spend: Double
    public var total: Double { purchases * spend }
    public var applied: Bool
    /// The backtest date of the window it was learned on.
    public var learnedOn: Day?
    /// The check: the later window's forecast ÷ bought, without and with
    /// the correction learned one window earlier.
    public var check: Check?
    /// Why it is, or is not, applied, in words (a clause).
    public var reason: Reason
    /// How far the forecast as the portal makes it missed on the last
    /// window, |bought ÷ forecast − 1| — after the correction when it is
    /// applied (the check's) — what the total's range adds for the
    /// models' misfit (`LifetimeTotal`); nil when nothing was measured.
    public var totalMiss: Double?
    /// The ranges' width the same way: the width that would have held 80 %
    /// of the last window's accounts, applied to every range when the width
    /// learned one window earlier brought that window's coverage nearer 80 %
    /// and its coverage was more than 5 points away.
    public var range = RangeWidth()

    public struct RangeWidth: Sendable, Equatable {
        public var width = 1.0
        public var applied = false
        /// The last window's coverage as drawn, and with the width learned one window earlier.
        public var coverageBefore: Double?
        public var coverageAfter: Double?
        public var reason = Reason()
    }

    /// The share of ranges the coverage aims at, and how far from it is close enough.
    public static let coverageAim = 0.8
    public static let coverageTolerance = 0.05

    /// The least width that holds `coverageAim` of the accounts whose
    /// needed widths are `sorted`; nil without any.
    static func width(holding sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let needed = Int(saturating: (coverageAim * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count, needed) - 1)]
    }

    /// The share of `sorted` needed widths at most `width`.
    static func coverage(_ sorted: [Double], width: Double) -> Double {
        Double(sorted.count { $0 <= width }) / Double(sorted.count)
    }

    static func learnWidth(latest: ValueBacktest?, earlier: ValueBacktest?) -> RangeWidth {
        var result = RangeWidth()
        guard let latest, let learned = width(holding: latest.widthsNeeded), learned.isFinite else {
            result.reason = "no measured ranges to learn from"
            return result
        }
        result.width = learned
        let before = coverage(latest.widthsNeeded, width: 1)
        result.coverageBefore = before
        guard let earlier, let previous = width(holding: earlier.widthsNeeded), previous.isFinite else {
            result.reason = "too little history to check a width first"
            return result
        }
        let after = coverage(latest.widthsNeeded, width: previous)
        result.coverageAfter = after
        // A gain within the coverage's own standard error is no evidence.
        let error = (coverageAim * (1 - coverageAim) / Double(latest.widthsNeeded.count)).squareRoot()
        if abs(before - coverageAim) <= coverageTolerance {
            result.reason = "the ranges as drawn already held within 5 points of 80 %"
        } else if abs(after - coverageAim) >= abs(before - coverageAim) - error {
            result.reason =
                "the width learned one window earlier did not bring the coverage nearer 80 % by more than its "
                + "standard error"
        } else {
            result.applied = true
            result.reason = "the width learned one window earlier brought the coverage nearer 80 %"
        }
        return result
    }

    public struct Check: Sendable, Equatable {
        public var window: Day
        public var learnedOn: Day
        public var ratioBefore: Double
        public var ratioAfter: Double
    }

    /// A forecast within this share of what was bought is left alone: the
    /// correction would mostly be noise.
    public static let minimumMiss = 0.05

    static let none = ValueCalibration(
        purchases: 1, spend: 1, applied: false, learnedOn: nil, check: nil, reason: "")

    /// The factors that would have made `test`'s forecast match what was
    /// bought, purchases and spend separately; nil when either side is empty.
    static func factors(_ test: ValueBacktest) -> (purchases: Double, spend: Double)? {
        guard test.predictedPurchases > 0, test.actualPurchases > 0, test.predictedTotal.cents > 0,
            test.actualTotal.cents > 0
        else { return nil }
        let purchases = Double(test.actualPurchases) / test.predictedPurchases
        let predictedSpend = Double(test.predictedTotal.cents) / test.predictedPurchases
        let actualSpend = Double(test.actualTotal.cents) / Double(test.actualPurchases)
        return (purchases, actualSpend / predictedSpend)
    }

    /// - Parameters:
    ///   - latest: the value backtest as of h weeks before the as-of date.
    ///   - earlier: the same as of 2h weeks before, checked against the h weeks after it.
    public static func learn(
        latest: Result<ValueBacktest, ValueBacktest.Missing>?,
        earlier: Result<ValueBacktest, ValueBacktest.Missing>?
    ) -> ValueCalibration {
        var result = learnTotal(latest: latest, earlier: earlier)
        result.range = learnWidth(latest: try? latest?.get(), earlier: try? earlier?.get())
        return result
    }

    static func learnTotal(
        latest: Result<ValueBacktest, ValueBacktest.Missing>?,
        earlier: Result<ValueBacktest, ValueBacktest.Missing>?
    ) -> ValueCalibration {
        guard case .success(let test)? = latest, let learned = factors(test), let ratio = test.ratio else {
            var result = none
            result.reason =
                "no measured forecast to learn from: the value backtest needs fitted models and purchases "
                + "in the window after its date"
            return result
        }
        var result = ValueCalibration(
            purchases: learned.purchases, spend: learned.spend, applied: false, learnedOn: test.asOf, check: nil,
            reason: "", totalMiss: ValueBacktest.miss(ratio: ratio))
        guard case .success(let previous)? = earlier, let previousFactors = factors(previous) else {
            result.reason =
                "too little history to check a correction first (it needs a forecast measured one "
                + "window earlier, as of \(test.asOf.adding(days: -Int(saturating: test.horizonWeeks * 7)).iso))"
            return result
        }
        let after = ratio * previousFactors.purchases * previousFactors.spend
        result.check = Check(window: test.asOf, learnedOn: previous.asOf, ratioBefore: ratio, ratioAfter: after)
        let miss = abs(log(ratio))
        if abs(log(after)) >= miss {
            result.reason =
                "the same correction learned one window earlier did not bring that window's forecast "
                + "closer to what was bought"
            return result
        }
        if miss < log(1 + minimumMiss) {
            result.reason = "the last forecast came within \(percent: minimumMiss) of what was bought"
            return result
        }
        result.applied = true
        result.totalMiss = ValueBacktest.miss(ratio: after)
        result.reason =
            "the same correction learned one window earlier brought that window's forecast closer to what was bought"
        return result
    }
}
