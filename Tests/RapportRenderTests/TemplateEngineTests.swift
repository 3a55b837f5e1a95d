import Testing

@testable import RapportRender

/// The template engine against examples from the Mustache specification
/// (github.com/mustache/spec, specs/*.yml): expected outputs are the spec's.
@Suite struct TemplateEngineTests {
    func render(_ template: String, _ data: TemplateContext, partials: [String: String] = [:]) throws -> String {
        var library = TemplateLibrary()
        library.register(try Template(template), named: "main")
        for (name, text) in partials { library.register(try Template(text), named: name) }
        return library.render(data.templateValue, withTemplate: "main")!
    }

    @Test func interpolationEscapesHTMLUnlessTripleOrAmpersand() throws {
        let data: TemplateContext = ["forbidden": "& \" < > '"]
        #expect(
            try render("These characters should be HTML escaped: {{forbidden}}\n", data)
                == "These characters should be HTML escaped: &amp; &quot; &lt; &gt; &#39;\n")
        #expect(try render("{{{forbidden}}} {{&forbidden}}", data) == "& \" < > ' & \" < > '")
    }

    /// Pages are rendered as bytes: escaping a value there must give what
    /// escaping the string gives, written out by hand here, for control
    /// characters, quotes, and characters of two, three and four bytes.
    @Test func escapingIntoBytesMatchesEscapingText() throws {
        let cases: [(String, String)] = [
            ("", ""), ("plain", "plain"),
            ("a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f"),
            ("Priya\u{0C}Shah\u{7F}", "Priya\u{FFFD}Shah\u{FFFD}"),
            ("tab\tline\ncr\r", "tab\tline\ncr\r"),
            ("Zoë & Ørsted — 日本 <😀>", "Zoë &amp; Ørsted — 日本 &lt;😀&gt;"),
            (
                String(repeating: "long text without specials ", count: 3) + "&",
                String(repeating: "long text without specials ", count: 3) + "&amp;"
            ),
        ]
        for (text, expected) in cases {
            #expect(HTML.escape(text) == expected)
            var bytes: [UInt8] = Array("prefix:".utf8)
            HTML.escape(text, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == "prefix:" + expected)
        }
    }

    @Test func dottedNamesAndContextLookup() throws {
        let data: TemplateContext = ["a": ["b": ["c": "deep"] as TemplateContext] as TemplateContext, "outer": "o"]
        #expect(try render("{{a.b.c}} {{#a}}{{#b}}{{c}} {{outer}}{{/b}}{{/a}}", data) == "deep deep o")
        // Dotted names resolve their first part only: "a.x" stops when a has no x.
        #expect(try render("[{{a.b.x}}]", data) == "[]")
    }

    @Test func sectionsOverListsBooleansAndMissingValues() throws {
        let data: TemplateContext = [
            "list": [["n": "1"], ["n": "2"], ["n": "3"]] as [TemplateContext], "yes": true, "no": false,
            "empty": [TemplateContext](), "names": ["a", "b"],
        ]
        #expect(try render("{{#list}}{{n}}{{/list}}", data) == "123")
        #expect(try render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!N{{/no}}{{^missing}}?{{/missing}}", data) == "Y!N?")
        #expect(try render("{{#empty}}x{{/empty}}{{^empty}}none{{/empty}}", data) == "none")
        #expect(try render("{{#names}}({{.}}){{/names}}", data) == "(a)(b)")
    }

    @Test func standaloneLinesRenderNothing() throws {
        // spec sections.yml "Standalone Lines" and "Indented Standalone Lines".
        #expect(
            try render("| This Is\n{{#boolean}}\n|\n{{/boolean}}\n| A Line\n", ["boolean": true])
                == "| This Is\n|\n| A Line\n")
        #expect(
            try render("| This Is\n  {{#boolean}}\n|\n  {{/boolean}}\n| A Line\n", ["boolean": true])
                == "| This Is\n|\n| A Line\n")
        // comments.yml "Standalone": the comment's line disappears.
        #expect(try render("Begin.\n{{! Comment Block! }}\nEnd.\n", [:]) == "Begin.\nEnd.\n")
        // Not standalone: text on the same line keeps the whitespace.
        #expect(
            try render(" {{#boolean}}YES{{/boolean}}\n {{#boolean}}GOOD{{/boolean}}\n", ["boolean": true])
                == " YES\n GOOD\n")
    }

    @Test func standalonePartialsAreIndentedLineByLine() throws {
        // partials.yml "Standalone Indentation": template lines are indented,
        // interpolated data is not.
        let output = try render(
            "\\\n {{>partial}}\n/\n", ["content": "<\n->"], partials: ["partial": "|\n{{{content}}}\n|\n"])
        #expect(output == "\\\n |\n <\n->\n |\n/\n")
    }

    @Test func inheritanceOverridesBlocks() throws {
        // ~inheritance.yml "Override parent with newlines" and defaults.
        let partials = ["parent": "{{$ballmer}}peaking{{/ballmer}} {{$other}}default{{/other}}"]
        #expect(
            try render("{{<parent}}{{$ballmer}}\n\n{{/ballmer}}{{/parent}}", [:], partials: partials)
                == "\n\n default")
    }

    /// Recursion over data ends where the data does (the specification's
    /// "Recursion" test is among the spec files); recursion with nothing to
    /// end it stops at `maximumNesting` with the tag that went too deep,
    /// instead of running out of stack.
    @Test func endlessSelfInclusionFailsAtTheTag() throws {
        var library = TemplateLibrary()
        library.register(try Template("x\n  {{>main}}"), named: "main")
        #expect(
            library.rendering(.object([:]), withTemplate: "main")
                == .failure(.nestedTooDeep(template: "main", line: 2, column: 3, including: "main")))
        library.register(try Template("{{#nodes}}[{{name}}{{>node}}]{{/nodes}}"), named: "node")
        let leaf: TemplateValue = .object(["name": .text("b"), "nodes": .list([])])
        let tree: TemplateValue = .object(["nodes": .list([.object(["name": .text("a"), "nodes": .list([leaf])])])])
        #expect(try library.rendering(tree, withTemplate: "node").get() == "[a[b]]")
        #expect(library.rendering(tree, withTemplate: "nope") == .failure(.unknownTemplate("nope")))
    }

    @Test func syntaxErrorsCarryLineAndColumn() {
        #expect(throws: Template.SyntaxError.self) { try Template("a\n  {{#x}}\n{{/y}}") }
        do {
            _ = try Template("a\n  {{#x}}\n{{/y}}")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.line == 3 && error.column == 1)
            #expect(error.message.hasPrefix("section closed with a different name"))
        }
        do {
            _ = try Template("ok\n{{#open}}\n")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.line == 2 && error.message.hasPrefix("section is never closed"))
        }
        do {
            _ = try Template("x {{name")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.line == 1 && error.column == 3 && error.message == "tag is not closed with }}")
        }
    }
}
