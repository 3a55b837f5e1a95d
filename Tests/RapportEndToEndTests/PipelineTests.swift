import Foundation
import RapportAnalyze
import RapportCore
import RapportLoad
import RapportTestSupport
import RapportWrite
import Testing

@testable import Rapport

@Suite struct PipelineTests {
    struct Built {
        var root: String
        var site: String
        var output: String
        var result: BuildResult
        func page(_ path: String) -> String { Fixtures.read(output + "/" + path) }
        func cleanUp() { try? FileManager.default.removeItem(atPath: root) }
    }

    func build(change: (String) -> Void = { _ in }) -> Built {
        let site = Fixtures.copy("basic-site")
        change(site)
        let root = (site as NSString).deletingLastPathComponent
        let output = root + "/output"
        let result = Pipeline.build(Fixtures.options(site: site, output: output), today: Fixtures.fixtureToday)
        return Built(root: root, site: site, output: output, result: result)
    }

    @Test func buildsEveryPage() throws {
        let built = build()
        defer { built.cleanUp() }
        #expect(built.result.succeeded, "\(built.result.diagnostics.sorted)")
        #expect(built.result.asOf?.iso == "2026-06-30")
        let files = Fixtures.snapshot(built.output).keys.sorted()
        #expect(
            files == [
                ".rapport-output", "accounts/a1-orders.csv", "accounts/a1.html", "accounts/a2-orders.csv",
                "accounts/a2.html", "accounts/a3-orders.csv", "accounts/a3.html", "accounts/a4-orders.csv",
                "accounts/a4.html", "accounts/a5-orders.csv", "accounts/a5.html", "accounts/index.html",
                "assets/rapport.js", "assets/style.css",
                "exports/accounts.csv", "exports/accounts.json", "exports/model.json", "exports/prospects.json",
                "feed.xml", "index.html",
                "pages/about.html", "playbooks/index.html", "playbooks/rescue.html", "problems/index.html",
                // One weekly brief, review packet and e-mail per owner with accounts.
                "reps/index.html", "reps/r1/email.html", "reps/r1/index.html", "reps/r1/packet.html",
                "reps/r2/email.html", "reps/r2/index.html", "reps/r2/packet.html", "scores/index.html",
                "search-index.json", "search.html",
                // Industry × size band: A5 Energy 800 (mid), A1 Food & Beverage 120 (mid), A4 Healthcare
                // (no employees), A2 Logistics 40 (small), A3 Retail 2500 (large).
                "segments/energy-mid.html", "segments/food-beverage-mid.html", "segments/healthcare-unknown-size.html",
                "segments/index.html", "segments/logistics-small.html", "segments/retail-large.html",
            ])
    }

    @Test func accountsListIsSplitIntoPagesInRankOrder() throws {
        let built = build { site in
            let yaml = Fixtures.read(site + "/site.yaml")
            Fixtures.write(yaml + "accounts_per_page: 2\n", to: site + "/site.yaml")
        }
        defer { built.cleanUp() }
        #expect(built.result.succeeded, "\(built.result.diagnostics.sorted)")
        // Ranks (AnalyticsTests): A1, A2, A5, A3, A4 → pages [A1 A2] [A5 A3] [A4].
        func rows(_ page: String) -> [String] {
            built.page(page).components(separatedBy: "<td><a href=\"").dropFirst().map {
                String($0.prefix { $0 != "\"" })
            }
        }
        #expect(rows("accounts/index.html") == ["../accounts/a1.html", "../accounts/a2.html"])
        #expect(rows("accounts/page-2.html") == ["../accounts/a5.html", "../accounts/a3.html"])
        #expect(rows("accounts/page-3.html") == ["../accounts/a4.html"])
        let second = built.page("accounts/page-2.html")
        #expect(second.contains("ranks 3 to 4 on this page (page 2 of 3)"))
        #expect(second.contains("<a href=\"../accounts/index.html\" rel=\"prev\">Previous</a>"))
        #expect(second.contains("<a href=\"../accounts/page-3.html\" rel=\"next\">Next</a>"))
        #expect(second.contains("<a href=\"../accounts/page-2.html\" aria-current=\"page\">2</a>"))
        #expect(!built.page("accounts/page-3.html").contains("rel=\"next\""))
        // The default (1,000 a page) keeps a small portfolio on one page, without a pager.
        let single = build()
        defer { single.cleanUp() }
        #expect(!single.page("accounts/index.html").contains("class=\"pager\""))
        #expect(!FileManager.default.fileExists(atPath: single.output + "/accounts/page-2.html"))
    }

    @Test func printPageSizeReachesEveryPage() throws {
        let built = build { site in
            let yaml = Fixtures.read(site + "/site.yaml")
            Fixtures.write(yaml + "print:\n  page_size: Letter\n", to: site + "/site.yaml")
        }
        defer { built.cleanUp() }
        #expect(built.page("accounts/a1.html").contains("<style>@page { size: Letter; }</style>"))
        #expect(built.page("reps/r1/packet.html").contains("<style>@page { size: Letter; }</style>"))
    }

    @Test func accountPageShowsHandComputedFigures() {
        let built = build()
        defer { built.cleanUp() }
        let a1 = built.page("accounts/a1.html")
        #expect(a1.contains("<h1>Alpha Foods</h1>"))
        #expect(a1.contains("<dt>Revenue, last 12 months</dt><dd>$8,000</dd>"))
        #expect(a1.contains("<dt>Lifetime revenue</dt><dd>$9,000</dd>"))
        #expect(a1.contains("<dt>Share of portfolio</dt><dd>64.0 %</dd>"))
        #expect(a1.contains("<dt>Rank</dt><dd>1 of 5</dd>"))
        #expect(a1.contains("<dt>Typical interval</dt><dd>129 days</dd>"))
        #expect(a1.contains("Tier A"))
        #expect(
            a1.contains(
                "<td>2026-03-15</td><td>—</td><td>—</td><td class=\"num\">—</td><td class=\"num\">$2,000.00</td>"))
        #expect(a1.contains("<span>Owner</span> <a href=\"../reps/r1/index.html\">Rita Ames</a>"))
        // The order dated after the as-of date is not listed.
        #expect(!built.page("accounts/a3.html").contains("2026-07-01"))
        #expect(built.page("accounts/a2.html").contains("<td>2026-01-10</td><td>SO-2</td>"))
    }

    @Test func homeAndListPages() {
        let built = build()
        defer { built.cleanUp() }
        let home = built.page("index.html")
        #expect(home.contains("<span class=\"kpi-value\">$12,500</span>"))
        #expect(home.contains("Records dated after 2026-06-30 are left out of every figure (1 in all)."))
        let list = built.page("accounts/index.html")
        let order = ["Alpha Foods", "Beta Logistics", "Epsilon Energy", "Gamma, Inc.", "Delta &lt;Health&gt;"]
        let positions = order.map { list.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func homeSaysWhichOptionalTablesAreMissing() {
        let built = build()
        defer { built.cleanUp() }
        // The fixture has accounts, orders and reps only.
        let home = built.page("index.html")
        for table in ["products", "tickets", "interactions", "feedback", "referrals"] {
            #expect(home.contains("<code>\(table).csv</code>"), "\(table)")
        }
        #expect(!home.contains("<code>reps.csv</code>"))
    }

    @Test func escapesDataAndDropsRawHTMLFromPlaybooks() {
        let built = build()
        defer { built.cleanUp() }
        #expect(built.page("accounts/a4.html").contains("<h1>Delta &lt;Health&gt;</h1>"))
        #expect(!built.page("accounts/index.html").contains("Delta <Health>"))
        let playbook = built.page("playbooks/rescue.html")
        #expect(!playbook.contains("<script>alert"))
        #expect(playbook.contains("<table>"))
        #expect(playbook.contains("<del>discount</del>"))
        #expect(playbook.contains("<a href=\"https://example.com\">"))
        #expect(playbook.contains("type=\"checkbox\" checked=\"\" disabled=\"\""))
        #expect(playbook.contains("Applies when <code>risk.band == &quot;high&quot;</code>"))
    }

    @Test func linksAreRelativeAndNoOtherHostIsRequested() throws {
        let built = build()
        defer { built.cleanUp() }
        for (path, data) in Fixtures.snapshot(built.output) where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            #expect(!html.contains("src=\"http"), "\(path) loads from another host")
            #expect(!html.contains("href=\"/"), "\(path) has a root-absolute link")
            #expect(!html.contains("<link rel=\"stylesheet\" href=\"http"))
        }
        #expect(built.page("accounts/a1.html").contains("href=\"../assets/style.css\""))
        #expect(built.page("index.html").contains("href=\"assets/style.css\""))
    }

    @Test func twoBuildsAreByteIdentical() {
        let first = build()
        let second = build()
        defer {
            first.cleanUp()
            second.cleanUp()
        }
        let a = Fixtures.snapshot(first.output)
        let b = Fixtures.snapshot(second.output)
        #expect(a.count > 10)
        #expect(a == b)
    }

    @Test func rebuildWithUnchangedInputsRewritesNothing() throws {
        let built = build()
        defer { built.cleanUp() }
        let before =
            try FileManager.default.attributesOfItem(atPath: built.output + "/index.html")[.modificationDate]
            as? Date
        let again = Pipeline.build(
            Fixtures.options(site: built.site, output: built.output), today: Fixtures.fixtureToday)
        #expect(again.report == OutputWriter.Report(written: 0, unchanged: built.result.files))
        let after =
            try FileManager.default.attributesOfItem(atPath: built.output + "/index.html")[.modificationDate]
            as? Date
        #expect(before == after)
    }

    @Test func failedBuildLeavesPreviousOutputUntouched() {
        let built = build()
        defer { built.cleanUp() }
        let before = Fixtures.snapshot(built.output)
        Fixtures.write("account_id,date,amount\nA1,\"2026-01-01,5\n", to: built.site + "/data/orders.csv")
        let failed = Pipeline.build(
            Fixtures.options(site: built.site, output: built.output), today: Fixtures.fixtureToday)
        #expect(!failed.succeeded)
        #expect(failed.diagnostics.errors.first?.kind == .unclosedQuote)
        #expect(Fixtures.snapshot(built.output) == before)
        let leftovers = try? FileManager.default.contentsOfDirectory(atPath: built.root)
        // The lock file stays (docs/reference.md#commands, "One build per output folder").
        #expect(leftovers?.sorted() == [".output.rapport-lock", "basic-site", "output"])
    }

    /// Issue 14, point 1: while another build holds the output's lock, a
    /// build stops before loading, names the holder and changes nothing;
    /// once the lock is released the same build goes through.
    @Test func aBuildWaitsForNoOneAndChangesNothingWhileTheOutputIsLocked() throws {
        let built = build()
        defer { built.cleanUp() }
        let before = Fixtures.snapshot(built.output)
        let held = try OutputLock.acquire(for: built.output).get()
        Fixtures.write("account_id,date,amount\nA1,\"2026-01-01,5\n", to: built.site + "/data/orders.csv")
        let refused = Pipeline.build(
            Fixtures.options(site: built.site, output: built.output), today: Fixtures.fixtureToday)
        #expect(!refused.succeeded)
        #expect(refused.diagnostics.errors.count == 1)
        #expect(refused.diagnostics.errors.first?.message.contains("(process \(getpid()))") == true)
        #expect(refused.diagnostics.errors.first?.location.file == built.output)
        #expect(Fixtures.snapshot(built.output) == before)
        // A session started by hand is refused the same way.
        guard case .failure = OutputWriter(output: built.output).begin() else {
            Issue.record("begin() went through while the output was locked")
            return
        }
        held.release()
        let after = Pipeline.build(
            Fixtures.options(site: built.site, output: built.output), today: Fixtures.fixtureToday)
        #expect(after.diagnostics.errors.first?.kind == .unclosedQuote)
    }

    /// Issue 14, point 10: a kill between the swap's two renames left no
    /// output at all, only the last good one aside. The next build puts it
    /// back first, so even a failing build leaves that output in place.
    @Test func aSwapInterruptedBetweenItsRenamesIsRecovered() {
        let built = build()
        defer { built.cleanUp() }
        let before = Fixtures.snapshot(built.output)
        let aside = built.root + "/.output.rapport-previous"
        #expect(rename(built.output, aside) == 0)
        Fixtures.write("account_id,date,amount\nA1,\"2026-01-01,5\n", to: built.site + "/data/orders.csv")
        let failed = Pipeline.build(
            Fixtures.options(site: built.site, output: built.output), today: Fixtures.fixtureToday)
        #expect(!failed.succeeded)
        #expect(Fixtures.snapshot(built.output) == before)
        #expect(!FileManager.default.fileExists(atPath: aside))
    }

    /// A previous output left aside next to a present output (its removal
    /// failed once) does not block the next swap.
    @Test func aLeftoverPreviousOutputDoesNotBlockTheNextBuild() {
        let built = build()
        defer { built.cleanUp() }
        let aside = built.root + "/.output.rapport-previous"
        Fixtures.write("old", to: aside + "/index.html")
        let again = Pipeline.build(
            Fixtures.options(site: built.site, output: built.output), today: Fixtures.fixtureToday)
        #expect(again.succeeded)
        #expect(!FileManager.default.fileExists(atPath: aside))
    }

    /// Issue 14, point 2: an account "index" replaced the account list, a
    /// "page-2" the second list page, a playbook index.md the playbook list.
    @Test func idsNamedLikeListPagesGetTheirOwnPages() {
        let built = build { site in
            let accounts = Fixtures.read(site + "/data/accounts.csv")
            Fixtures.write(
                accounts + "index,Index Corp,Retail,300,R1\npage-2,Page Two Ltd,Retail,300,R1\n",
                to: site + "/data/accounts.csv")
            let yaml = Fixtures.read(site + "/site.yaml")
            Fixtures.write(yaml + "accounts_per_page: 2\n", to: site + "/site.yaml")
            Fixtures.write("---\ntitle: Not the list\n---\nHello\n", to: site + "/playbooks/index.md")
        }
        defer { built.cleanUp() }
        #expect(built.result.succeeded)
        #expect(built.page("accounts/index.html").contains("Alpha Foods"))
        #expect(built.page("accounts/index-2.html").contains("Index Corp"))
        #expect(built.page("accounts/page-2-2.html").contains("Page Two Ltd"))
        // 7 accounts, 2 a page: index, page-2, page-3, page-4 are list pages.
        for list in ["accounts/index.html", "accounts/page-2.html", "accounts/page-3.html", "accounts/page-4.html"] {
            #expect(built.page(list).contains("<h1>Accounts</h1>"), "\(list)")
        }
        #expect(built.page("accounts/page-2-2.html").contains("<h1>Page Two Ltd</h1>"))
        // 26 pages of the fixture + 2 briefs + 3 more list pages + the new
        // segment "Retail · mid" + the playbook: every one its own file.
        #expect(built.result.pages == 33)
        let files = FileManager.default.enumerator(atPath: built.output)?.compactMap { $0 as? String } ?? []
        #expect(files.filter { $0.hasSuffix(".html") }.count == 33)
        #expect(built.page("playbooks/index.html").contains("Not the list"))
        #expect(built.page("playbooks/index-2.html").contains("Hello"))
    }

    /// Prospects that match no customer segment (no industry, no size, an
    /// industry no customer has) still build: found by trying odd inputs,
    /// the page's segment link names were then missing from every page.
    @Test func prospectsLikeNoCustomerBuild() {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        Fixtures.write(
            "prospect_id,name,industry,employees\nP1,Nobody Like It,Mining,5000\nP2,Unknown,,\n",
            to: site + "/data/prospects.csv")
        let result = Pipeline.build(Fixtures.options(site: site, output: root + "/out"), today: Fixtures.fixtureToday)
        #expect(result.succeeded, "\(result.diagnostics.sorted)")
        let page = Fixtures.read(root + "/out/prospects/p1.html")
        #expect(page.contains("No large Mining customers yet") && !page.contains("Customers like it:"))
        #expect(FileManager.default.fileExists(atPath: root + "/out/prospects/p2.html"))
    }

    @Test func refusesToReplaceAFolderItDidNotWrite() {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        Fixtures.write("precious", to: root + "/mine/notes.txt")
        let result = Pipeline.build(Fixtures.options(site: site, output: root + "/mine"), today: Fixtures.fixtureToday)
        #expect(result.diagnostics.errors.first?.kind == .writeFailed)
        #expect(Fixtures.read(root + "/mine/notes.txt") == "precious")
    }

    @Test func asOfOptionOverridesSiteYAML() {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        var options = Fixtures.options(site: site, output: root + "/out")
        options.asOf = Day(iso: "2025-12-31")
        let result = Pipeline.build(options, today: Fixtures.fixtureToday)
        #expect(result.asOf?.iso == "2025-12-31")
        // As of 2025-12-31, A1 has 7000 in the window (see ValueAnalysisTests).
        #expect(Fixtures.read(root + "/out/accounts/a1.html").contains("<dd>$7,000</dd>"))
    }

    /// A template that includes itself with nothing to end it crashed the
    /// binary (the stack ran out); it is an error placed at the tag.
    @Test func aTemplateThatIncludesItselfEndlesslyIsAnErrorNotACrash() {
        let built = build { site in
            Fixtures.write(
                "{{<base}}{{$content}}<p>{{document.title}}</p>{{>page}}{{/content}}{{/base}}\n",
                to: site + "/templates/page.mustache")
        }
        defer { built.cleanUp() }
        #expect(!built.result.succeeded)
        #expect(!FileManager.default.fileExists(atPath: built.output))
        let errors = built.result.diagnostics.errors
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.location.file.hasSuffix("templates/page.mustache") == true)
        #expect(errors.first?.location.line == 1)
        #expect(
            errors.first?.message
                == "'base' is included more than 100 levels deep: a template that includes itself must do so "
                + "inside a section that ends")
    }

    /// A theme without a page's template: one error, naming the page that
    /// needs it (the renderer leaves it to the template check).
    @Test func aThemeWithoutAPagesTemplateIsOneError() throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.copyItem(atPath: Fixtures.packageRoot + "/themes/default", toPath: root + "/theme")
        try FileManager.default.removeItem(atPath: root + "/theme/templates/scores.mustache")
        var options = Fixtures.options(site: site, output: root + "/output")
        options.theme = root + "/theme"
        let result = Pipeline.build(options, today: Fixtures.fixtureToday)
        #expect(
            result.diagnostics.errors.map(\.message) == [
                "the theme has no template 'scores', needed for scores/index.html"
            ])
    }

    @Test func siteTemplatesOverrideTheTheme() {
        let built = build { site in
            Fixtures.write(
                "{{<base}}{{$content}}<p id=\"custom\">{{document.title}}</p>{{/content}}{{/base}}\n",
                to: site + "/templates/page.mustache")
            Fixtures.write("body { color: red; }\n", to: site + "/assets/style.css")
        }
        defer { built.cleanUp() }
        #expect(built.result.succeeded)
        #expect(built.page("pages/about.html").contains("<p id=\"custom\">About the fixture</p>"))
        #expect(built.page("assets/style.css") == "body { color: red; }\n")
    }
}
