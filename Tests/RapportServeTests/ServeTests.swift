import Foundation
import RapportTestSupport
import Synchronization
import Testing

@testable import Rapport
@testable import RapportServe

/// `rapport serve`, below the HTTP layer: which paths are served, and that
/// every partial rebuild leaves exactly the portal a full build makes.
@Suite struct ServeTests {
    @Test func onlyPathsInsideThePortalAreServed() {
        #expect(RequestPath.parse("/") == .file("index.html"))
        #expect(RequestPath.parse("/accounts/a-1.html") == .file("accounts/a-1.html"))
        #expect(RequestPath.parse("/reps/ann/") == .file("reps/ann/index.html"))
        #expect(RequestPath.parse("/caf%C3%A9.html") == .file("café.html"))
        #expect(RequestPath.parse("/_rapport/live.js") == .liveScript)
        #expect(RequestPath.parse("/_rapport/events") == .events)
        #expect(RequestPath.parse("/_rapport/status") == .status)
        for escape in [
            "/../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E/%2E%2E/etc/passwd", "/accounts/..%2f..%2fsite.yaml",
            "/a%2Fb", "/a%5c..%5cb", "//etc/passwd", "/a//b", "/./index.html", "/a/.", "etc/passwd",
            "http://example.com/", "/%00", "/a%0Ab", "/%zz", "/_rapport/other", "/_rapport/",
        ] {
            #expect(RequestPath.parse(escape) == .invalid, "\(escape)")
        }
    }

