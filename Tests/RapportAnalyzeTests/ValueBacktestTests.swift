import Foundation
import Rapport
import RapportCore
import RapportTestSupport
import Testing

@testable import RapportAnalyze

/// The lifetime-value forecast on trial (issue 28): its measures worked by
/// hand, and the whole backtest against what a build on the backtest date
/// really forecast and what the orders file says was bought after.
@Suite struct ValueBacktestTests {
    @Test func spearmanByHand() {
        // Ranks of y (ties share 3.5): 1 2 3.5 5 3.5 against 1…5; centred on 3,
        // Σ dx·dy = 4 + 1 + 0 + 2 + 1 = 8, Σ dx² = 10, Σ dy² = 9.5: ρ = 8/√95.
        let rho = ScoreQuality.spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])!
        #expect(abs(rho - 8 / 95.0.squareRoot()) < 1e-12)
        #expect(ScoreQuality.spearman([1, 2, 3], [30, 20, 10]) == -1)
        // A monotone but not linear relation is a perfect ranking.
        #expect(ScoreQuality.spearman([1, 2, 3, 4], [1, 8, 27, 64]) == 1)
        #expect(ScoreQuality.spearman([1, 2, 3], [4, 4, 4]) == nil)
        #expect(ScoreQuality.spearman([1], [2]) == nil)
    }

    @Test func decilesByHand() {
        // Twelve accounts, forecasts in dollars, bought (cents) = 100 × position.
        let predicted: [Double] = [5, 1, 3, 3, 9, 0, 2, 7, 4, 6, 8, 10]
        let bought = (0..<12).map { Int64($0 * 100) }
        let deciles = ValueBacktest.deciles(predicted: predicted, actualCents: bought)
        // Highest forecast first, the 3s in portfolio order; tenths split at
        // 12·g/10 = 0 1 2 3 4 6 7 8 9 10 12, so the fifth and last hold two.
        #expect(deciles.map(\.accounts) == [1, 1, 1, 1, 2, 1, 1, 1, 1, 2])
        #expect(deciles.map(\.predicted.cents) == [1000, 900, 800, 700, 1100, 400, 300, 300, 200, 100])
        #expect(deciles.map(\.actual.cents) == [1100, 400, 1000, 700, 900, 800, 200, 300, 600, 600])
        // Fewer than ten accounts: one group each.
        #expect(ValueBacktest.deciles(predicted: [2, 7], actualCents: [5, 9]).map(\.actual.cents) == [9, 5])
    }

    /// Build as of X with a 26-week lifetime horizon, and as of X − 26
    /// weeks: the backtest's forecast is the earlier build's own expected
    /// purchases × expected spend, and what was bought comes from the orders file.
    @Test func theValueBacktestIsWhatABuildAsOfItsDateForecast() throws {
        let root = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteScaffold.sample(accounts: 400, seed: 11, to: root + "/site")
        let yaml = root + "/site/site.yaml"
        try (Fixtures.read(yaml) + "scoring:\n  clv:\n    horizon_weeks: 26\n    annual_discount_rate: 0\n")
            .write(toFile: yaml, atomically: true, encoding: .utf8)
        let asOf = "2026-11-16"
        let backtestDate = Day(iso: asOf)!.adding(days: -182)
        for (folder, day) in [("now", Day(iso: asOf)!), ("then", backtestDate)] {
            #expect(
                Pipeline.build(
                    BuildOptions(site: root + "/site", output: root + "/" + folder, asOf: day),
                    today: Fixtures.fixtureToday
                ).succeeded)
        }
        let model =
            try JSONSerialization.jsonObject(with: Data(Fixtures.read(root + "/now/exports/model.json").utf8))
            as! [String: Any]
        let value = (model["backtest"] as! [String: Any])["value"] as! [String: Any]
        let purchaseModel = value["model"] as! String
        // What each account bought after the backtest date, from the orders file.
        var bought: [String: Int64] = [:]
        for line in Fixtures.read(root + "/site/data/orders.csv").split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields[1] > backtestDate.iso && fields[1] <= asOf else { continue }
            bought[fields[0], default: 0] += Int64((Double(fields[2])! * 100).rounded())
        }
        let accounts =
            try JSONSerialization.jsonObject(with: Data(Fixtures.read(root + "/then/exports/accounts.json").utf8))
            as! [[String: Any]]
        var forecasts: [Double] = []
        var actuals: [Double] = []
        for account in accounts {
            let clv = account["clv"] as! [String: Any]
            guard clv["model"] as? String == purchaseModel else { continue }
            forecasts.append((clv["expected_purchases"] as! Double) * (clv["expected_spend"] as! Double))
            actuals.append(Double(bought[account["account_id"] as! String] ?? 0) / 100)
        }
        #expect(value["accounts"] as? Int == forecasts.count)
        let actualTotal = actuals.reduce(0, +)
        let predictedTotal = forecasts.reduce(0, +)
        #expect(abs((value["actual_total"] as! Double) - actualTotal) < 0.005, "\(value["actual_total"]!)")
        // The earlier build rounded purchases to hundredths: a tolerance of 0.1 %.
        #expect(abs((value["predicted_total"] as! Double) / predictedTotal - 1) < 1e-3, "\(value["predicted_total"]!)")
        #expect(abs((value["ratio"] as! Double) - predictedTotal / actualTotal) < 1e-3)
        let spearman = ScoreQuality.spearman(forecasts, actuals)!
        #expect(abs((value["spearman"] as! Double) - spearman) < 0.01, "\(value["spearman"]!) vs \(spearman)")
        let deciles = value["deciles"] as! [[String: Any]]
        #expect(deciles.count == 10)
        #expect(deciles.map { $0["accounts"] as! Int }.reduce(0, +) == forecasts.count)
        #expect(abs(deciles.map { $0["actual"] as! Double }.reduce(0, +) - actualTotal) < 0.005)
        // The calibration learned on this window: the factors that would have made it match.
        let calibration = model["calibration"] as! [String: Any]
        let purchases = value["purchases"] as! [String: Any]
        let purchaseFactor = Double(purchases["actual"] as! Int) / (purchases["predicted"] as! Double)
        #expect(abs((calibration["purchases"] as! Double) - purchaseFactor) < 1e-5)
        #expect(abs((calibration["total"] as! Double) - actualTotal / predictedTotal) < 1e-3)
        #expect(calibration["learned_on"] as? String == backtestDate.iso)
        let check = calibration["check"] as! [String: Any]
        #expect(check["window"] as? String == backtestDate.iso)
        #expect(check["learned_on"] as? String == backtestDate.adding(days: -182).iso)
        #expect(abs((check["ratio_before"] as! Double) - (value["ratio"] as! Double)) < 1e-6)
        // The ranges' width is learned on the same window: as drawn they held the reported coverage.
        let range = calibration["range"] as! [String: Any]
        #expect(range["coverage_before"] as? Double == value["interval_coverage"] as? Double)
        // Under 2,000 accounts every one is simulated for the ranges' coverage.
        #expect(value["interval_accounts"] as? Int == forecasts.count)
        let coverage = value["interval_coverage"] as! Double
        #expect(coverage > 0 && coverage <= 1)
        // The portfolio's total is the accounts' values added up, inside its own range.
        let nowAccounts =
            try JSONSerialization.jsonObject(with: Data(Fixtures.read(root + "/now/exports/accounts.json").utf8))
            as! [[String: Any]]
        let clvs = nowAccounts.map { ($0["clv"] as! [String: Any]) }
        let total = (model["lifetime_value"] as! [String: Any])
        let summed = clvs.map { $0["clv"] as! Double }.reduce(0, +)
        #expect(abs((total["total"] as! Double) - summed) < 0.01)
        #expect((total["low"] as! Double) < summed && summed < (total["high"] as! Double))
        #expect(total["accounts_with_range"] as? Int == clvs.count { $0["low"] is Double })
        for clv in clvs where clv["low"] is Double {
            #expect((clv["low"] as! Double) <= (clv["high"] as! Double))
        }
        let scores = Fixtures.read(root + "/now/scores/index.html")
        #expect(scores.contains("The ranges: "))
        #expect(scores.contains("How close the value forecasts came"))
        #expect(scores.contains("class=\"chart calibration\""))
    }
}
