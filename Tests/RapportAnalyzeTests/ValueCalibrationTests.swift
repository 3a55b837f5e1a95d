import Foundation
import RapportTestSupport
import Testing

@testable import RapportAnalyze
@testable import RapportCore

/// The value forecast's correction (issue 28): learned from the last
/// measured forecast, purchases and spend apart, and applied only when the
/// same rule one window earlier would have helped.
@Suite struct ValueCalibrationTests {
    /// A measured forecast: purchases and dollars forecast against made.
    func measured(
        on day: String, predictedPurchases: Double, actualPurchases: Int, predicted: Int64, actual: Int64
    ) -> Result<ValueBacktest, ValueBacktest.Missing> {
        .success(
            ValueBacktest(
                asOf: Day(iso: day)!, horizonWeeks: 26, model: .bgnbd, accounts: 10,
                predictedPurchases: predictedPurchases, actualPurchases: actualPurchases,
                predictedTotal: Money(cents: predicted * 100), actualTotal: Money(cents: actual * 100),
                ratio: Double(predicted) / Double(actual), spearman: nil, deciles: [], intervalCoverage: nil,
                intervalAccounts: 0, totalLow: .zero, totalHigh: .zero))
    }

    @Test func factorsSplitTheMissByHand() throws {
        // 100 purchases of $100 forecast; 80 made at $150: purchases 0.8,
        // spend 150/100 = 1.5, in all 12,000/10,000 = 1.2.
        guard
            case .success(let test) = measured(
                on: "2026-05-22", predictedPurchases: 100, actualPurchases: 80, predicted: 10_000, actual: 12_000)
        else { return }
        let factors = try #require(ValueCalibration.factors(test))
        #expect(abs(factors.purchases - 0.8) < 1e-12)
        #expect(abs(factors.spend - 1.5) < 1e-12)
    }

    @Test func appliedWhenTheEarlierCorrectionHelped() {
        // Latest: forecast $12,500 for 100 purchases, bought $10,000 in 80:
        // 25 % too high; factors 0.8 and 1.0. Earlier: 0.85 in all, which
        // takes the latest forecast to 1.25 × 0.85 = 1.0625: closer, so applied.
        let calibration = ValueCalibration.learn(
            latest: measured(
                on: "2026-05-22", predictedPurchases: 100, actualPurchases: 80, predicted: 12_500, actual: 10_000),
            earlier: measured(
                on: "2025-11-21", predictedPurchases: 100, actualPurchases: 85, predicted: 10_000, actual: 8_500))
        #expect(calibration.applied)
        #expect(abs(calibration.purchases - 0.8) < 1e-12 && abs(calibration.spend - 1) < 1e-12)
        #expect(calibration.learnedOn == Day(iso: "2026-05-22"))
        #expect(abs(calibration.check!.ratioBefore - 1.25) < 1e-12)
        #expect(abs(calibration.check!.ratioAfter - 1.0625) < 1e-12)
        // What the total's range adds: the corrected forecast's miss,
        // bought ÷ forecast = 1 / 1.0625, 5.88 % short of it.
        #expect(abs(calibration.totalMiss! - (1 - 1 / 1.0625)) < 1e-12)
    }

    /// The total's range by hand: two fitted accounts of $1,000 with
    /// variances 300² and 400² (so 500² together), one simple estimate of
    /// $500 with none. Own chance: 1.2816 × 500 = $640.78 either side; with
    /// a 10 % miss of the $2,500 total ($250): √(640.78² + 250²) = $687.82.
    @Test func theTotalsRangeAddsTheMeasuredMiss() {
        func forecast(_ dollars: Int64, variance: Double?) -> CLVMetrics {
            CLVMetrics(
                model: variance == nil ? .fallback : .fitted(.bgnbd), pAlive: 1, expectedPurchases: 1,
                expectedSpend: Money(cents: dollars * 100), clv: Money(cents: dollars * 100),
                low: variance == nil ? nil : Money(cents: 50_000), high: variance == nil ? nil : Money(cents: 150_000),
                variance: variance ?? 0, reason: "")
        }
        func fitted(_ variance: Double) -> CLVMetrics { forecast(1_000, variance: variance) }
        let simple = forecast(500, variance: nil)
        let forecasts = [fitted(90_000), fitted(160_000), simple]
        let chance = LifetimeTotal(forecasts)
        #expect(chance.value == Money(cents: 250_000) && chance.accountsWithRange == 2 && chance.miss == nil)
        let reach = 1.281_551_565_545 * 500
        #expect(chance.low == Money(roundingCents: (2_500 - reach) * 100))
        #expect(chance.high == Money(roundingCents: (2_500 + reach) * 100))
        let missed = LifetimeTotal(forecasts, miss: 0.1)
        let wider = (reach * reach + 250 * 250).squareRoot()
        #expect(abs(wider - 687.82) < 0.01)
        #expect(missed.low == Money(roundingCents: (2_500 - wider) * 100))
        #expect(missed.high == Money(roundingCents: (2_500 + wider) * 100))
    }

