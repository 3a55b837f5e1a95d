import Foundation
import Rapport
import Testing

/// Golden files: the fixture site's pages as they should be, byte for byte.
/// A change to the theme or the figures shows up as a diff here. To accept a
/// deliberate change, run `RAPPORT_RECORD=1 swift test --filter GoldenTests`
/// and review the diff of Tests/RapportTests/Golden before committing.
@Suite struct GoldenTests {
    static let pages = [
        "index.html", "accounts/index.html", "accounts/a1.html", "playbooks/rescue.html", "reps/index.html",
        "reps/r1/index.html", "reps/r1/packet.html", "reps/r1/email.html", "feed.xml", "search-index.json",
    ]

    @Test(arguments: pages) func pageMatchesGolden(_ page: String) throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = Pipeline.build(Fixtures.options(site: site, output: root + "/out"), today: Fixtures.fixtureToday)
        #expect(result.succeeded)
        let actual = Fixtures.read(root + "/out/" + page)
        let goldenPath = Fixtures.golden + "/basic-site/" + page
        if ProcessInfo.processInfo.environment["RAPPORT_RECORD"] == "1" {
            Fixtures.write(actual, to: goldenPath)
            return
        }
        let expected = Fixtures.read(goldenPath)
        #expect(!expected.isEmpty, "no golden file at \(goldenPath); record it with RAPPORT_RECORD=1")
        guard actual != expected else { return }
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let first =
            Array(zip(actualLines, expectedLines)).firstIndex { $0 != $1 }
            ?? min(actualLines.count, expectedLines.count)
        Issue.record(
            """
            \(page) differs from its golden file at line \(first + 1):
              expected: \(first < expectedLines.count ? String(expectedLines[first]) : "<end of file>")
              actual:   \(first < actualLines.count ? String(actualLines[first]) : "<end of file>")
            """)
    }
}
