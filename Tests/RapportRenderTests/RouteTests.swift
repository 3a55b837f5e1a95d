import Foundation
import RapportTestSupport
import Testing

@testable import Rapport
@testable import RapportRender

/// The route table (docs/ARCHITECTURE.md#where-things-live-and-how-to-add-one): every output file is a route
/// made by one kind; a route's page is drawn where the route says, by the
/// template it names.
@Suite struct RouteTests {
    func prepared() throws -> (PageBuilder, cleanup: () -> Void) {
        let site = Fixtures.copy("review-site")
        let prepared = Pipeline.prepare(
            Fixtures.options(site: site, output: site + "/../out"), today: Fixtures.fixtureToday)
        return (
            try #require(prepared.builder),
            { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        )
    }

    @Test func everyRouteIsMadeWhereItSaysByTheTemplateItNames() throws {
        let (builder, cleanup) = try prepared()
        defer { cleanup() }
        let routes = builder.routes()
        #expect(Set(routes.map(\.path)).count == routes.count)
        for route in routes {
            if let template = route.template {
                let page = builder.page(route)
                #expect(page.path == route.path)
                #expect(page.template == template)
            } else {
                #expect(builder.dataFile(route).path == route.path)
            }
        }
        // Six accounts, two reps (each: brief, packet, e-mail), three playbooks.
        #expect(routes.count { $0.kind == "account" } == 6)
        let packets = routes.filter { $0.kind == Route.reviewPacketKind }
        #expect(packets.map(\.path) == ["reps/r1/packet.html", "reps/r2/packet.html"])
        #expect(packets.map(\.scope) == [.rep("R1"), .rep("R2")])
        #expect(
            routes.filter { $0.template == nil }.map(\.path).sorted() == [
                // Every account's order lines beside its brief.
                "accounts/k1-orders.csv", "accounts/k2-orders.csv", "accounts/k3-orders.csv", "accounts/k4-orders.csv",
                "accounts/k5-orders.csv", "accounts/k6-orders.csv", "exports/accounts.csv", "exports/accounts.json",
                "exports/model.json", "exports/prospects.json",
                "feed.xml", "search-index.json",
            ])
        #expect(routes.count { $0.kind == "playbook" } == 3)
        // A build holds references and makes each route when it renders it:
        // the same routes, pages first then data files, each in output order.
        let (pages, dataFiles) = builder.routeReferences()
        #expect(pages.map(builder.route) == routes.filter { $0.template != nil })
        #expect(dataFiles.map(builder.route) == routes.filter { $0.template == nil })
        #expect(builder.paths(ofKind: Route.reviewPacketKind) == packets.map(\.path))
        // No prospects table: no prospect pages.
        #expect(!routes.contains { $0.path.hasPrefix("prospects/") })
    }

    /// What `serve` will re-make after an edit (issue 17): a playbook's
    /// text is read by its page, the list, the search index and the
    /// briefs and packets of the accounts it matches — and by nothing else.
    @Test func aPlaybookIsAnInputOfExactlyTheRoutesThatShowIt() throws {
        let (builder, cleanup) = try prepared()
        defer { cleanup() }
        let rescue = RouteInput.playbook("rescue")
        let matched = Set(builder.portfolio.accounts.filter { $0.playbooks.contains("rescue") }.map(\.account.id))
        #expect(!matched.isEmpty)
        let readers = builder.routes().filter { builder.inputs(of: $0).contains(rescue) }
        let accounts = readers.filter { $0.kind == "account" }.map {
            builder.portfolio.accounts[$0.position].account.id
        }
        #expect(Set(accounts) == matched)
        #expect(readers.contains { $0.path == "playbooks/rescue.html" })
        #expect(readers.contains { $0.path == "playbooks/index.html" })
        #expect(readers.contains { $0.path == "search-index.json" })
        #expect(!readers.contains { $0.path == "playbooks/maintenance.html" || $0.path == "index.html" })
        for packet in readers where packet.kind == Route.reviewPacketKind {
            let brief = builder.repBriefs[packet.position].brief
            #expect(brief.reviews.contains { $0.playbooks.contains("rescue") })
        }
    }
}
