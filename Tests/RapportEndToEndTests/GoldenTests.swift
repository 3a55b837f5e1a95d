import Foundation
import Rapport
import RapportTestSupport
import Testing

/// Golden files: the fixture site's pages and exports as they should be,
/// byte for byte. A change to the theme or the figures shows up here as a
/// diff of each file that changed. To accept a deliberate change, run
/// `RAPPORT_RECORD=1 swift test --filter GoldenTests` and review the diff of
/// Tests/Golden before committing.
@Suite struct GoldenTests {
    static let files = [
        "index.html", "accounts/index.html", "accounts/a1.html", "playbooks/rescue.html", "reps/index.html",
        "reps/r1/index.html", "reps/r1/packet.html", "reps/r1/email.html", "scores/index.html", "feed.xml",
        "search-index.json", "exports/accounts.json", "exports/accounts.csv", "exports/model.json",
    ]

    /// One build, every file compared: the suite used to build the site once per page.
    @Test func theFixtureSiteMatchesItsGoldenFiles() throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = Pipeline.build(Fixtures.options(site: site, output: root + "/out"), today: Fixtures.fixtureToday)
        #expect(result.succeeded)
        let recording = ProcessInfo.processInfo.environment["RAPPORT_RECORD"] == "1"
        for file in Self.files {
            let actual = Fixtures.read(root + "/out/" + file)
            let goldenPath = Fixtures.golden + "/basic-site/" + file
            if recording {
                Fixtures.write(actual, to: goldenPath)
                continue
            }
            let expected = Fixtures.read(goldenPath)
            #expect(!expected.isEmpty, "no golden file at \(goldenPath); record it with RAPPORT_RECORD=1")
            guard actual != expected else { continue }
            Issue.record("\(file) differs from its golden file:\n\(Self.diff(expected: expected, actual: actual))")
        }
    }

    /// A unified diff of two texts by lines (a longest common subsequence),
    /// with two lines of context, at most `limit` lines of it.
    static func diff(expected: String, actual: String, context: Int = 2, limit: Int = 60) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // lengths[i][j]: the longest common subsequence of old[i...] and new[j...].
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var edits: [(kind: Character, line: String, oldLine: Int, newLine: Int)] = []
        var (i, j) = (0, 0)
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                edits.append((" ", old[i], i, j))
                (i, j) = (i + 1, j + 1)
            } else if i < old.count, j == new.count || lengths[i + 1][j] >= lengths[i][j + 1] {
                edits.append(("-", old[i], i, j))
                i += 1
            } else {
                edits.append(("+", new[j], i, j))
                j += 1
            }
        }
        let changed = edits.indices.filter { edits[$0].kind != " " }
        var shown = Set<Int>()
        for index in changed {
            for near in max(0, index - context)...min(edits.count - 1, index + context) { shown.insert(near) }
        }
        var lines: [String] = []
        var previous: Int?
        for index in shown.sorted() {
            if previous.map({ index != $0 + 1 }) ?? true {
                lines.append("@@ expected line \(edits[index].oldLine + 1), actual line \(edits[index].newLine + 1) @@")
            }
            lines.append("\(edits[index].kind) \(edits[index].line)")
            previous = index
        }
        if lines.count > limit { lines = Array(lines.prefix(limit)) + ["… \(lines.count - limit) more lines"] }
        return lines.joined(separator: "\n")
    }

    @Test func theDiffShowsWhatChangedWithContext() {
        let diff = Self.diff(expected: "a\nb\nc\nd\ne\nf\n", actual: "a\nb\nC\nd\ne\nf\ng\n", context: 1)
        #expect(
            diff == """
                @@ expected line 2, actual line 2 @@
                  b
                - c
                + C
                  d
                @@ expected line 6, actual line 6 @@
                  f
                + g
                \u{20}\u{20}
                """)
    }
}
