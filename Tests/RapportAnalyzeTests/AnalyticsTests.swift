import Foundation
import RapportCore
import RapportLoad
import RapportRender
import RapportTestSupport
import Testing

@testable import RapportAnalyze

/// `Fixtures/review-site`, worked by hand. As of 2026-06-30 (default scoring):
/// the 12-month window is 2025-07-01…2026-06-30; the last 6 months
/// (182 days) are 2025-12-31…2026-06-30 and the 6 before 2025-07-02…2025-12-30.
///
/// 12-month revenue: K1 2000+2000+1000+1000 = 6,000 (Jul, Oct, Jan, Apr);
/// K2 20,000+500 = 20,500; K3 3,000; K4 0 (its only order is 2024-05-01);
/// K5 500+1500+500 = 2,500 (one order, 2026-03-01); K6 0 (no orders).
/// Total 32,000. Ranked K2 (64.06 %), K1 (18.75 %), K3 (9.375 %), K5 (7.8125 %),
/// then K4 and K6 (no revenue, by id).
/// Share above: K2 0 → A; K1 .6406 → A; K3 .8281 → B; K5 .9219 → B; K4, K6 → C.
@Suite struct AnalyticsTests {
    let portfolio: Portfolio

    init() {
        let (model, diagnostics) = SiteLoader.load(directory: Fixtures.directory + "/review-site")
        #expect(diagnostics.errors.isEmpty && diagnostics.warnings.isEmpty, "\(diagnostics.sorted)")
        var compile = Diagnostics()
        let rules = PlaybookRules.compile(model.playbooks, diagnostics: &compile)
        portfolio = Analyzer.analyze(model, asOf: Day(iso: "2026-06-30")!, rules: rules)
    }

    func account(_ id: String) -> AccountAnalysis { portfolio.accounts.first { $0.account.id.text == id }! }

    func factor(_ id: String, _ name: String) -> RiskFactor {
        account(id).risk.factors.first { $0.name == name }!
    }

    @Test func tiers() {
        #expect(["K1", "K2", "K3", "K4", "K5", "K6"].map { account($0).value.tier } == [.a, .a, .b, .c, .b, .c])
        #expect(["K2", "K1", "K3", "K5", "K4", "K6"].map { account($0).value.rank } == [1, 2, 3, 4, 5, 6])
        #expect(account("K2").value.share12m == 0.640625)
        #expect(account("K5").value.share12m == 0.078125)
        #expect(account("K2").value.orders == 1)  // two lines of order O-9
        // K1 purchase-day gaps 90, 91, 92, 92, 90 → median 91.
        #expect(account("K1").value.typicalIntervalDays == 91)
    }

