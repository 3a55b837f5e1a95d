import RapportMarkdown
import Testing

/// cmark-gfm keeps its special characters in one table for the whole
/// process and each parse adds and removes its extensions' there: parsed
/// on many threads at once, documents lost autolinks and strikethroughs
/// (a build of two differed). Every rendering must equal the lone one.
@Suite struct MarkdownConcurrencyTests {
    @Test func documentsRenderedAtOnceRenderAsAlone() {
        let source = "~~discount~~ Visit https://example.com today, or www.example.org.\n\n- [x] read\n"
        let alone = Markdown.html(source)
        #expect(alone.contains("<del>discount</del>") && alone.contains("<a href=\"https://example.com\">"))
        let renderings = Array(0..<4_000).parallelMap(minimumCount: 2) { _ in Markdown.html(source) }
        #expect(renderings.filter { $0 != alone }.count == 0)
    }
}
