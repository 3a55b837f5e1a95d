import Foundation
import Rapport
import RapportRender
import RapportTestSupport
import Testing

/// Issue 25, point 4: the 100-level nesting limit bounded the depth of a
/// template, not its work. 41 partials that each include the next twice
/// (2⁴⁰ inclusions) ran `check` and `build` for more than a minute, and
/// `{{#nav}}` nested nine deep passed `check` and then made `build`
/// allocate 2 GB and abort (exit 134).
@Suite struct TemplateLimitsTests {
    /// A twentieth of the default budget: the same failures, in a debug
    /// build's time (the release binary runs the default 50 million in
    /// about a second; see ServeCLITests for the real binary).
    static let limits = TemplateLibrary.Limits(steps: 2_500_000)

    func options(_ site: String, output: String = "output") -> BuildOptions {
        BuildOptions(site: site, output: output, pageLimits: Self.limits)
    }

    /// The basic site with `templates` written into its own templates folder.
    func site(_ templates: [String: String]) -> (site: String, root: String) {
        let site = Fixtures.copy("basic-site")
        for (name, text) in templates { Fixtures.write(text, to: site + "/templates/" + name + ".mustache") }
        return (site, (site as NSString).deletingLastPathComponent)
    }

    static let doubling: [String: String] = {
        var templates = ["page": "{{<base}}{{$content}}<p>{{document.title}}</p>{{>d0}}{{/content}}{{/base}}\n"]
        for level in 0..<40 { templates["d\(level)"] = "{{>d\(level + 1)}}{{>d\(level + 1)}}" }
        templates["d40"] = "x"
        return templates
    }()

    @Test(.timeLimit(.minutes(1))) func partialsThatDoubleAreBoundedInCheckAndBuild() {
        let (site, root) = site(Self.doubling)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let check = Pipeline.check(options(site), today: Fixtures.fixtureToday)
        let warnings = check.diagnostics.warnings.filter { $0.kind == .templateLimit }.map(\.description)
        #expect(
            warnings == [
                "\(site)/templates/page.mustache: warning: with its partials and parents this template expands to "
                    + "more than 1000000 template nodes (partials that each include the next more than once "
                    + "multiply); the check stopped there, and a page may pass its step limit [render]"
            ])
        let errors = check.diagnostics.errors.map(\.message)
        #expect(
            errors.count == 1 && errors.first?.contains("needs more than 2500000 template steps") == true, "\(errors)")
        let build = Pipeline.build(options(site, output: root + "/out"), today: Fixtures.fixtureToday)
        #expect(!build.succeeded && !FileManager.default.fileExists(atPath: root + "/out"))
        // One error however many pages use the template: the pages after the
        // first failure are not rendered.
        let limit = build.diagnostics.errors.filter { $0.kind == .templateLimit }
        #expect(limit.count == 1, "\(limit)")
        // At an inclusion tag of one of the doubling partials, in its file.
        let file = limit.first.map { ($0.location.file as NSString).lastPathComponent } ?? ""
        #expect(file.hasPrefix("d") && file.hasSuffix(".mustache") && limit.first?.location.line == 1, "\(limit)")
    }

    /// `nav` has 8 entries: nine sections deep that is 8⁹ = 134 million
    /// passes. The first page of each kind is rendered by `check`.
    @Test(.timeLimit(.minutes(1))) func sectionsNestedOverAListAreBoundedAndCheckSaysSo() {
        let open = String(repeating: "{{#nav}}", count: 9), close = String(repeating: "{{/nav}}", count: 9)
        let (site, root) = site([
            "page":
                "{{<base}}{{$content}}<p>{{document.title}}</p>\n\(open)<i>{{label}}</i>\(close){{/content}}{{/base}}\n"
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let check = Pipeline.check(options(site), today: Fixtures.fixtureToday)
        let errors = check.diagnostics.errors.map(\.description)
        #expect(errors.count == 1, "\(errors)")
        // At the innermost (ninth) {{#nav}}, open when the budget ran out:
        // line 2, column 1 + 8 × 8 = 65.
        #expect(
            errors.first?.hasPrefix(
                "\(site)/templates/page.mustache:2:65: error: pages/about.html needs more than 2500000 template steps")
                == true, "\(errors)")
        let build = Pipeline.build(options(site, output: root + "/out"), today: Fixtures.fixtureToday)
        #expect(!build.succeeded)
        #expect(build.diagnostics.errors.filter { $0.kind == .templateLimit }.count == 1)
    }

    /// The output limit, on a small scale: rendering stops at the section
    /// that passed it, with the page named.
    @Test func aPageLargerThanItsLimitStops() throws {
        var library = TemplateLibrary()
        let template = try Template("<ul>\n{{#rows}}<li>{{name}}</li>{{/rows}}</ul>")
        library.register(template, named: "list")
        let rows = TemplateValue.list((0..<1_000).map { .object(["name": .text("row \($0)")]) })
        let limits = TemplateLibrary.Limits(steps: 1_000_000, outputBytes: 1_000)
        let result = library.rendering(.object(["rows": rows]), withTemplate: "list", limits: limits)
        #expect(result == .failure(.outputTooLarge(template: "list", line: 2, column: 1)))
        let roomy = library.rendering(.object(["rows": rows]), withTemplate: "list", limits: TemplateLibrary.Limits())
        // <ul>\n, then 1,000 × "<li>row N</li>" (13 + N's digits), then </ul>.
        #expect(try roomy.get().utf8.count == 5 + 13_000 + 2_890 + 5)
    }
}
