import Foundation
import Rapport
import RapportCore
import RapportLoad
import RapportTestSupport
import Testing

@testable import RapportAnalyze

/// Issue 25, point 2: one line of site.yaml stopped `check`, `build` and
/// `serve` (exit 132) — a setting inside its documented range, and values
/// the reader let through that the figures could not take.
@Suite struct SettingsBoundsTests {
    /// A copy of the demo site with `extra` appended to its site.yaml.
    func demo(with extra: String) -> String {
        let site = Fixtures.temporaryDirectory() + "/content"
        try! FileManager.default.copyItem(atPath: Fixtures.packageRoot + "/content", toPath: site)
        Fixtures.write(Fixtures.read(site + "/site.yaml") + extra, to: site + "/site.yaml")
        return site
    }

    /// Each account's expected purchases in `exports/accounts.json`, by id.
    func expectedPurchases(_ site: String) throws -> [String: Double] {
        let output = (site as NSString).deletingLastPathComponent + "/out"
        let result = Pipeline.build(BuildOptions(site: site, output: output), today: Fixtures.fixtureToday)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted.map(\.description))")
        let accounts =
            try JSONSerialization.jsonObject(with: Data(Fixtures.read(output + "/exports/accounts.json").utf8))
            as? [[String: Any]] ?? []
        var purchases: [String: Double] = [:]
        for account in accounts {
            let clv = account["clv"] as? [String: Any] ?? [:]
            purchases[account["account_id"] as? String ?? ""] = clv["expected_purchases"] as? Double ?? .nan
        }
        return purchases
    }

    /// `clv.horizon_weeks: 260`, inside the documented 1–520: MBG/NBD's
    /// expectation was NaN on the demo and `Int64(NaN)` trapped. Now every
    /// figure is a number, and no account expects fewer purchases over 5 or
    /// 10 years than over one (the expectation grows with the horizon).
    @Test func aLongLifetimeHorizonBuildsTheDemo() throws {
        let oneYear = demo(with: "")
        defer { try? FileManager.default.removeItem(atPath: (oneYear as NSString).deletingLastPathComponent) }
        let short = try expectedPurchases(oneYear)
        #expect(short.count == 64)
        for weeks in [260, 520] {
            let site = demo(with: "scoring:\n  clv:\n    horizon_weeks: \(weeks)\n")
            defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
            #expect(!Pipeline.check(BuildOptions(site: site), today: Fixtures.fixtureToday).diagnostics.hasErrors)
            let long = try expectedPurchases(site)
            #expect(long.count == 64)
            for (id, purchases) in long {
                #expect(purchases.isFinite && purchases >= (short[id] ?? .infinity), "\(id) at \(weeks) weeks")
            }
        }
    }

    func errors(_ yaml: String) -> [String] {
        var diagnostics = Diagnostics()
        _ = SiteConfig.parse(yaml, file: "site.yaml", diagnostics: &diagnostics)
        return diagnostics.errors.map { "\($0.location.line ?? 0):\($0.location.column ?? 0) \($0.message)" }
    }

    /// `risk.weights: {inactivity: inf}` (accepted as "0 or more") and a
    /// denormal 5e-324 with the others 0 (100 ÷ 5e-324 overflows) trapped in
    /// the scorer. Weights are finite, bounded, and some must be above 0.
    @Test func riskWeightsAreFiniteBoundedAndAddUpToSomething() {
        #expect(
            errors("scoring:\n  risk:\n    weights: {inactivity: inf, sentiment: nan, neglect: -1}\n") == [
                "3:27 'scoring.risk.weights.inactivity': 'inf' must be a number of points from 0 to 1000000",
                "3:43 'scoring.risk.weights.sentiment': 'nan' must be a number of points from 0 to 1000000",
                "3:57 'scoring.risk.weights.neglect': '-1' must be a number of points from 0 to 1000000",
            ])
        let zeros =
            "{inactivity: 0, spend_decline: 0, open_problems: 0, customer_effort: 0, "
            + "competitor_contact: 0, sentiment: 0, neglect: 0}"
        #expect(
            errors("scoring:\n  risk:\n    weights: \(zeros)\n") == [
                "3:14 'scoring.risk.weights': the points add up to 0; give at least one factor some points"
            ])
        // A denormal is a number of points: inactivity gets all 100.
        var diagnostics = Diagnostics()
        let denormal = zeros.replacingOccurrences(of: "inactivity: 0", with: "inactivity: 5e-324")
        let config = SiteConfig.parse(
            "scoring:\n  risk:\n    weights: \(denormal)\n", file: "site.yaml", diagnostics: &diagnostics)
        #expect(diagnostics.errors.isEmpty)
        let scorer = RiskScorer.handSet(config.settings.scoring, data: RiskData())
        #expect(scorer.weights == [100] + Array(repeating: 0, count: 11))
        #expect(scorer.value(RiskSeverities(values: [0.5] + Array(repeating: 1, count: 11), reasons: [])) == 50)
    }

    /// `accounts_per_page: 9223372036854775807` overflowed the page count.
    @Test func accountsPerPageAndPitchAnswersHaveRanges() {
        #expect(
            errors("accounts_per_page: 9223372036854775807\npitch:\n  strong_answers: 0\n") == [
                "1:20 'accounts_per_page': 9223372036854775807 must be a whole number from 1 to 100000",
                "3:19 'pitch.strong_answers': 0 must be a whole number from 1 to 1000000",
            ])
        #expect(errors("accounts_per_page: 100000\n").isEmpty)
    }

    /// A count is not cut: `neglect_days: 1.5` was read as 1 day.
    @Test func countsMustBeWholeNumbers() {
        #expect(
            errors("scoring:\n  risk: { neglect_days: 1.5, high_from: 60.5 }\n  upkeep_tickets: 1e300\n") == [
                "2:25 'scoring.risk.neglect_days': '1.5' must be a whole number from 1 to 3650",
                "3:19 'scoring.upkeep_tickets': '1e300' must be a whole number from 1 to 1000",
            ])
        // Every numeric setting is listed, with the range the reader applies.
        let paths = SiteConfig.numericSettings.map(\.path)
        #expect(paths.count == 3 + 22 + 12 && Set(paths).count == paths.count)
        #expect(paths.contains("scoring.clv.horizon_weeks") && paths.contains("scoring.risk.weights.neglect"))
    }
}
