import Foundation
import RapportAnalyze
import RapportCore
import RapportTestSupport
import Testing

@testable import RapportLoad

/// An export with deals and no order lines: the won deals are the orders.
@Suite struct OrdersFromWonDealsTests {
    static let yaml = "title: Deals only\nas_of: 2026-06-30\ntables:\n  orders: { from_opportunities: won }\n"

    func site(deals: String?, keepOrders: Bool = false) -> String {
        let site = Fixtures.copy("basic-site")
        Fixtures.write(Self.yaml, to: site + "/site.yaml")
        if !keepOrders { try? FileManager.default.removeItem(atPath: site + "/data/orders.csv") }
        if let deals { Fixtures.write(deals, to: site + "/data/opportunities.csv") }
        return site
    }

    func cleanUp(_ site: String) {
        try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent)
    }

    /// D1 and D3 are won (2,000 and 500 on A1, 750 on A2); D2 is open; D4 is
    /// won without a close date, so it is no order (a warning at line 5).
    @Test func wonDealsBecomeOrdersOfTheirAccounts() {
        let site = site(
            deals: "opportunity_id,account_id,stage,amount,close_date,owner\n"
                + "D1,A1,Closed Won,2000,2026-03-01,R1\nD2,A1,Prospecting,9000,2026-08-01,R1\n"
                + "D3,A2,Closed Won,750,2026-04-15,R2\nD4,A3,Won,100,,R1\nD5,A1,closedwon,500,2025-12-01,\n")
        defer { cleanUp(site) }
        let (model, diagnostics) = SiteLoader.load(directory: site)
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.sorted)")
        #expect(
            diagnostics.warnings.map(\.message) == ["won deal 'D4' has no close_date; it is not an order"])
        #expect(diagnostics.warnings.first?.location.line == 5)
        #expect(model.orders.count == 3)
        let portfolio = Analyzer.analyze(model, asOf: Day(iso: "2026-06-30")!)
        let a1 = portfolio.accounts.first { $0.account.id.text == "A1" }!
        #expect(a1.value.revenue12m == Money(cents: 250_000) && a1.value.orders == 2)
        #expect(a1.value.lastOrder == Day(iso: "2026-03-01"))
        // The open deal is still in the pipeline.
        #expect(a1.pipeline.deals.map(\.id.text) == ["D2"])
    }

    @Test func itNeedsDealsAndNoOrderLines() {
        let none = site(deals: nil)
        defer { cleanUp(none) }
        #expect(
            SiteLoader.load(directory: none).1.errors.map(\.message) == [
                "'tables.orders.from_opportunities' needs an opportunities table, and there is none"
            ])
        let both = site(deals: "opportunity_id,account_id,stage\nD1,A1,Won\n", keepOrders: true)
        defer { cleanUp(both) }
        let (model, diagnostics) = SiteLoader.load(directory: both)
        #expect(model.orders.count == 9)
        #expect(diagnostics.warnings.contains { $0.message.hasPrefix("'tables.orders.from_opportunities' is set but") })
    }
}
