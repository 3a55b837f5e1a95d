import Foundation
import Rapport
import RapportCore
import RapportLoad
import RapportTestSupport
import Testing

@testable import RapportAnalyze

/// The risk score's rules worked by hand (docs/methodology.md#risk, and *How good are these scores*).
@Suite struct RiskScoringTests {
    static func site(_ files: [String: String]) -> String {
        let directory = Fixtures.temporaryDirectory() + "/site"
        for (name, text) in files { Fixtures.write(text, to: directory + "/" + name) }
        return directory
    }

    static func analyze(_ directory: String, asOf: String) -> Portfolio {
        let (model, diagnostics) = SiteLoader.load(directory: directory)
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        return Analyzer.analyze(model, asOf: Day(iso: asOf)!)
    }

    /// Orders only (and a tickets file with nothing up to the as-of date):
    /// only inactivity (20) and spend decline (15) are assessed, rescaled to
    /// 100: 20 × 100/35 = 57.142857…, 15 × 100/35 = 42.857142…. Z bought
    /// once, 2025-01-01: 545 days ago against the 90-day default gap (two
    /// accounts are too few for a purchase model) → (545/90 − 1)/2 ≥ 1, full;
    /// nothing in either 6-month window after an order before them → a stop,
    /// full decline. 57.14 + 42.86 = 100, high. Y bought every month to
    /// 2026-06-15: 15 days ago, spend level → 0, low.
    @Test func factorsWithoutDataAreNotAssessedAndTheRestRescaled() {
        var orders = "account_id,date,amount\nZ,2025-01-01,900\n"
        for month in 1...18 {
            let year = month <= 6 ? 2025 : 2026
            let m = month <= 6 ? month + 6 : month - 6
            orders += "Y,\(year)-\(m < 10 ? "0" : "")\(m)-15,100\n"
        }
        let directory = Self.site([
            "site.yaml": "title: Orders only\n",
            "data/accounts.csv": "account_id,name\nY,Yew Ltd\nZ,Zinc Ltd\n",
            "data/orders.csv": orders,
            "data/tickets.csv": "ticket_id,account_id,opened\nT1,Y,2026-08-01\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let portfolio = Self.analyze(directory, asOf: "2026-06-30")
        let z = portfolio.accounts.first { $0.account.id == "Z" }!
        let y = portfolio.accounts.first { $0.account.id == "Y" }!
        #expect(abs(z.risk.factors[0].points - 2000.0 / 35) < 1e-9)
        #expect(abs(z.risk.factors[1].points - 1500.0 / 35) < 1e-9)
        #expect(
            z.risk.factors[1].reason.words
                == "stopped: no spend in the last 12 months after $900 before (last order 2025-01-01)")
        #expect(z.risk.score == 100)
        #expect(z.risk.band.rawValue == "high")
        for factor in z.risk.factors.dropFirst(2).prefix(5) {
            #expect(!factor.assessed && factor.points == 0, "\(factor.name)")
        }
        // The purchase features read orders: assessed, but no hand-set points.
        for factor in z.risk.factors.suffix(RiskAnalysis.purchaseFeatures.count) {
            #expect(factor.assessed && factor.points == 0, "\(factor.name)")
        }
        #expect(z.risk.factors[2].reason.words == "not assessed: no tickets in the data")
        #expect(z.risk.factors[4].reason.words == "not assessed: no interactions in the data")
        #expect(z.risk.factors[5].reason.words == "not assessed: no feedback in the data")
        #expect(y.risk.score == 0)
        #expect(y.risk.band.rawValue == "low")
        #expect(portfolio.riskScorer?.kind == .handSet)
    }

    /// The review method's cautious customer: a 20-person bakery that has
    /// bought flour (one family) every quarter for four years and spent its
    /// whole budget (4 × 1,000 in 12 months against 4,000: no headroom) is
    /// *low*, reviewed every 365 days — not *medium* for its many order lines.
    @Test func aSingleFamilyBuyerWithoutResourcesIsLowOpportunity() {
        var orders = "account_id,date,amount,sku\n"
        for year in 2022...2026 {
            for month in [1, 4, 7, 10] where (year, month) >= (2022, 7) && (year, month) <= (2026, 4) {
                orders += "B1,\(year)-\(month < 10 ? "0" : "")\(month)-01,1000,C1\n"
            }
        }
        let directory = Self.site([
            "site.yaml": "title: Bakery\n",
            "data/accounts.csv": "account_id,name,employees,budget\nB1,Corner Bakery,20,4000\n",
            "data/products.csv":
                "sku,name,family\nC1,Flour,Consumables\nS1,Oven probe,Sensors\nW1,Planner,Software\nM1,Care plan,Maintenance\n",
            "data/orders.csv": orders,
        ])
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let bakery = Self.analyze(directory, asOf: "2026-06-30").accounts[0].opportunity
        #expect(bakery.level.rawValue == "low")
        #expect(bakery.cadenceDays == 365)
        #expect(
            bakery.reasons.map(\.words) == [
                "cautious buyer (has bought from one product family only: Consumables)", "no budget headroom ($0)",
            ])
    }

