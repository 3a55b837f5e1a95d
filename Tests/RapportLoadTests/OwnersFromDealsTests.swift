import Foundation
import RapportCore
import RapportTestSupport
import Testing

@testable import Rapport
@testable import RapportLoad

/// Accounts without an owner take the rep of their latest (or largest)
/// deal. In the basic site A2 and A5 lose their owners; their orders name reps:
///
/// | account | order | amount | rep |
/// |---|---|---|---|
/// | A2 | 2026-01-10 | 1,500.50 | R2 |
/// | A2 | 2026-03-01 | 200 | R1 |
/// | A5 | 2026-02-01 | 2,000 | R2 |
/// | A5 | 2026-02-01 | 2,000 | R1 |
///
/// Latest: A2 → R1 (2026-03-01); largest: A2 → R2 (1,500.50). A5's two are
/// alike by both rules: the first rep id, R1. A1 keeps its own R1.
@Suite struct OwnersFromDealsTests {
    func site(_ ownerFrom: String) -> String {
        let site = Fixtures.copy("basic-site")
        Fixtures.write(
            "title: Fixture Supplies\nas_of: 2026-06-30\nowner_from: \(ownerFrom)\n", to: site + "/site.yaml")
        Fixtures.write(
            "account_id,name,owner\nA1,Alpha Foods,R1\nA2,Beta Logistics,\nA5,Epsilon Energy,\n",
            to: site + "/data/accounts.csv")
        Fixtures.write(
            "account_id,date,amount,rep\nA2,2026-01-10,1500.50,R2\nA2,2026-03-01,200,R1\n"
                + "A5,2026-02-01,2000,R2\nA5,2026-02-01,2000,R1\nA1,2026-02-02,10,R2\n",
            to: site + "/data/orders.csv")
        Fixtures.write(
            "opportunity_id,account_id,amount,close_date,owner\nD1,A2,100,2026-09-01,R2\nD2,A2,5000,2026-08-01,R1\n",
            to: site + "/data/opportunities.csv")
        return site
    }

    func owners(_ ownerFrom: String) -> [String: (String?, OwnerFrom?)] {
        let site = site(ownerFrom)
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let (model, diagnostics) = SiteLoader.load(directory: site)
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.sorted)")
        return Dictionary(uniqueKeysWithValues: model.accounts.map { ($0.id.text, ($0.owner?.text, $0.ownerFrom)) })
    }

    @Test func theLatestOrLargestOrdersRep() {
        let latest = owners("orders.rep")
        #expect(latest["A1"]?.0 == "R1" && latest["A1"]?.1 == nil)
        #expect(latest["A2"]?.0 == "R1")
        #expect(
            latest["A2"]?.1
                == OwnerFrom(deals: .orders, rule: .latest, day: Day(iso: "2026-03-01"), amount: Money(cents: 20_000)))
        #expect(latest["A5"]?.0 == "R1")
        let largest = owners("{ from: orders.rep, by: largest }")
        #expect(largest["A2"]?.0 == "R2" && largest["A2"]?.1?.amount == Money(cents: 150_050))
        #expect(largest["A5"]?.0 == "R1")
    }

    @Test func theLatestOrLargestDealsOwner() {
        #expect(owners("opportunities.owner")["A2"]?.0 == "R2")
        #expect(owners("{ from: opportunities.owner, by: largest }")["A2"]?.0 == "R1")
        // A5 has no deal: no owner.
        #expect(owners("opportunities.owner")["A5"]?.0 == nil)
    }

    @Test func theBriefSaysWhereTheOwnerCameFrom() {
        let site = site("orders.rep")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let result = Pipeline.build(
            Fixtures.options(site: site, output: site + "/../out"), today: Fixtures.fixtureToday)
        #expect(!result.diagnostics.hasErrors)
        #expect(
            Fixtures.read(site + "/../out/accounts/a2.html").contains(
                "<small>(from its latest order, 2026-03-01)</small>"))
        #expect(!Fixtures.read(site + "/../out/accounts/a1.html").contains("from its latest"))
    }

    @Test func theSettingNamesADealColumnAndARule() {
        for (yaml, message) in [
            ("owner_from: orders.owner\n", "'owner_from': 'orders.owner' is not orders.rep or opportunities.owner"),
            ("owner_from: { from: orders.rep, by: newest }\n", "'owner_from.by': 'newest' is not latest or largest"),
            ("owner_from: { by: latest }\n", "'owner_from' needs from: orders.rep or opportunities.owner"),
        ] {
            var diagnostics = Diagnostics()
            _ = SiteConfig.parse(yaml, file: "site.yaml", diagnostics: &diagnostics)
            #expect(diagnostics.errors.map(\.message) == [message])
        }
    }
}