    /// The backtest's total gets the miss of the window before it: that
    /// window forecast $10,000 and $8,000 was bought, 20 % short; the
    /// latest forecast $12,500 with $300 of own chance either side becomes
    /// √(300² + 2,500²) = $2,517.94 either side.
    @Test func theBacktestsTotalRangeAddsTheWindowBefores() throws {
        guard
            case .success(var latest) = measured(
                on: "2026-05-22", predictedPurchases: 100, actualPurchases: 80, predicted: 12_500, actual: 10_000),
            case .success(let earlier) = measured(
                on: "2025-11-21", predictedPurchases: 100, actualPurchases: 80, predicted: 10_000, actual: 8_000)
        else { return }
        latest.totalChance = 300
        latest.widen(byMissOf: nil)
        #expect(latest.totalMiss == nil && latest.totalLow == .zero)
        latest.widen(byMissOf: earlier)
        #expect(abs(latest.totalMiss! - 0.2) < 1e-12)
        let reach = (300.0 * 300 + 2_500 * 2_500).squareRoot()
        #expect(abs(reach - 2_517.94) < 0.01)
        #expect(latest.totalLow == Money(roundingCents: (12_500 - reach) * 100))
        #expect(latest.totalHigh == Money(roundingCents: (12_500 + reach) * 100))
    }

    @Test func notAppliedWhenTheCheckFailsOrTheMissIsSmall() {
        // The earlier window missed the other way (×1.25): 1.25 × 1.25 is further off.
        let wrongWay = ValueCalibration.learn(
            latest: measured(
                on: "2026-05-22", predictedPurchases: 100, actualPurchases: 80, predicted: 12_500, actual: 10_000),
            earlier: measured(
                on: "2025-11-21", predictedPurchases: 80, actualPurchases: 100, predicted: 8_000, actual: 10_000))
        #expect(!wrongWay.applied)
        #expect(wrongWay.reason.words.contains("did not bring"))
        // 3 % too high, and the check helps: still below the 5 % worth correcting.
        let small = ValueCalibration.learn(
            latest: measured(
                on: "2026-05-22", predictedPurchases: 100, actualPurchases: 100, predicted: 10_300, actual: 10_000),
            earlier: measured(
                on: "2025-11-21", predictedPurchases: 100, actualPurchases: 100, predicted: 10_200, actual: 10_000))
        #expect(!small.applied)
        #expect(small.reason.words.contains("within 5 %"))
        // No earlier window: learned for the record, not applied.
        let young = ValueCalibration.learn(
            latest: measured(
                on: "2026-05-22", predictedPurchases: 100, actualPurchases: 80, predicted: 12_500, actual: 10_000),
            earlier: .failure(.notFitted("too few customers")))
        #expect(!young.applied && young.learnedOn == Day(iso: "2026-05-22") && young.check == nil)
        #expect(young.reason.words.contains("2025-11-21"))
        let none = ValueCalibration.learn(latest: nil, earlier: nil)
        #expect(!none.applied && none.learnedOn == nil)
    }

    /// A window whose accounts needed these range widths.
    func ranged(_ widths: [Double]) -> ValueBacktest {
        guard
            case .success(var test) = measured(
                on: "2026-05-22", predictedPurchases: 100, actualPurchases: 100, predicted: 100, actual: 100)
        else { fatalError() }
        test.widthsNeeded = widths.sorted()
        return test
    }

