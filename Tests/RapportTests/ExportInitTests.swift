import Foundation
import RapportCore
import RapportLoad
import RapportTestSupport
import Testing

@testable import Rapport

/// `rapport init --from` on export folders written from the vendors'
/// documented column names (Salesforce Data Loader objects, HubSpot's
/// exports, an order-lines file) and on a public CRM opportunity export's
/// shape: each builds without edits, and the figures are the files' own,
/// added up by hand (docs/guide.md#starting-from-a-crm-export).
@Suite struct ExportInitTests {
    static func initSite(_ export: String) throws -> (site: String, outcome: ExportInit.Outcome) {
        let site = Fixtures.temporaryDirectory() + "/site"
        return (site, try ExportInit.run(from: Fixtures.directory + "/exports/" + export, to: site))
    }

    static func cleanUp(_ site: String) {
        try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent)
    }

    static func built(_ site: String, asOf: String) -> (BuildResult, String) {
        let output = (site as NSString).deletingLastPathComponent + "/output"
        var options = Fixtures.options(site: site, output: output)
        options.asOf = Day(iso: asOf)
        return (Pipeline.build(options, today: Fixtures.fixtureToday), output)
    }

    @Test func aSalesforceExportBuildsWithoutEdits() throws {
        let (site, outcome) = try Self.initSite("salesforce")
        defer { Self.cleanUp(site) }
        let (result, _) = Self.built(site, asOf: "2026-06-30")
        #expect(result.succeeded && result.diagnostics.all.isEmpty, "\(result.diagnostics.sorted)")
        let model = SiteLoader.load(directory: site).0
        // Four Closed Won deals: 48,000 + 52,000 + 12,500 + 6,400.
        #expect(model.orders.count == 4)
        #expect(model.orders.reduce(0) { $0 + $1.amount.cents } == 11_890_000)
        // Four open: 75,000 + 18,000 + 3,000 + 9,000.
        let open = model.opportunities.filter { DealStage($0.stage) == .open }
        #expect(open.count == 4 && open.reduce(0) { $0 + ($1.amount?.cents ?? 0) } == 10_500_000)
        // Owners are User ids, and the reps are the users.
        #expect(model.reps.map(\.name).sorted() == ["Grace Okafor", "Maya Chen", "Omar Haddad", "Priya Nair"])
        #expect(model.accounts.first { $0.name == "Harbor Freight Lines" }?.owner?.text == "0055g00000UsR01AAB")
        #expect(model.tickets.count == 3)
        #expect(outcome.report.contains("Contact.csv: left out — contacts (Rapport has no table for people)"))
        #expect(
            outcome.report.contains("orders: no order lines; the won deals are the orders (from_opportunities: won)"))
        #expect(outcome.siteYAML.contains("dates: [\"YYYY-MM-DDThh:mm:ss.000Z\", \"YYYY-MM-DD\"]"))
    }

    @Test func aHubSpotExportBuildsWithoutEditsAndItsDealOwnersBecomeReps() throws {
        let (site, outcome) = try Self.initSite("hubspot")
        defer { Self.cleanUp(site) }
        let (result, output) = Self.built(site, asOf: "2026-06-30")
        #expect(result.succeeded && result.diagnostics.all.isEmpty, "\(result.diagnostics.sorted)")
        #expect(
            Fixtures.read(site + "/data/reps.csv")
                == "rep_id,name\nAna Souza,Ana Souza\nBen Adler,Ben Adler\nCarla Diaz,Carla Diaz\n")
        let model = SiteLoader.load(directory: site).0
        // Closed Won: 24,000 + 3,200 + 61,000, amounts written "24,000".
        #expect(model.orders.reduce(0) { $0 + $1.amount.cents } == 8_820_000)
        #expect(model.accounts.first { $0.id.text == "9214003" }?.employees == 1_150)
        #expect(model.tickets.compactMap(\.severity).map(\.rawValue) == ["high", "low", "medium"])
        #expect(outcome.report.contains { $0.hasPrefix("reps: no users or teams file; the 3 agents named in") })
        // Bright Path's open add-on (6,500) is on its brief.
        #expect(Fixtures.read(output + "/accounts/9214001.html").contains("17600002"))
    }

    @Test func anOrderLinesFileBuildsWithAccountsMadeFromItsCustomers() throws {
        let (site, _) = try Self.initSite("order-lines")
        defer { Self.cleanUp(site) }
        let (result, _) = Self.built(site, asOf: "2026-06-30")
        #expect(result.succeeded && result.diagnostics.all.isEmpty, "\(result.diagnostics.sorted)")
        #expect(
            Fixtures.read(site + "/data/accounts.csv")
                == "account_id,name\nC-1001,Alder Tools\nC-1002,Birch Outfitters\nC-1003,Cobalt Marine\n")
        let model = SiteLoader.load(directory: site).0
        // 1,240.00 + 880.50 + 3,100.00 + 4,999.99 + 1,320.75
        #expect(model.orders.reduce(0) { $0 + $1.amount.cents } == 1_154_124)
    }

    /// The public CRM opportunity export's shape: accounts without owners,
    /// a product spelled two ways, open deals without close dates. With
    /// the one alias line the check suggests, every won deal's revenue has
    /// a family, every account an owner, and the open deals are on the briefs.
    @Test func aCRMOpportunityExportNeedsOneAliasLine() throws {
        let (site, outcome) = try Self.initSite("crm-opportunities")
        defer { Self.cleanUp(site) }
        #expect(outcome.siteYAML.contains("owner_from: opportunities.owner"))
        let before = SiteLoader.load(directory: site).1
        let hint = try #require(before.warnings.first { $0.message.contains("looks like the SKU 'GTX Pro'") })
        #expect(hint.message.hasSuffix("add it under values: orders.sku: { \"GTXPro\": \"GTX Pro\" }"))
        Fixtures.write(
            Fixtures.read(site + "/site.yaml") + "values: { orders.sku: { \"GTXPro\": \"GTX Pro\" } }\n",
            to: site + "/site.yaml")
        let (result, output) = Self.built(site, asOf: "2026-03-31")
        #expect(result.succeeded && result.diagnostics.all.isEmpty, "\(result.diagnostics.sorted)")
        let model = SiteLoader.load(directory: site).0
        let families = Dictionary(uniqueKeysWithValues: model.products.map { ($0.sku.text, $0.family) })
        // The eight won deals: 1,054 + 4,514 + 50 + 588 + 517 + 49 + 4,643 + 25,897.
        #expect(model.orders.count == 8)
        #expect(model.orders.reduce(0) { $0 + $1.amount.cents } == 3_731_200)
        #expect(
            model.orders.allSatisfy { order in order.sku.map { families[model.symbols[$0.symbol]] != nil } == true })
        #expect(model.accounts.allSatisfy { $0.owner != nil })
        for account in ["codehow", "dalttechnology", "domzoom"] {
            #expect(Fixtures.read(output + "/accounts/\(account).html").contains("Open deals"), "\(account)")
        }
    }

    @Test func refusesAFolderThatIsNotEmptyAndOneWithoutDeals() throws {
        let site = Fixtures.copy("basic-site")
        defer { Self.cleanUp(site) }
        #expect(throws: SiteScaffold.Failure.self) {
            try ExportInit.run(from: Fixtures.directory + "/exports/hubspot", to: site)
        }
        let empty = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: SiteScaffold.Failure.self) {
            try ExportInit.run(from: empty, to: empty + "/site")
        }
    }
}
