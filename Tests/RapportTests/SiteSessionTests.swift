import Foundation
import RapportCore
import RapportTestSupport
import Testing

@testable import Rapport
@testable import RapportWrite

/// A `Site` is loaded and analysed once and renders into any sink, as
/// often as asked, to the same bytes; nothing it needs is consumed.
@Suite struct SiteSessionTests {
    @Test func aSiteRendersIntoMemoryWhatABuildWritesAndAgainTheSame() throws {
        let site = Fixtures.copy("review-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let options = Fixtures.options(site: site, output: root + "/out")
        let built = Pipeline.build(options, today: Fixtures.fixtureToday)
        #expect(built.succeeded)

        let (opened, _, diagnostics) = Site.open(options, today: Fixtures.fixtureToday)
        let session = try #require(opened)
        #expect(!diagnostics.hasErrors)
        var first = Diagnostics(), second = Diagnostics()
        let memory = MemorySink(), again = MemorySink()
        let rendering = try #require(session.render(to: memory, diagnostics: &first))
        _ = session.render(to: again, diagnostics: &second)
        #expect(!first.hasErrors && !second.hasErrors)
        #expect(rendering.files == memory.paths.count)
        #expect(rendering.pages == built.pages && rendering.files == built.files)
        // Every file as the build wrote it to disk, and the second rendering the same.
        for path in memory.paths {
            let onDisk = FileManager.default.contents(atPath: root + "/out/" + path).map { [UInt8]($0) }
            #expect(memory[path] == onDisk, "\(path)")
            #expect(again[path] == memory[path], "\(path)")
        }
        #expect(session.asOf == built.asOf)
    }

    /// The fingerprints taken before loading tell what an edit touched.
    @Test func theInputFingerprintsSeeAnEditedPlaybookAndNothingElse() throws {
        let site = Fixtures.copy("review-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = InputFingerprints.scan(site: site)
        #expect(before.files.keys.contains(site + "/data/orders.csv"))
        #expect(before.files.keys.contains(site + "/playbooks/rescue.md"))
        let playbook = site + "/playbooks/rescue.md"
        let text = try String(contentsOfFile: playbook, encoding: .utf8)
        try (text + "\nAnd write it down.\n").write(toFile: playbook, atomically: false, encoding: .utf8)
        try "new".write(toFile: site + "/.hidden", atomically: false, encoding: .utf8)
        #expect(InputFingerprints.scan(site: site).changes(since: before) == [playbook])
        // The output folder inside the site is not an input.
        try FileManager.default.createDirectory(atPath: site + "/out", withIntermediateDirectories: true)
        try "x".write(toFile: site + "/out/index.html", atomically: false, encoding: .utf8)
        let after = InputFingerprints.scan(site: site, excluding: site + "/out")
        #expect(after.changes(since: before) == [playbook])
    }

    /// A preview keeps the records grouped by account, a build does not.
    @Test func theHistoryIsKeptOnlyWhenAsked() throws {
        let site = Fixtures.copy("review-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let options = Fixtures.options(site: site, output: root + "/out")
        let kept = try #require(Site.open(options, today: Fixtures.fixtureToday, keepHistory: true).site)
        let dropped = try #require(Site.open(options, today: Fixtures.fixtureToday).site)
        #expect(kept.history?.accounts.count == 6)
        #expect(kept.history?.asOf == kept.asOf)
        #expect(dropped.history == nil)
    }

    /// An asset that cannot be read when the site is rendered (here, gone
    /// since the theme was loaded) is an error, and rendering stops there,
    /// so a build aborts its staging folder instead of swapping in pages
    /// without their stylesheet.
    @Test func anUnreadableAssetStopsTheRendering() throws {
        let site = Fixtures.copy("review-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        Fixtures.write("body { color: black }", to: site + "/assets/extra.css")
        let (opened, _, _) = Site.open(
            Fixtures.options(site: site, output: root + "/out"), today: Fixtures.fixtureToday)
        let session = try #require(opened)
        try FileManager.default.removeItem(atPath: site + "/assets/extra.css")
        var diagnostics = Diagnostics()
        let sink = MemorySink()
        #expect(session.render(to: sink, diagnostics: &diagnostics) == nil)
        #expect(
            diagnostics.all.map(\.description) == [
                "\(site)/assets/extra.css: error: cannot read asset [render]"
            ])
    }
}