    @Test func theRangeWidthIsLearnedAndCheckedByHand() {
        // Ten accounts: 4 held at width 1 (40 %); 80 % needs the 8th smallest, 3.
        let latest = ranged([0, 0.5, 0.9, 1, 1.2, 1.5, 2, 3, 4, 10])
        #expect(ValueCalibration.width(holding: latest.widthsNeeded) == 3)
        #expect(ValueCalibration.coverage(latest.widthsNeeded, width: 1) == 0.4)
        // One window earlier 80 % needed 2: on the latest window that holds 7 of 10,
        // 0.3 nearer 80 % — more than the coverage's standard error, √(0.16/10) = 0.13.
        let applied = ValueCalibration.learnWidth(
            latest: latest, earlier: ranged([0.1, 0.2, 0.3, 0.5, 0.8, 1, 1.5, 2, 6, 9]))
        #expect(applied.applied && applied.width == 3)
        #expect(applied.coverageBefore == 0.4 && applied.coverageAfter == 0.7)
        // An earlier width of 1.1 holds 4 of 10 too: no gain, not applied.
        let noGain = ValueCalibration.learnWidth(
            latest: latest, earlier: ranged([0.1, 0.2, 0.3, 0.5, 0.8, 0.9, 1, 1.1, 6, 9]))
        #expect(!noGain.applied && noGain.coverageAfter == 0.4)
        // Already within 5 points of 80 %: left as drawn.
        let close = ValueCalibration.learnWidth(
            latest: ranged([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.9, 2, 3]), earlier: latest)
        #expect(!close.applied && close.reason.words.contains("within 5 points"))
        let young = ValueCalibration.learnWidth(latest: latest, earlier: nil)
        #expect(!young.applied && young.width == 3 && young.coverageAfter == nil)
    }

    @Test func widthsNeededAndWidenedRangesByHand() {
        // 1…10: P10 1.9, median 5.5, P90 9.1; the reach is 3.6 either side.
        let draws: [Double] = [7, 3, 10, 1, 9, 2, 8, 5, 4, 6]
        // (12.6 − 0.005 − 5.5) / 3.6 above; (5.5 − 0 − 0.005) / 3.6 below; the median needs none.
        #expect(abs(ValueSimulation.widthNeeded(draws, bought: 12.6) - 7.095 / 3.6) < 1e-12)
        #expect(abs(ValueSimulation.widthNeeded(draws, bought: 0) - 5.495 / 3.6) < 1e-12)
        #expect(ValueSimulation.widthNeeded(draws, bought: 5.5) == 0)
        #expect(ValueSimulation.widthNeeded([4, 4, 4], bought: 5) == .infinity)
        let wide = ValueSimulation.range(draws, width: 2)
        #expect(wide.low == 0 && abs(wide.high - 12.7) < 1e-12)
        let narrow = ValueSimulation.range(draws, width: 0.5)
        #expect(abs(narrow.low - 3.7) < 1e-12 && abs(narrow.high - 7.3) < 1e-12)
    }

    /// An applied correction scales an account's forecast: purchases by
    /// its factor, spend per purchase by its own, the value by both.
    @Test func anAppliedCorrectionScalesTheForecast() throws {
        let fit = BGNBD.Fit(
            parameters: BGNBD.Parameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426), logLikelihood: 0,
            converged: true, evaluations: 0, customers: 100)
        let spend = GammaGamma.Fit(
            parameters: GammaGamma.Parameters(p: 6.25, q: 3.74, gamma: 15.45), logLikelihood: 0, converged: true,
            customers: 50)
        var model = LifetimeValue.Model(
            fits: [.bgnbd: fit], gammaGamma: spend, customers: 100, repeatCustomers: 50, purchaseModel: .bgnbd)
        let customer = CustomerSummary(frequency: 4, recency: 30, age: 38, monetary: 40)
        var settings = ScoringSettings()
        settings.clvAnnualDiscountRate = 0
        let plain = try #require(LifetimeValue.fitted(customer, model: model, settings: settings, seed: 1))
        model.calibration = ValueCalibration(
            purchases: 0.5, spend: 3, applied: true, learnedOn: Day(iso: "2026-05-22"), check: nil, reason: "")
        let corrected = try #require(LifetimeValue.fitted(customer, model: model, settings: settings, seed: 1))
        #expect(abs(corrected.expectedPurchases - plain.expectedPurchases * 0.5) <= 0.01)
        #expect(abs(corrected.expectedSpend.cents - plain.expectedSpend.cents * 3) <= 2)
        // ×0.5 × 3 = ×1.5, up to a cent or two of rounding.
        #expect(plain.clv.cents > 1_000)
        #expect(abs(Double(corrected.clv.cents) - Double(plain.clv.cents) * 1.5) <= 2)
        #expect(corrected.reason.contains("calibrated ×0.50 purchases and ×3.00 spend"))
        #expect(corrected.pAlive == plain.pAlive)
        // Learned but not applied: nothing moves.
        model.calibration!.applied = false
        #expect(LifetimeValue.fitted(customer, model: model, settings: settings, seed: 1) == plain)
    }
}