    /// Ten accounts: scores 90, 80, 80, 70, 60, 50, 40, 30, 20, 10; churned
    /// the 90, the first 80, the 70 and the 40. Of the 4 × 6 pairs the
    /// churned account scores higher in 6 + 5 + 5 + 3 = 19 and ties in one
    /// (80 and 80, half): 19.5 / 24 = 0.8125. Top tenth: the 90, churned:
    /// rate 1 against 4/10 → lift 2.5.
    @Test func aucAndLiftByHand() {
        let scores: [Double] = [90, 80, 80, 70, 60, 50, 40, 30, 20, 10]
        let churned = [true, true, false, true, false, false, true, false, false, false]
        #expect(ScoreQuality.auc(scores: scores, outcomes: churned) == 0.8125)
        #expect(ScoreQuality.topDecileLift(scores: scores, outcomes: churned) == 2.5)
        #expect(ScoreQuality.auc(scores: scores, outcomes: churned.map { _ in true }) == nil)
        let roc = ScoreQuality.rocCurve(scores: scores, outcomes: churned)
        #expect(roc.first! == (0, 0) && roc.last! == (1, 1))
    }

    /// Reference: scipy 1.17.1 `minimize(method="L-BFGS-B")` of the same
    /// objective (Σ log-loss + ½ Σ β², intercept free, β ≥ 0) on these 12
    /// rows: (−0.82417354, 1.09025476, 0.7531252); with the second outcome
    /// column the second coefficient is held at 0: (−0.15486657, 0.3379152, 0).
    @Test func logisticFitMatchesAReferenceSolver() {
        let features: [[Double]] = [
            [0, 0.1], [0.2, 0], [0.9, 0.4], [0.5, 0.5], [1, 1], [0.1, 0.9], [0.7, 0.2], [0.3, 0.3], [0.8, 0.9],
            [0, 0], [0.6, 0.1], [0.4, 0.8],
        ]
        let first = [0, 0, 1, 1, 1, 0, 1, 0, 1, 0, 0, 1].map { $0 == 1 }
        let fit = LogisticFit.fit(features: features, outcomes: first)
        #expect(fit.converged)
        #expect(abs(fit.intercept - -0.82417354) < 1e-6)
        #expect(abs(fit.coefficients[0] - 1.09025476) < 1e-6)
        #expect(abs(fit.coefficients[1] - 0.7531252) < 1e-6)
        let second = [1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0].map { $0 == 1 }
        let bound = LogisticFit.fit(features: features, outcomes: second)
        #expect(abs(bound.intercept - -0.15486657) < 1e-6)
        #expect(abs(bound.coefficients[0] - 0.3379152) < 1e-6)
        #expect(bound.coefficients[1] == 0)
    }