    @Test func etagsMatchAsBrowsersSendThem() {
        let tag = ETag.of(Array("page".utf8))
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && tag != ETag.of(Array("page!".utf8)))
        #expect(ETag.matches(tag, tag))
        #expect(ETag.matches("W/" + tag, tag))
        #expect(ETag.matches("\"other\", " + tag, tag))
        #expect(ETag.matches("*", tag))
        #expect(!ETag.matches("\"other\"", tag))
    }

    @Test func theLiveScriptGoesBeforeTheLastClosingBody() {
        let page = Array("<html><body><p>&lt;/body&gt;</p></body></html>".utf8)
        #expect(
            String(decoding: LiveReload.inject(into: page), as: UTF8.self)
                == "<html><body><p>&lt;/body&gt;</p>\(LiveReload.scriptTag)</body></html>")
        #expect(
            String(decoding: LiveReload.inject(into: Array("<p>x".utf8)), as: UTF8.self) == "<p>x"
                + LiveReload.scriptTag)
    }

    @Test func changedFilesSayWhatToRedo() {
        let site = "/s", theme = "/s/looks/plain"
        func edit(_ paths: [String]) -> SiteEdit { SiteEdit(paths, site: site, themeFolders: [theme]) }
        #expect(edit(["/s/data/orders.csv"]).reload)
        #expect(edit(["/s/site.yaml"]).reload)
        #expect(edit(["/s/playbooks/rescue.md"]).documents == [.playbook("rescue")])
        #expect(edit(["/s/pages/about.md"]).documents == [.document("about")])
        #expect(edit(["/s/templates/account.mustache"]).templates == ["account"])
        #expect(edit(["/s/looks/plain/templates/partials/nav.mustache"]).templates == ["partials/nav"])
        #expect(edit(["/s/looks/plain/assets/style.css"]).assets)
        #expect(edit(["/s/notes.txt", "/s/playbooks/draft.txt", "/elsewhere/x.md"]).isEmpty)
        #expect(edit(["/s/playbooks/rescue.md"]).files == ["playbooks/rescue.md"])
    }

    /// A session's rebuilder and its served folder, on a copy of a fixture.
    final class Session {
        let site: String
        let root: String
        let state: PreviewState
        let rebuilder: Rebuilder
        let lines = LogLines()

        /// - Parameter fixture: a fixture's name, or a folder's path.
        init(_ fixture: String) throws {
            if fixture.hasPrefix("/") {
                root = Fixtures.temporaryDirectory()
                site = root + "/site"
                try FileManager.default.copyItem(atPath: fixture, toPath: site)
            } else {
                site = Fixtures.copy(fixture)
                root = (site as NSString).deletingLastPathComponent
            }
            state = PreviewState(portal: ServedPortal(base: root + "/served"))
            try FileManager.default.createDirectory(atPath: root + "/served", withIntermediateDirectories: true)
            let lines = self.lines
            rebuilder = Rebuilder(
                options: Fixtures.options(site: site, output: root + "/unused"), today: Fixtures.fixtureToday,
                state: state, log: { lines.append($0) })
            #expect(rebuilder.buildAll(because: nil) != nil)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        /// Every file served now, by path.
        var served: [String: Data] {
            guard case .file = state.portal.read("index.html") else { return [:] }
            let current = try! FileManager.default.contentsOfDirectory(atPath: root + "/served")
                .filter { $0.hasPrefix("generation-") }
                .max { Int($0.dropFirst(11))! < Int($1.dropFirst(11))! }!
            return Fixtures.snapshot(root + "/served/" + current)
        }

        /// What `rapport build` makes of the site as it is now.
        func fullBuild() -> [String: Data] {
            let output = root + "/full-\(UUID().uuidString)"
            let built = Pipeline.build(Fixtures.options(site: site, output: output), today: Fixtures.fixtureToday)
            #expect(built.succeeded, "\(built.diagnostics.sorted.map(\.description))")
            return Fixtures.snapshot(output)
        }

        func edit(_ relative: String, _ change: (String) -> String) {
            let path = site + "/" + relative
            Fixtures.write(change(Fixtures.read(path)), to: path)
        }
    }

    final class LogLines: Sendable {
        private let storage = Mutex<[String]>([])
        func append(_ line: String) { storage.withLock { $0.append(line) } }
        var all: [String] { storage.withLock { $0 } }
    }

    static func expectSame(_ served: [String: Data], _ full: [String: Data]) {
        // Less the build's marker file, which only an output folder has.
        let full = full.filter { !$0.key.hasPrefix(".") }
        #expect(served.keys.sorted() == full.keys.sorted())
        for (path, bytes) in full where served[path] != bytes { Issue.record("\(path) differs from a full build") }
    }

    /// A playbook's `when` and text edited: only the routes that read it are
    /// rendered again, and the portal is then byte for byte a full build's.
    @Test func aPlaybookEditRerendersWhatReadsItAndMatchesAFullBuild() throws {
        let session = try Session("review-site")
        let before = session.served
        Self.expectSame(before, session.fullBuild())
        session.edit("playbooks/rescue.md") {
            $0.replacingOccurrences(
                of: "when: risk.band == \"high\" and value.tier in [\"A\", \"B\"]", with: "when: value.tier == \"A\""
            )
            .replacingOccurrences(of: "Call them.", with: "Call them today.")
        }
        session.rebuilder.poll()
        let line = try #require(session.lines.all.last)
        #expect(line.hasPrefix("playbooks/rescue.md changed: "), "\(line)")
        let rendered = Int(line.dropFirst("playbooks/rescue.md changed: ".count).prefix { $0.isNumber })!
        #expect(rendered > 0 && rendered < before.count / 2, "\(line)")
        #expect(session.state.problems.isEmpty)
        let after = session.served
        Self.expectSame(after, session.fullBuild())
        #expect(after["playbooks/rescue.html"] != before["playbooks/rescue.html"])
    }

    /// A free page's new title is in every page's navigation: every page is rendered again.
    @Test func aNewPageTitleRerendersEveryPage() throws {
        let session = try Session("review-site")
        Fixtures.write("---\ntitle: Pricing\n---\nOur prices.\n", to: session.site + "/pages/pricing.md")
        session.rebuilder.poll()
        Self.expectSame(session.served, session.fullBuild())
        session.edit("pages/pricing.md") { $0.replacingOccurrences(of: "title: Pricing", with: "title: Price list") }
        session.rebuilder.poll()
        Self.expectSame(session.served, session.fullBuild())
        try FileManager.default.removeItem(atPath: session.site + "/pages/pricing.md")
        session.rebuilder.poll()
        Self.expectSame(session.served, session.fullBuild())
    }

    /// A template override added, then edited: the pages it draws are rendered again.
    @Test func aTemplateEditRerendersThePagesItDraws() throws {
        let session = try Session("review-site")
        let theme = Fixtures.packageRoot + "/themes/default/templates/playbook.mustache"
        Fixtures.write(
            Fixtures.read(theme).replacingOccurrences(of: "</article>", with: "<p>Edited.</p></article>"),
            to: session.site + "/templates/playbook.mustache")
        session.rebuilder.poll()
        let line = try #require(session.lines.all.last)
        #expect(line.hasPrefix("templates/playbook.mustache changed: 3 pages in "), "\(line)")
        Self.expectSame(session.served, session.fullBuild())
    }

    /// A broken edit keeps the last good portal and reports where the
    /// problem is; fixing it clears the problems.
    @Test func aBrokenEditKeepsTheLastGoodPortalUntilFixed() throws {
        let session = try Session("review-site")
        let good = session.served
        session.edit("playbooks/rescue.md") {
            $0.replacingOccurrences(of: "risk.band == \"high\"", with: "risk.band === \"high\"")
        }
        session.rebuilder.poll()
        let problems = session.state.problems
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix(session.site + "/playbooks/rescue.md:3:") == true, "\(problems)")
        #expect(session.lines.all.last?.hasSuffix("1 error; still serving the last good portal") == true)
        #expect(session.served == good)
        session.edit("playbooks/rescue.md") { $0.replacingOccurrences(of: "===", with: "==") }
        session.rebuilder.poll()
        #expect(session.state.problems.isEmpty)
        Self.expectSame(session.served, session.fullBuild())
    }

    /// Data edits load and analyse again; the result is a full build's.
    @Test func aDataEditRebuildsEverything() throws {
        let session = try Session("review-site")
        session.edit("data/orders.csv") { $0 + "K1,2026-05-02,1234.00,O-99,S1,1\n" }
        session.rebuilder.poll()
        #expect(session.lines.all.last?.hasPrefix("data/orders.csv changed: loaded, analysed and rendered ") == true)
        Self.expectSame(session.served, session.fullBuild())
    }

    /// The demo, with prospects and free pages: a prospect playbook's
    /// condition and a free page's text edited, then a playbook removed.
    @Test func demoEditsMatchAFullBuild() throws {
        let session = try Session(Fixtures.packageRoot + "/content")
        session.edit("playbooks/first-meeting-with-a-prospect.md") {
            $0.replacingOccurrences(of: "prospect.days_to_meeting <= 14", with: "prospect.days_to_meeting <= 60")
        }
        session.rebuilder.poll()
        Self.expectSame(session.served, session.fullBuild())
        session.edit("pages/about.md") { $0 + "\nA new paragraph.\n" }
        session.rebuilder.poll()
        #expect(session.lines.all.last?.hasPrefix("pages/about.md changed: 1 page in ") == true, "\(session.lines.all)")
        Self.expectSame(session.served, session.fullBuild())
        try FileManager.default.removeItem(atPath: session.site + "/playbooks/thank-senders.md")
        session.rebuilder.poll()
        Self.expectSame(session.served, session.fullBuild())
    }
}
