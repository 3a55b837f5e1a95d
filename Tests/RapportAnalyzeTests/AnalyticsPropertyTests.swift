import Foundation
import Rapport
import RapportCore
import RapportLoad
import RapportRender
import RapportSample
import RapportTestSupport
import Testing

@testable import RapportAnalyze

/// Properties that must hold for any data, checked on generated sites.
@Suite struct AnalyticsPropertyTests {
    static func model(seed: UInt64, accounts: Int = 120) -> SiteModel {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try! SiteScaffold.sample(accounts: accounts, seed: seed, to: directory + "/site")
        let (model, diagnostics) = SiteLoader.load(directory: directory + "/site")
        precondition(!diagnostics.hasErrors)
        return model
    }

    static let asOf = Day(iso: "2026-11-16")!

    /// Seed 6's 80 accounts as of `asOf` and their value figures: what the
    /// properties of single accounts start from.
    static func historyAndValues() -> (PortfolioHistory, [AccountID: ValueMetrics]) {
        let history = PortfolioHistory(Self.model(seed: 6, accounts: 80), asOf: Self.asOf)
        let values = ValueAnalysis.compute(
            accountIDs: history.accounts.map(\.account.id),
            ordersByAccount: Dictionary(uniqueKeysWithValues: history.accounts.map { ($0.account.id, $0.orders) }),
            texts: history.texts, asOf: Self.asOf)
        return (history, values)
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func sharesSumToOneAndTiersFollowRevenue(seed: UInt64) {
        let portfolio = Analyzer.analyze(Self.model(seed: seed), asOf: Self.asOf)
        #expect(abs(portfolio.accounts.map(\.value.share12m).reduce(0, +) - 1) < 1e-9)
        let byRank = portfolio.accounts.sorted { $0.value.rank < $1.value.rank }
        for (higher, lower) in zip(byRank, byRank.dropFirst()) {
            #expect(higher.value.revenue12m >= lower.value.revenue12m)
            #expect(higher.value.tier <= lower.value.tier, "tier must not improve as revenue falls")
        }
        #expect(Set(byRank.map(\.value.rank)) == Set(1...byRank.count))
    }

    @Test(arguments: [4, 5] as [UInt64]) func offersAreNeverOwned(seed: UInt64) {
        let portfolio = Analyzer.analyze(Self.model(seed: seed), asOf: Self.asOf)
        var offered = 0
        for account in portfolio.accounts {
            let owned = Set(account.opportunity.familiesOwned)
            for offer in account.offers {
                #expect(!owned.contains(offer.family), "\(account.account.id) offered \(offer.family) it owns")
                offered += 1
            }
            #expect(Set(account.offers.map(\.family)).count == account.offers.count)
        }
        #expect(offered > 0)
    }

    /// Worsening any one factor never lowers the score.
    @Test func riskNeverFallsWhenAFactorWorsens() {
        let (history, values) = Self.historyAndValues()
        let settings = ScoringSettings()
        // The account ids are in the table (the model's records name them);
        // the competitor is added here.
        var symbols = history.symbols
        let competitor = symbols.intern("Kestrel Systems")
        func account(_ item: AccountHistory) -> Interned<AccountID> { symbols.lookup(item.account.id)! }
        func score(_ item: AccountHistory) -> Int {
            RiskAnalysis.compute(
                item, value: values[item.account.id]!, asOf: Self.asOf, settings: settings, symbols: symbols
            ).score
        }
        let worsenings: [(String, (inout AccountHistory) -> Void)] = [
            (
                "open critical ticket",
                { item in
                    var ticket = Ticket(
                        id: "P", account: account(item), opened: Self.asOf.adding(days: -40), recordNumber: 0)
                    ticket.severity = .critical
                    item.tickets.append(ticket)
                }
            ),
            (
                "hard ticket",
                { item in
                    var ticket = Ticket(
                        id: "Q", account: account(item), opened: Self.asOf.adding(days: -30), recordNumber: 0)
                    ticket.resolved = Self.asOf.adding(days: -20)
                    ticket.contacts = 9
                    ticket.effort = 7
                    item.tickets.append(ticket)
                }
            ),
            (
                "competitor",
                { item in
                    var interaction = Interaction(
                        account: account(item), date: Self.asOf.adding(days: -364), kind: .call, recordNumber: 0)
                    interaction.competitor = competitor
                    item.interactions.append(interaction)
                }
            ),
            (
                "detractor",
                { item in
                    var feedback = Feedback(account: account(item), date: Self.asOf, recordNumber: 0)
                    feedback.nps = 2
                    item.feedback.insert(feedback, at: item.feedback.startIndex)
                }
            ),
        ]
        for item in history.accounts {
            let before = score(item)
            for (name, worsen) in worsenings {
                var worse = item
                worsen(&worse)
                #expect(score(worse) >= before, "\(item.account.id): \(name) lowered the score")
            }
        }
    }

    /// Less of what keeps a customer — its latest purchase day taken away:
    /// fewer purchases, less spend, a longer wait since the last — never
    /// lowers a purchase feature's severity (docs/methodology.md#risk, "Purchase features").
    @Test func purchaseFeaturesNeverFallWhenTheLatestPurchaseGoes() {
        let (history, values) = Self.historyAndValues()
        let typical = RiskAnalysis.typicalSpend(values.values)
        #expect(typical != nil)
        var checked = 0
        for item in history.accounts {
            let orders = Array(item.orders)
            guard let summary = CustomerSummary(orders: orders, asOf: Self.asOf), summary.frequency > 0,
                let latest = orders.map(\.date).max()
            else { continue }
            let fewer = orders.filter { $0.date < latest }
            let dropped = orders.filter { $0.date == latest }.reduce(Money.zero) { $0 + $1.amount }
            guard dropped.cents > 0, let fewerSummary = CustomerSummary(orders: fewer, asOf: Self.asOf) else {
                continue
            }
            let value = values[item.account.id]!
            var fewerValue = value
            fewerValue.revenueLifetime = fewer.reduce(Money.zero) { $0 + $1.amount }
            for weeks in [13.0, 26, 52] {
                func features(_ summary: CustomerSummary, _ value: ValueMetrics) -> [Double] {
                    RiskAnalysis.purchaseFeatures(
                        summary, value: value, inactivity: nil, typicalSpend: typical, weeks: weeks,
                        reasons: false
                    )
                    .map(\.severity)
                }
                let before = features(summary, value)
                let after = features(fewerSummary, fewerValue)
                for (index, name) in RiskAnalysis.purchaseFeatures.enumerated() {
                    #expect(after[index] >= before[index] - 1e-12, "\(item.account.id): \(name) fell")
                }
            }
            checked += 1
        }
        #expect(checked > 20)
    }

    /// A non-finite expectation from an extreme fit counts as unknown: the
    /// feature falls back to the account's own rate, never NaN.
    @Test func aNonFiniteExpectationFallsBackToTheOwnRate() {
        let (history, values) = Self.historyAndValues()
        let item = history.accounts.first { CustomerSummary(orders: $0.orders, asOf: Self.asOf) != nil }!
        let summary = CustomerSummary(orders: item.orders, asOf: Self.asOf)!
        func severity(_ expected: Double?) -> Double {
            let estimate = expected.map {
                InactivityEstimate(probability: 0.5, model: "BG/NBD", weeks: 26, expectedPurchases: $0)
            }
            return RiskAnalysis.purchaseFeatures(
                summary, value: values[item.account.id]!, inactivity: estimate, typicalSpend: nil, weeks: 26,
                reasons: false
            )[0].severity
        }
        for odd in [Double.nan, .infinity, -.infinity] { #expect(severity(odd) == severity(nil)) }
        #expect(severity(nil).isFinite && severity(3) == 0.25)
    }

    /// Records after the as-of date change nothing: the portfolio of the full
    /// model equals that of the model with them deleted.
    @Test func recordsAfterAsOfAreIgnored() {
        let full = Self.model(seed: 7, accounts: 60)
        let cut = Day(iso: "2026-03-31")!
        var trimmed = full
        trimmed.orders.removeAll { $0.date > cut }
        trimmed.tickets.removeAll { $0.opened > cut }
        trimmed.interactions.removeAll { $0.date > cut }
        trimmed.feedback.removeAll { $0.date > cut }
        trimmed.referrals.removeAll { ($0.date ?? cut) > cut }
        let a = Exports.files(Analyzer.analyze(full, asOf: cut), currencySymbol: "$")
        let b = Exports.files(Analyzer.analyze(trimmed, asOf: cut), currencySymbol: "$")
        #expect(a[0].bytes == b[0].bytes)
        #expect(full.orders.count > trimmed.orders.count)
    }
}
