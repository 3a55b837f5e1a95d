import Foundation
import Rapport
import RapportMarkdown
import RapportTestSupport
import Testing

/// Issue 25, point 3: Debian's cmark-gfm lacks the fixes for
/// CVE-2023-22486 and CVE-2023-37463; such input is refused at its line
/// before the library sees it.
@Suite struct MarkdownLimitsTests {
    /// CVE-2023-22486: `![[]()` repeated 160,000 times ran for more than a
    /// minute (40,000: 4 s). Each repeat leaves one `[` open.
    @Test(.timeLimit(.minutes(1))) func theBracketCVEIsRefusedAtItsLine() {
        let problems = MarkdownLimits.problems(
            in: "Intro.\n\n" + String(repeating: "![[]()", count: 160_000), firstLine: 5)
        #expect(
            problems == [
                MarkdownLimits.Problem(
                    line: 7, message: "'[' nested more than 32 deep; brackets and links may nest at most 32 deep"),
                MarkdownLimits.Problem(
                    line: 7,
                    message: "more than 2000 '[' in the block starting on line 7; a block (lines with no blank line "
                        + "between them) may have at most 2000"),
            ])
        // 32 open at once, 2,000 in a block: still fine.
        #expect(MarkdownLimits.problems(in: String(repeating: "[", count: 32) + "a").isEmpty)
        let links = (0..<1_000).map { "[l\($0)](https://x.example/\($0))" }.joined(separator: " ")
        #expect(MarkdownLimits.problems(in: links + " " + links).isEmpty)
        #expect(MarkdownLimits.problems(in: links + " " + links + " [one more]").count == 1)
        // An escaped bracket, or one in a code fence, is text.
        #expect(MarkdownLimits.problems(in: String(repeating: "\\[", count: 3_000)).isEmpty)
        #expect(MarkdownLimits.problems(in: "```\n" + String(repeating: "[", count: 3_000) + "\n```\n").isEmpty)
    }

    /// CVE-2023-37463: a 1,000-column header over 20,000 one-cell rows (84
    /// KB) made 20 million cells: 31 s, 5.1 GB, then an abort (exit 134).
    @Test(.timeLimit(.minutes(1))) func theTableCVEIsRefusedAtItsLine() {
        let table =
            "# Prices\n\n|" + String(repeating: "x|", count: 1_000) + "\n|" + String(repeating: "-|", count: 1_000)
            + "\n" + String(repeating: "a\n", count: 20_000)
        #expect(table.utf8.count < 90_000)
        // The delimiter row (line 4); then, counted 100 wide, the header and
        // delimiter rows make 200 cells and the 999th row below makes 100,100.
        #expect(MarkdownLimits.problems(in: table).map(\.line) == [4, 4 + 999])
        // 100 columns × 998 rows and the two header rows: exactly the limit.
        let wide =
            "|" + String(repeating: "x|", count: 100) + "\n|" + String(repeating: ":-:|", count: 100) + "\n"
            + String(repeating: "a\n", count: 998)
        #expect(MarkdownLimits.problems(in: wide).isEmpty)
        #expect(MarkdownLimits.problems(in: wide + "a\n").count == 1)
        // A setext heading's underline is not a table.
        #expect(MarkdownLimits.problems(in: String(repeating: "Title\n---\n\n", count: 60_000)).isEmpty)
    }

    /// Through the loader: an error at the playbook's line naming the limit,
    /// and no page for it; the demo's own playbooks pass.
    @Test func aPlaybookBeyondALimitIsAnErrorAtItsLine() throws {
        let site = Fixtures.copy("basic-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        Fixtures.write(
            "---\ntitle: Wide\n---\nIntro\n\n|" + String(repeating: "x|", count: 101) + "\n|"
                + String(repeating: "-|", count: 101) + "\n", to: site + "/playbooks/wide.md")
        Fixtures.write(String(repeating: "a", count: (1 << 20) + 1), to: site + "/pages/huge.md")
        let result = Pipeline.check(BuildOptions(site: site), today: Fixtures.fixtureToday)
        let messages = result.diagnostics.errors.map(\.description)
        #expect(
            messages.contains(
                "\(site)/playbooks/wide.md:7: error: a table of 101 columns; a table may have at most 100 "
                    + "(docs/guide.md#playbooks-and-pages, Limits) [load]"), "\(messages)")
        #expect(
            messages.contains(
                "\(site)/pages/huge.md:1: error: the file is 1048577 bytes; a playbook or page may have at most "
                    + "1048576 (1 MiB) (docs/guide.md#playbooks-and-pages, Limits) [load]"), "\(messages)")
        for folder in ["playbooks", "pages"] {
            let directory = Fixtures.packageRoot + "/content/" + folder
            for file in try FileManager.default.contentsOfDirectory(atPath: directory) {
                #expect(MarkdownLimits.problems(in: Fixtures.read(directory + "/" + file)).isEmpty, "\(file)")
            }
        }
    }
}