    /// The purchase features by hand, with hand-set points of 20 each and
    /// the factors at 0, so each feature's points are 20 × its severity.
    /// As of 2026-06-30, X bought $300 on 2024-06-30 and 2025-06-30 and $400
    /// on 2026-03-31: 3 purchase days, 2 repeats, tenure 730 days = 104.29
    /// weeks = 1.9986 years, the last 91 days = 13 weeks ago. W and V bought
    /// $500 once each, so the typical (median) lifetime spend is $500. Three
    /// customers are too few for a purchase model: expected purchases come
    /// from X's own rate, 2 / 104.29 a week × 26 = 0.4986.
    /// - expected purchases 1 / 1.4986 = 0.66728 → 13.346
    /// - recency 13 / (2 × 26) = 0.25 → 5
    /// - frequency 1 / (1 + 2) → 6.667
    /// - tenure 1 / (1 + 1.9986) = 0.33349 → 6.670
    /// - spend $1,000 ÷ $500 = 2 → 1 / 3 → 6.667
    /// Score 38.35 → 38.
    @Test func purchaseFeaturesByHand() {
        let weights = RiskAnalysis.factorOrder.map { name in
            "\(name): \(RiskAnalysis.purchaseFeatures.contains(name) ? 20 : 0)"
        }
        let directory = Self.site([
            "site.yaml": "title: Features\nscoring:\n  risk:\n    weights: {\(weights.joined(separator: ", "))}\n",
            "data/accounts.csv": "account_id,name\nX,Xeno Ltd\nW,Wren Ltd\nV,Vale Ltd\n",
            "data/orders.csv":
                "account_id,date,amount\nX,2024-06-30,300\nX,2025-06-30,300\nX,2026-03-31,400\n"
                + "W,2026-01-15,500\nV,2025-09-01,500\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let x = Self.analyze(directory, asOf: "2026-06-30").accounts.first { $0.account.id == "X" }!
        func factor(_ name: String) -> RiskFactor { x.risk.factors.first { $0.name == name }! }
        let rate = 2.0 / (730.0 / 7)
        #expect(abs(factor("expected_purchases").points - 20 / (1 + rate * 26)) < 1e-9)
        #expect(factor("expected_purchases").reason.words == "on its past rate, 0.5 purchase days in the next 26 weeks")
        #expect(abs(factor("recency").points - 5) < 1e-9)
        #expect(factor("recency").reason.words == "last purchase 3 months ago")
        #expect(abs(factor("frequency").points - 20.0 / 3) < 1e-9)
        #expect(factor("frequency").reason.words == "bought 3 times in 2.0 years")
        #expect(abs(factor("tenure").points - 20 / (1 + 730.0 / 365.25)) < 1e-9)
        #expect(factor("tenure").reason.words == "a customer for 2.0 years (first order 2024-06-30)")
        #expect(abs(factor("spend").points - 20.0 / 3) < 1e-9)
        #expect(factor("spend").reason.words == "$1,000 bought in all, 2.0× the portfolio's typical $500")
        #expect(x.risk.score == 38)
    }

    /// A fitted score is the probability × 100; the baseline and the
    /// factors' shares add up to it, and a worse severity never lowers it.
    @Test func fittedContributionsAddUpAndNeverFallWhenAFactorWorsens() {
        var settings = ScoringSettings()
        settings.riskMediumFrom = 30
        settings.riskHighFrom = 60
        let scorer = RiskScorer(
            kind: .fitted, weights: [2, 1, 0.5, 0, 0, 0, 0, 0, 0.5, 0, 0, 0], intercept: -2,
            assessed: [true, true, true, false, false, false, false, true, true, true, true, true])
        let severities = RiskSeverities(
            values: [0.5, 1, 0.2, 1, 1, 1, 1, 1, 0.4, 1, 1, 1], reasons: Array(repeating: "", count: 12))
        let metrics = scorer.score(severities, settings: settings)
        // σ(−2 + 1 + 1 + 0.1 + 0.2) = σ(0.3) = 0.57444 → 57, medium.
        #expect(metrics.score == 57)
        #expect(metrics.band.rawValue == "medium")
        let total = metrics.factors.reduce(0) { $0 + $1.points }
        #expect(abs(total - 100 / (1 + exp(-0.3))) < 1e-9)
        #expect(metrics.factors[0].name == "baseline")
        #expect(abs(metrics.factors[0].points - 100 / (1 + exp(2.0))) < 1e-9)
        for index in 0..<12 {
            var worse = severities
            worse.values[index] = 1
            #expect(scorer.score(worse, settings: settings).score >= metrics.score)
        }
    }

    /// The backtest reports what a build as of the backtest date really
    /// scored: build as of X, then as of X − 26 weeks, and count the pairs
    /// from that build's own export against what happened after.
    @Test func theBacktestIsWhatABuildAsOfItsDateScored() throws {
        let root = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SiteScaffold.sample(accounts: 400, seed: 11, to: root + "/site")
        let asOf = "2026-11-16"
        let backtestDate = Day(iso: asOf)!.adding(days: -182)
        // Every tenth account lapses half a year before the backtest date: scored
        // then (it had bought), but not active, and churned after.
        let lapsedFrom = backtestDate.adding(days: -182).iso
        let ordersPath = root + "/site/data/orders.csv"
        let orderLines = Fixtures.read(ordersPath).split(separator: "\n").map(String.init)
        let kept = orderLines.enumerated().filter { index, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard index > 0, let number = Int(fields[0].dropFirst(4)) else { return true }
            return number % 10 != 0 || String(fields[1]) <= lapsedFrom
        }
        try (kept.map(\.element).joined(separator: "\n") + "\n").write(
            toFile: ordersPath, atomically: true, encoding: .utf8)
        #expect(
            Pipeline.build(
                BuildOptions(site: root + "/site", output: root + "/now", asOf: Day(iso: asOf)!),
                today: Fixtures.fixtureToday
            ).succeeded)
        #expect(
            Pipeline.build(
                BuildOptions(site: root + "/site", output: root + "/then", asOf: backtestDate),
                today: Fixtures.fixtureToday
            ).succeeded)
        let model =
            try JSONSerialization.jsonObject(with: Data(Fixtures.read(root + "/now/exports/model.json").utf8))
            as! [String: Any]
        let backtest = model["backtest"] as! [String: Any]
        #expect(backtest["as_of"] as? String == backtestDate.iso)
        // Who bought after the backtest date, from the orders file itself.
        var boughtAfter = Set<String>()
        var boughtBefore = Set<String>()
        for line in Fixtures.read(root + "/site/data/orders.csv").split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if fields[1] > backtestDate.iso && fields[1] <= asOf { boughtAfter.insert(fields[0]) }
            if fields[1] > lapsedFrom && fields[1] <= backtestDate.iso { boughtBefore.insert(fields[0]) }
        }
        let accounts =
            try JSONSerialization.jsonObject(with: Data(Fixtures.read(root + "/then/exports/accounts.json").utf8))
            as! [[String: Any]]
        var churned: [Double] = []
        var stayed: [Double] = []
        var activeChurned: [Double] = []
        var activeStayed: [Double] = []
        var bands: [String: (Int, Int)] = [:]
        for account in accounts where (account["value"] as! [String: Any])["orders"] as! Int > 0 {
            let risk = account["risk"] as! [String: Any]
            let score = Double(risk["score"] as! Int)
            let id = account["account_id"] as! String
            let gone = !boughtAfter.contains(id)
            if gone { churned.append(score) } else { stayed.append(score) }
            if boughtBefore.contains(id) {
                if gone { activeChurned.append(score) } else { activeStayed.append(score) }
            }
            let band = risk["band"] as! String
            bands[band, default: (0, 0)].0 += 1
            if gone { bands[band, default: (0, 0)].1 += 1 }
        }
        func areaUnderCurve(_ churned: [Double], _ stayed: [Double]) -> Double {
            var wins = 0.0
            for c in churned { for s in stayed { wins += c > s ? 1 : c == s ? 0.5 : 0 } }
            return wins / Double(churned.count * stayed.count)
        }
        let auc = areaUnderCurve(churned, stayed)
        // The lapsed accounts are scored but not active: the two populations differ.
        #expect(activeChurned.count + activeStayed.count + 36 <= churned.count + stayed.count)
        let active = backtest["active"] as! [String: Any]
        #expect(active["accounts"] as? Int == activeChurned.count + activeStayed.count)
        #expect(active["churned"] as? Int == activeChurned.count)
        let activeAUC = areaUnderCurve(activeChurned, activeStayed)
        #expect(abs((active["risk_auc"] as! Double) - activeAUC) < 1e-6, "\(active["risk_auc"]!) vs \(activeAUC)")
        #expect(backtest["accounts"] as? Int == churned.count + stayed.count)
        #expect(backtest["churned"] as? Int == churned.count)
        let risk = backtest["risk"] as! [String: Any]
        #expect(abs((risk["auc"] as! Double) - auc) < 1e-6, "\(risk["auc"]!) vs \(auc)")
        let reported = risk["bands"] as! [String: [String: Any]]
        for (band, counts) in bands {
            #expect(reported[band]?["accounts"] as? Int == counts.0, "\(band)")
            #expect(reported[band]?["churned"] as? Int == counts.1, "\(band)")
        }
    }
}
