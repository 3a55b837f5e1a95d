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

    @Test func tagfilterEscapesDangerousTagsWhenRawHTMLIsAllowed() {
        let html = Markdown.html("<b>ok</b> <script>alert(1)</script> <iframe src=x></iframe>\n", allowRawHTML: true)
        #expect(html.contains("<b>ok</b>"))
        #expect(html.contains("&lt;script>"))
        #expect(html.contains("&lt;iframe"))
        #expect(!html.contains("<script>"))
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
