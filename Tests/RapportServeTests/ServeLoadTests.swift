import Foundation
import Rapport
import RapportTestSupport
import Testing

@testable import RapportServe

/// Issue 25, point 7: what `serve` looks at and holds.
@Suite struct ServeLoadTests {
    /// 20,000 files beside the inputs made the idle look use 73 % of a core;
    /// a file written there every 10 ms held a playbook's rebuild back.
    /// Only inputs are looked at.
    @Test func onlyInputsAreLookedAt() throws {
        let site = Fixtures.copy("review-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: site + "/notes", withIntermediateDirectories: true)
        for index in 0..<2_000 { Fixtures.write("\(index)", to: site + "/notes/\(index).txt") }
        Fixtures.write("draft", to: site + "/todo.txt")
        let scan = InputFingerprints.scan(site: site)
        let inputs = try FileManager.default.subpathsOfDirectory(atPath: site).filter {
            !$0.hasPrefix("notes") && $0 != "todo.txt"
                && FileManager.default.fileExists(atPath: site + "/" + $0 + "/x") == false
        }.filter { path in
            var directory: ObjCBool = false
            FileManager.default.fileExists(atPath: site + "/" + path, isDirectory: &directory)
            return !directory.boolValue
        }
        #expect(Set(scan.files.keys) == Set(inputs.map { site + "/" + $0 }))
        #expect(!scan.files.keys.contains { $0.contains("/notes/") || $0.hasSuffix("todo.txt") })
    }

    /// A playbook added as a link, and a folder of playbooks linked in from
    /// elsewhere in the site, are inputs like any other; a link leading out
    /// of the site is not followed.
    @Test func linksInsideTheSiteAreWatched() throws {
        let site = Fixtures.copy("review-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let manager = FileManager.default
        try manager.createDirectory(atPath: site + "/shared/more", withIntermediateDirectories: true)
        Fixtures.write("---\ntitle: Linked\n---\nBody\n", to: site + "/shared/linked.md")
        Fixtures.write("---\ntitle: Deep\n---\nBody\n", to: site + "/shared/more/deep.md")
        Fixtures.write("secret", to: root + "/outside.md")
        try manager.createSymbolicLink(
            atPath: site + "/playbooks/linked.md", withDestinationPath: "../shared/linked.md")
        try manager.createSymbolicLink(atPath: site + "/pages", withDestinationPath: "shared/more")
        try manager.createSymbolicLink(atPath: site + "/playbooks/out.md", withDestinationPath: root + "/outside.md")
        try manager.createDirectory(atPath: site + "/templates", withIntermediateDirectories: true)
        try manager.createSymbolicLink(atPath: site + "/templates/loop", withDestinationPath: "..")
        let before = InputFingerprints.scan(site: site)
        #expect(before.files[site + "/playbooks/linked.md"] != nil)
        #expect(before.files[site + "/pages/deep.md"] != nil)
        // A link leading out: the loader refuses it (docs/guide.md#a-site-folder, "Links"); a
        // link looping back up is walked once.
        #expect(before.files.keys.allSatisfy { !$0.contains("/loop/loop/") })
        Fixtures.write("---\ntitle: Linked, edited\n---\nBody\n", to: site + "/shared/linked.md")
        #expect(InputFingerprints.scan(site: site).changes(since: before) == [site + "/playbooks/linked.md"])
    }

    /// 50 pages that never read each held a 20 MB copy of the problems: an
    /// event is one buffer every listener shares.
    @Test func everyListenerSharesOneCopyOfAnEvent() async throws {
        let live = LiveReload()
        let streams = (0..<50).map { _ in live.listen() }
        live.send("problems", data: String(repeating: "x", count: 1_000_000))
        var addresses: Set<Int> = []
        for stream in streams {
            var iterator = stream.makeAsyncIterator()
            _ = await iterator.next()  // ": connected"
            let event = try #require(await iterator.next())
            #expect(event.readableBytes > 1_000_000)
            event.withUnsafeReadableBytes { addresses.insert(Int(bitPattern: $0.baseAddress)) }
        }
        #expect(addresses.count == 1)
        live.finish()
    }
}
