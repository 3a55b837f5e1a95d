import CCmarkGFM
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// GitHub-flavoured Markdown to HTML through the C library cmark-gfm.
///
/// A parser is created per call (cmark parsers are not thread-safe), so calls
/// may run concurrently once the extensions are registered; registration
/// happens exactly once, in a Swift `static let`, whose initialisation the
/// runtime guarantees to be thread-safe and to complete before first use.
public enum Markdown {
    /// The GFM extensions every document gets.
    public static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// cmark-gfm 0.29's inline parser reads a process-wide table of special
    /// characters, and every `cmark_parser_finish` adds its extensions'
    /// characters to it and takes them out again when done: two documents
    /// finished at once on two threads could each lose the other's `:` and
    /// `~`, and an autolink or a strikethrough went missing from one build
    /// of two (PipelineTests.twoBuildsAreByteIdentical under a loaded test
    /// run). Finishing is serialised; feeding and rendering stay parallel.
    private static let finishing = Mutex(())

    /// Renders `source` to an HTML fragment.
    /// - Parameter allowRawHTML: pass raw HTML blocks and inline HTML through,
    ///   reduced to `RawHTMLFilter`'s allow-list. Off by default: playbooks
    ///   are written by many people and the portal is shown to customers' reps.
    public static func html(_ source: String, allowRawHTML: Bool = false) -> String {
        precondition(registered)
        var options = CMARK_OPT_DEFAULT | CMARK_OPT_GITHUB_PRE_LANG | CMARK_OPT_FOOTNOTES
        options |= allowRawHTML ? CMARK_OPT_UNSAFE : CMARK_OPT_SAFE
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        source.utf8CString.withUnsafeBufferPointer { buffer in
            cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
        }
        // The node passes out of the lock as its address: a pointer is not Sendable.
        let address = finishing.withLock { _ in UInt(bitPattern: cmark_parser_finish(parser)) }
        guard let document = OpaquePointer(bitPattern: address) else { return "" }
        defer { cmark_node_free(document) }
        if allowRawHTML { filterRawHTML(in: document) }
        // The parser's extension list must reach the renderer: with NULL,
        // tagfilter and the table/tasklist HTML hooks silently do nothing.
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser))
        else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Every raw HTML block and inline tag through the allow-list, before
    /// rendering: the text cmark keeps for them is exactly what it would emit.
    static func filterRawHTML(in document: OpaquePointer) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE,
                let literal = cmark_node_get_literal(node)
            else { continue }
            _ = cmark_node_set_literal(node, RawHTMLFilter.filter(String(cString: literal)))
        }
    }
}
