import Foundation
import RapportAnalyze
import RapportCore
import RapportLoad
import RapportTestSupport
import RapportWrite
import Testing

@testable import Rapport

@Suite struct TemplateCheckTests {
    func check(_ template: String, name: String = "page") -> Diagnostics {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        Fixtures.write(template, to: site + "/templates/\(name).mustache")
        return Pipeline.check(Fixtures.options(site: site, output: root + "/out"), today: Fixtures.fixtureToday)
            .diagnostics
    }

    @Test func unknownNameIsAnErrorAtItsPosition() {
        let diagnostics = check(
            "{{<base}}{{$content}}\n<p>{{document.title}}</p>\n  <p>{{document.titel}}</p>{{/content}}{{/base}}")
        #expect(diagnostics.errors.count == 1)
        let error = diagnostics.errors.first
        #expect(error?.kind == .unknownTemplateName)
        #expect(error?.location.file.hasSuffix("templates/page.mustache") == true)
        #expect(error?.location.line == 3)
        #expect(error?.location.column == 6)
        #expect(error?.message == "'document.titel' is not provided to this page")
    }

    /// Issue 16: `{{uppercased(name)}}` passed the check and rendered
    /// nothing; whatever the check accepts must render.
    @Test func aTransformIsAnErrorAtItsPosition() {
        let diagnostics = check(
            "{{<base}}{{$content}}\n<p>{{document.title}}</p>\n  <p>{{uppercased(document.title)}}</p>{{/content}}{{/base}}"
        )
        #expect(diagnostics.errors.count == 1)
        let error = diagnostics.errors.first
        #expect(error?.kind == .templateSyntax)
        #expect(error?.location.line == 3 && error?.location.column == 6)
        #expect(
            error?.message
                == "'uppercased(document.title)': transforms are not supported by Rapport's templates; "
                + "write 'document.title' and format the value in the page data")
    }

    @Test func namesResolveThroughSectionsAndOuterContexts() {
        let diagnostics = check(
            "{{<base}}{{$content}}{{#nav}}{{label}} {{site.title}} {{root}}{{/nav}}{{#document}}{{html}}{{/document}}{{/content}}{{/base}}"
        )
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.sorted)")
        let inside = check("{{#nav}}{{labell}}{{/nav}}")
        #expect(inside.errors.map(\.message) == ["'labell' is not provided to this page"])
    }

    @Test func sectionOverANumberIsAnError() {
        // swift-mustache shows `{{#n}}…{{/n}}` for every number, 0 included: the
        // reps page once printed "and 0 more". A theme must use a true/false value.
        let diagnostics = check(
            "{{<base}}{{$content}}{{#has_reps}}x{{/has_reps}}{{#unassigned}}{{unassigned}}{{/unassigned}}{{/content}}{{/base}}",
            name: "reps")
        #expect(
            diagnostics.errors.map(\.message) == [
                "'unassigned' is a number, and a section over a number is always shown (0 included): use a true/false value"
            ])
    }

    @Test func missingPartialIsAnError() {
        let diagnostics = check("{{> partials/nope}}")
        #expect(diagnostics.errors.first?.kind == .unknownTemplate)
        #expect(diagnostics.errors.first?.message == "template 'partials/nope' does not exist")
    }

    @Test func syntaxErrorHasLineAndColumn() {
        let diagnostics = check("<p>\n{{#document}}\n{{title}}\n{{/nope}}\n")
        let error = diagnostics.errors.first
        #expect(error?.kind == .templateSyntax)
        #expect(error?.location.line == 4)
        #expect(error?.message.hasPrefix("template syntax: section closed with a different name") == true)
    }

    /// A site without playbooks or pages gives empty lists; the names used
    /// inside their sections cannot be checked, and must not be reported.
    @Test func emptyListsAreNotFalseAlarms() {
        let site = Fixtures.copy("basic-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        try? FileManager.default.removeItem(atPath: site + "/playbooks")
        try? FileManager.default.removeItem(atPath: site + "/pages")
        let result = Pipeline.check(Fixtures.options(site: site, output: site + "/out"), today: Fixtures.fixtureToday)
        #expect(result.diagnostics.errors.isEmpty, "\(result.diagnostics.sorted)")
    }

    @Test func shippedThemeIsCleanForTheDemo() {
        let result = Pipeline.check(
            BuildOptions(site: Fixtures.packageRoot + "/content", output: "unused"),
            today: Fixtures.fixtureToday)
        #expect(result.diagnostics.errors.isEmpty, "\(result.diagnostics.sorted)")
        #expect(result.diagnostics.warnings.isEmpty, "\(result.diagnostics.sorted)")
    }
}
