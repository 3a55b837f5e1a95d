import Foundation
import Rapport
import RapportCore
import RapportTestSupport
import Testing

@testable import RapportLoad

/// Issue 25, point 6: four ways a build lost data without a word.
@Suite struct OutputSafetyTests {
    func site() -> (site: String, root: String) {
        let site = Fixtures.copy("basic-site")
        return (site, (site as NSString).deletingLastPathComponent)
    }

    /// What another program does to a file while the build reads it.
    struct TruncatedWhileRead: DataSource {
        let inner: CSVFolderSource
        let path: String

        func read(into model: inout SiteModel, config: SiteConfig, diagnostics: inout Diagnostics) {
            inner.read(into: &model, config: config, diagnostics: &diagnostics)
            let text = Fixtures.read(path)
            Fixtures.write(String(text.prefix(text.count / 2)), to: path)
        }
    }

    /// `orders.csv` truncated in place during a build: exit 0, no warning,
    /// 145,921 orders published of 225,746, over the last good output.
    @Test func anInputChangedWhileReadFailsTheBuild() {
        let (site, root) = site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let output = root + "/out"
        #expect(Pipeline.build(BuildOptions(site: site, output: output), today: Fixtures.fixtureToday).succeeded)
        let before = Fixtures.snapshot(output)
        var options = BuildOptions(site: site, output: output)
        let orders = site + "/data/orders.csv"
        options.source = TruncatedWhileRead(
            inner: CSVFolderSource(directory: site + "/data", boundary: SiteBoundary(root: site)), path: orders)
        let result = Pipeline.build(options, today: Fixtures.fixtureToday)
        #expect(!result.succeeded)
        #expect(
            result.diagnostics.errors.map(\.description) == [
                "\(orders): error: changed while it was being read: nothing written (run again once it is complete) "
                    + "[load]"
            ])
        #expect(Fixtures.snapshot(output) == before, "the last good output stays")
    }

    /// `--output public`, `public` a link to the web root: the link was
    /// replaced by a folder and the web root left stale.
    @Test func anOutputLinkIsWrittenThroughToItsTarget() throws {
        let (site, root) = site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let webRoot = root + "/www/reviews", link = root + "/public"
        try FileManager.default.createDirectory(atPath: webRoot, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: webRoot)
        for title in ["First", "Second"] {
            let yaml = Fixtures.read(site + "/site.yaml").split(separator: "\n").map {
                $0.hasPrefix("title:") ? "title: \(title)" : String($0)
            }
            Fixtures.write(yaml.joined(separator: "\n") + "\n", to: site + "/site.yaml")
            let result = Pipeline.build(BuildOptions(site: site, output: link), today: Fixtures.fixtureToday)
            #expect(result.succeeded, "\(result.diagnostics.sorted.map(\.description))")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == webRoot)
            #expect(Fixtures.read(webRoot + "/index.html").contains("<title>This week · \(title)</title>"))
        }
        // A link to nothing is refused, and left alone.
        let dangling = root + "/dangling"
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: root + "/gone")
        let refused = Pipeline.build(BuildOptions(site: site, output: dangling), today: Fixtures.fixtureToday)
        #expect(
            refused.diagnostics.errors.map(\.message) == [
                "the output is a link to \(root)/gone, which does not exist: create that folder, or point --output "
                    + "at a folder"
            ])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dangling) == root + "/gone")
    }

    func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    /// A 700 output with a 600 `accounts.csv` came back 755 and 644.
    @Test func theOutputsPermissionsAreKept() throws {
        let (site, root) = site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let output = root + "/out"
        #expect(Pipeline.build(BuildOptions(site: site, output: output), today: Fixtures.fixtureToday).succeeded)
        chmod(output, 0o700)
        chmod(output + "/exports/accounts.csv", 0o600)
        let yaml = Fixtures.read(site + "/site.yaml").replacingOccurrences(of: "Fixture Supplies", with: "Other")
        Fixtures.write(yaml, to: site + "/site.yaml")
        #expect(Pipeline.build(BuildOptions(site: site, output: output), today: Fixtures.fixtureToday).succeeded)
        #expect(try mode(output) == 0o700)
        // Rewritten (the title changed), carried over, and in a subfolder: none readable by others.
        #expect(try mode(output + "/index.html") == 0o600)
        #expect(try mode(output + "/exports/accounts.csv") == 0o600)
        #expect(try mode(output + "/accounts") == 0o700 && mode(output + "/accounts/a1.html") == 0o600)
        // 750 gives the group what it had: 640 files.
        chmod(output, 0o750)
        #expect(Pipeline.build(BuildOptions(site: site, output: output), today: Fixtures.fixtureToday).succeeded)
        #expect(try mode(output) == 0o750 && mode(output + "/reps") == 0o750 && mode(output + "/index.html") == 0o640)
    }

    /// `--output S/assets`: each build copied the last one into itself.
    @Test func anOutputInsideWhatTheBuildReadsIsRefused() throws {
        let (site, root) = site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for output in [site + "/assets", site + "/assets/portal", site, root] {
            let result = Pipeline.build(BuildOptions(site: site, output: output), today: Fixtures.fixtureToday)
            let message = result.diagnostics.errors.first?.message ?? ""
            #expect(
                message.hasPrefix("the output folder lies inside \(site)")
                    || message.hasPrefix("the output folder holds \(site)"), "\(output): \(message)")
            #expect(!FileManager.default.fileExists(atPath: site + "/assets/index.html"))
        }
        // Beside the site is where an output goes.
        #expect(Pipeline.build(BuildOptions(site: site, output: root + "/out"), today: Fixtures.fixtureToday).succeeded)
    }
}