    /// K1: 15 + 7.5 + 20 + 10 + 8 = 60.5 → 61, high (≥ 55).
    @Test func riskFactorsOfK1() {
        // Last order 2026-04-10, 81 days before as-of; usual gap 91 → ratio 0.89 < 1: no points.
        #expect(factor("K1", "inactivity").points == 0)
        #expect(factor("K1", "inactivity").reason.words == "last order 81 days ago; usually every 91 days")
        // Last 6 months 1,000 + 1,000; the 6 before 2,000 + 2,000: down 50 % = full at 0.5 → 15.
        #expect(factor("K1", "spend_decline").points == 15)
        #expect(
            factor("K1", "spend_decline").reason.words
                == "spend down 50 %: $2,000 in the last 6 months, $4,000 in the 6 before")
        // T1 open since 2026-06-01 (29 days), high: 0.25 × 1 + 0 (not > 30 days) + 0.25 = 0.5 × 15.
        #expect(factor("K1", "open_problems").points == 7.5)
        #expect(factor("K1", "open_problems").reason.words == "1 open ticket, oldest 29 days, 1 high")
        // Resolved in 6 months: T2 only (4 contacts → (4−1)/3 = 1; effort 6 → (6−2)/4 = 1): 20.
        #expect(factor("K1", "customer_effort").points == 20)
        #expect(
            factor("K1", "customer_effort").reason.words
                == "4.0 contacts per resolved ticket, effort 6.0 of 7 (1 ticket, 6 months)")
        #expect(factor("K1", "competitor_contact").points == 10)
        #expect(factor("K1", "competitor_contact").reason.words == "Orbis Industrial named on 2026-05-05")
        // Latest NPS 5: a detractor → 8.
        #expect(factor("K1", "sentiment").points == 8)
        // Last call 2026-05-05: 56 days (the newsletter of 2026-06-01 does not count) ≤ 90.
        #expect(factor("K1", "neglect").points == 0)
        #expect(factor("K1", "neglect").reason.words == "last contact 56 days ago (call)")
        #expect(account("K1").risk.score == 61)
        #expect(account("K1").risk.band.rawValue == "high")
    }

    /// K2: no interactions at all → neglect 12; everything else 0. K4: last
    /// order 790 days ago against the default 90-day gap → inactivity 20;
    /// nothing in either 6-month window after orders before them: a stop,
    /// a full decline 15; neglect 12: 47, medium (≥ 30, < 55). (Six
    /// accounts are too few to fit a purchase model: inactivity uses the gap rule.)
    @Test func riskOfK2AndK4() {
        // K5: last order 2026-03-01, 121 days ago; no usual gap (one purchase day) → 90;
        // (121/90 − 1)/(3 − 1) = 0.172 × 20 = 3.4; everything else 0 (meeting 20 days ago) → 3, low.
        #expect(factor("K5", "inactivity").reason.words == "last order 121 days ago; usually every 90 days")
        #expect(account("K5").risk.score == 3)
        // K6: no orders → inactivity 20; no contact → neglect 12; NPS 9 is a promoter → 32, medium.
        #expect(factor("K6", "inactivity").reason.words == "no orders up to 2026-06-30")
        #expect(account("K6").risk.score == 32)
        #expect(account("K6").risk.band.rawValue == "medium")
        #expect(account("K2").risk.score == 12)
        #expect(account("K2").risk.band.rawValue == "low")
        #expect(factor("K4", "inactivity").reason.words == "last order 790 days ago; usually every 90 days")
        #expect(factor("K4", "spend_decline").points == 15)
        #expect(
            factor("K4", "spend_decline").reason.words
                == "stopped: no spend in the last 12 months after $700 before (last order 2024-05-01)")
        #expect(account("K4").risk.score == 47)
        #expect(account("K4").risk.band.rawValue == "medium")
    }

    @Test func opportunityAndReviews() {
        let k1 = account("K1").opportunity
        // Owns Consumables and Sensors: 2 of 4 families (≤ 2); budget 100,000 − 6,000 = 94,000
        // headroom; first purchases 2025-01-10 and 2025-04-10, none in 12 months → high.
        #expect(k1.level.rawValue == "high")
        #expect(k1.familiesOwned == ["Consumables", "Sensors"])
        #expect(
            k1.reasons.map(\.words) == [
                "owns 2 of 4 families", "budget headroom $94,000", "no new family since 2025-04",
            ])
        // Review every 90 days from last_review 2026-01-15 → 2026-04-15 < as-of: overdue.
        #expect(k1.cadenceDays == 90)
        #expect(k1.nextReview?.iso == "2026-04-15")
        #expect(k1.overdue && !k1.dueThisWeek)
        // K2: small, no budget → no resources; but it bought two families (Software W1 and
        // Consumables C1), so it is not the cautious single-family buyer; few families but no
        // resources → not high; → medium, every 180 days.
        let k2 = account("K2").opportunity
        #expect(k2.level.rawValue == "medium")
        #expect(k2.cadenceDays == 180)
        // No last_review, no review interaction: from the first order 2026-06-20 + 180.
        #expect(k2.lastReviewSource == "first order")
        #expect(k2.nextReview?.iso == "2026-12-17")
        #expect(!k2.overdue)
        // K5: owns Maintenance, Sensors, Software — 3 of 4, not few; mid-size (resources), 3 order
        // lines (not cautious); all but one family and no replacement due (S1 after 48 months,
        // W1 and M1 after 12: 2027-03-01, beyond 90 days) → low.
        let k5 = account("K5").opportunity
        #expect(k5.level.rawValue == "low")
        #expect(k5.reasons.map(\.words) == ["owns 3 of 4 families", "no replacement due"])
        // No last_review: the review interaction of 2026-02-01 + 365 days.
        #expect(k5.lastReviewSource == "review interaction")
        #expect(k5.nextReview?.iso == "2027-02-01")
        // K6: owns nothing (0 ≤ 2), budget 50,000 with no revenue, nothing bought → high; no
        // review and no order: no schedule yet.
        let k6 = account("K6").opportunity
        #expect(k6.level.rawValue == "high")
        #expect(k6.reasons.map(\.words) == ["owns 0 of 4 families", "budget headroom $50,000", "no family bought yet"])
        #expect(k6.nextReview == nil && !k6.overdue)
    }

    @Test func dueThisWeekBoundaries() {
        // next_review = as-of is due this week; as-of + 6 too; as-of + 7 not; as-of − 1 overdue.
        var model = SiteModel()
        model.settings.scoring.cadenceDays = [.low: 10, .medium: 10, .high: 10]
        let asOf = Day(iso: "2026-06-30")!
        for (index, offset) in [0, 6, 7, -1].enumerated() {
            var account = Account(id: AccountID("X\(index)"), name: "X", recordNumber: index)
            account.lastReview = asOf.adding(days: offset - 10)
            model.accounts.append(account)
        }
        let result = Analyzer.analyze(model, asOf: asOf).accounts.map {
            ($0.opportunity.dueThisWeek, $0.opportunity.overdue)
        }
        #expect(result.map(\.0) == [true, true, false, false])
        #expect(result.map(\.1) == [false, false, false, true])
    }

    @Test func offers() {
        // K1: T1, T2, T3 are repair/maintenance tickets in 12 months (3 ≥ 3) and no
        // maintenance product → the plan first. No other account owns ⊇ {Consumables, Sensors}.
        #expect(
            account("K1").offers == [
                Offer(
                    family: "Maintenance", lift: 0, share: 0,
                    reason: "3 upkeep tickets in 12 months and no maintenance plan")
            ])
        // K4 owns Consumables; its segment (Retail · mid) has no peers, so the portfolio:
        // K1 and K2 own Consumables. Sensors: 1 of 2 (overall K1, K3, K5: 3 of 6 → lift 1.0);
        // Software: 1 of 2 (overall K2, K5: 2 of 6 → lift 1.5). Equal shares: higher lift first.
        #expect(account("K4").offers.map(\.family) == ["Software", "Sensors"])
        #expect(account("K4").offers.map(\.lift) == [1.5, 1.0])
        // K5 has no peer owning a superset of its three families; K6 owns nothing to compare.
        #expect(account("K5").offers.isEmpty && account("K6").offers.isEmpty)
        #expect(account("K4").offers[0].reason.words == "50 % of 2 accounts that own Consumables also own Software")
    }

    @Test func referralsAndQuadrants() {
        // K2 referred K3 (12-month revenue 3,000); K2 is tier A → both.
        let k2 = account("K2").referrals
        #expect(k2.made == 1 && k2.referredRevenue == Money(cents: 300_000) && k2.label == "both")
        #expect(k2.reason.words == "referred 1 account worth $3,000 in 12 months")
        #expect(account("K1").referrals.label == "spender")
        #expect(account("K3").referrals.label == "neither")
        // K1: A + high risk → protect. K2: A + low → grow. K3: B, low risk, opportunity?
        #expect(account("K1").quadrant.rawValue == "protect")
        #expect(account("K2").quadrant.rawValue == "grow")
        #expect(account("K4").quadrant.rawValue == "maintain")
        #expect(account("K5").quadrant.rawValue == "maintain")  // B, low risk, low opportunity
        #expect(account("K6").quadrant.rawValue == "maintain")  // C, medium risk
    }

    @Test func contactPlan() {
        // K1: review overdue → today; customer since 2020-07-15 → 6 years on 2026-07-15 (in the 30 days).
        #expect(
            account("K1").contactPlan.map { [$0.date.iso, $0.kind, $0.reason.words] } == [
                ["2026-06-30", "review_due", "review overdue since 2026-04-15 (every 90 days)"],
                ["2026-07-15", "anniversary", "6 years since becoming a customer (2020-07-15)"],
            ])
        // K2: order 10 days ago → follow-up at max(as-of, order + 7) = 2026-06-30; tier A with
        // no contact → keep in touch; referral of 2026-06-15 → thank.
        #expect(account("K2").contactPlan.map(\.kind) == ["keep_in_touch", "post_purchase_followup", "thank_referrer"])
        #expect(account("K2").contactPlan.allSatisfy { $0.date.iso == "2026-06-30" })
    }

    @Test func pillars() {
        let p = account("K1").pillars
        #expect(p.products == 0.5)  // 2 of 4 families
        // T2 (10 days, effort 6) and T3 (4 days, effort 2) resolved in 12 months: effort mean 4 →
        // 1 − 3/6 = 0.5; speed 1 − 7/30 = 0.7667; mean 0.6333 → 0.63.
        #expect(p.service == 0.63)
        #expect(p.community == 1)  // a community member
        #expect(p.experiences == 0)
        #expect(p.perks == 0)
        #expect(account("K3").pillars.perks == 1)
        // K5: 3 of 4 families; no tickets → service 1; a review and a meeting in 12 months → 2/4.
        let k5 = account("K5").pillars
        #expect(k5.products == 0.75 && k5.service == 1 && k5.experiences == 0.5 && k5.community == 0)
    }

    @Test func playbooksMatchInPriorityOrder() {
        #expect(account("K1").playbooks == ["rescue", "maintenance"])
        #expect(account("K2").playbooks == ["senders"])
        #expect(account("K3").playbooks.isEmpty)
        #expect(account("K5").playbooks.isEmpty && account("K6").playbooks.isEmpty)
    }

    @Test func lifetimeValueAtZeroRateIsSpendTimesPurchases() {
        var settings = ScoringSettings()
        settings.clvAnnualDiscountRate = 0
        #expect(
            LifetimeValue.discounted(spend: Money(cents: 2_050_000), purchases: 1, settings: settings).cents
                == 2_050_000)
        settings.clvAnnualDiscountRate = 0.10
        let discounted = LifetimeValue.discounted(spend: Money(cents: 2_050_000), purchases: 1, settings: settings)
        // Discounting can only lower it, and a year at 10 % at most by 1/1.1.
        #expect(discounted.cents < 2_050_000 && discounted.cents > 2_050_000 * 10 / 11)
    }

    @Test func exportsFollowTheContract() throws {
        let files = Exports.files(portfolio, currencySymbol: "$")
        let json = try JSONSerialization.jsonObject(with: Data(files[0].bytes)) as! [[String: Any]]
        #expect(json.map { $0["account_id"] as! String } == ["K1", "K2", "K3", "K4", "K5", "K6"])
        let k1 = json[0]
        for key in [
            "account_id", "name", "industry", "size_band", "segment", "owner", "value", "clv", "risk",
            "opportunity", "quadrant", "offers", "referrals", "pillars", "playbooks", "contact_plan",
        ] {
            #expect(k1[key] != nil, "missing \(key)")
        }
        let value = k1["value"] as! [String: Any]
        #expect(value["revenue_12m"] as? Double == 6000)
        #expect(value["tier"] as? String == "A")
        let risk = k1["risk"] as! [String: Any]
        #expect(risk["score"] as? Int == 61)
        #expect((risk["factors"] as! [[String: Any]]).count == 12)
        let opportunity = k1["opportunity"] as! [String: Any]
        #expect(opportunity["next_review"] as? String == "2026-04-15")
        #expect(opportunity["overdue"] as? Bool == true)
        let csv = String(decoding: files[1].bytes, as: UTF8.self).split(separator: "\n")
        #expect(csv.count == 7)
        #expect(csv[1].hasPrefix("K1,Kappa Foods,Food & Beverage,mid,Food & Beverage · mid,R1,6000,18000,"))
    }

    @Test func csvExportNeutralisesFormulas() {
        var model = SiteModel()
        model.accounts = [Account(id: "=cmd|' /C calc'!A0", name: "@SUM(1)", recordNumber: 2)]
        let csv = String(
            decoding: Exports.files(Analyzer.analyze(model, asOf: Day(iso: "2026-01-01")!), currencySymbol: "$")[1]
                .bytes, as: UTF8.self)
        // Both cells get a leading apostrophe; neither needs CSV quoting.
        #expect(csv.contains("\n'=cmd|' /C calc'!A0,'@SUM(1),"))
    }
}
