import Foundation
import RapportCore
import RapportTestSupport
import Testing
import Yams

@testable import RapportRender

/// Every test of the official Mustache specification (Fixtures/mustache-spec,
/// copied with its licence) run against the one template front end: the
/// parse the renderer and the checker share. A test either renders the
/// spec's expected output, or is refused at parse time as unsupported, or
/// is a divergence listed below with its reason; the lists are exact, so a
/// change in what the engine does shows here.
@Suite struct MustacheSpecTests {
    struct SpecTest {
        var file: String
        var name: String
        var template: String
        var partials: [String: String]
        var data: Any
        var expected: String
        var id: String { "\(file): \(name)" }
    }

    enum Outcome: Equatable {
        case rendersExpected
        /// Parsing reported an unsupported feature in `text` at this position.
        case refused(text: String, line: Int, column: Int)
        case differs(String)
    }

    /// Optional spec modules left out whole: lambdas are code in the data,
    /// and Rapport's page data is never code.
    static let skippedFiles = ["~lambdas.yml"]

    /// Set delimiters and dynamic names are refused as unsupported where
    /// the tag is written (docs/guide.md#themes): themes never need them.
    static let refusedFiles = ["delimiters.yml", "~dynamic-names.yml"]

    /// Where the engine renders differently from the spec, on purpose: the
    /// optional inheritance module's whitespace rules for a line holding
    /// several parent and block tags, and for re-indenting an override to
    /// its block. Only whitespace differs (the same tags render the same
    /// text), and adopting the rules would change the bytes of every page
    /// the shipped theme draws (its `{{$content}}{{/content}}` line).
    static let divergences: [String: String] = [
        "~inheritance.yml: Inherit": "the newline after `{{<include}}{{/include}}` is kept",
        "~inheritance.yml: Override parent with newlines": "the newline after `{{<parent}}{{$ballmer}}` is kept",
        "~inheritance.yml: Standalone parent": "a parent opened and closed on one line is not re-indented",
        "~inheritance.yml: Standalone block": "a block closed after text is not standalone",
        "~inheritance.yml: Block reindentation": "an override keeps its own indentation",
        "~inheritance.yml: Intrinsic indentation": "an override keeps its own indentation",
        "~inheritance.yml: Nested block reindentation": "an override keeps its own indentation",
    ]

    static func load() throws -> [SpecTest] {
        let folder = Fixtures.directory + "/mustache-spec"
        var tests: [SpecTest] = []
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
            $0.hasSuffix(".yml") && !skippedFiles.contains($0)
        }.sorted()
        for file in files {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            guard let root = try Yams.load(yaml: text) as? [String: Any], let list = root["tests"] as? [[String: Any]]
            else { throw CocoaError(.fileReadCorruptFile) }
            for entry in list {
                tests.append(
                    SpecTest(
                        file: file, name: entry["name"] as? String ?? "?", template: entry["template"] as? String ?? "",
                        partials: entry["partials"] as? [String: String] ?? [:], data: entry["data"] ?? NSNull(),
                        expected: entry["expected"] as? String ?? ""))
            }
        }
        return tests
    }

    /// YAML data as page data: strings, numbers, booleans, lists and maps;
    /// null is no value at all.
    static func value(_ data: Any) -> TemplateValue? {
        switch data {
        case is NSNull: return nil
        case let flag as Bool: return .bool(flag)
        case let number as Int: return .number(String(number))
        case let number as Double: return .number(number == number.rounded() ? String(Int(number)) : "\(number)")
        case let text as String: return .text(text)
        case let list as [Any]: return .list(list.compactMap(value))
        case let map as [String: Any]:
            let keys = map.keys.sorted().filter { value(map[$0]!) != nil }
            return .object(TemplateObject(keys: keys, values: keys.map { value(map[$0]!)! }))
        default: return .text("\(data)")
        }
    }

    static func outcome(_ test: SpecTest) -> Outcome {
        var library = TemplateLibrary()
        for (name, text) in [("main", test.template)] + test.partials.sorted(by: { $0.key < $1.key }) {
            do throws(Template.SyntaxError) {
                library.register(try Template(text), named: name)
            } catch {
                return error.unsupported
                    ? .refused(text: text, line: error.line, column: error.column) : .differs("\(error)")
            }
        }
        let rendered = library.render(value(test.data) ?? .text(""), withTemplate: "main") ?? ""
        return rendered == test.expected ? .rendersExpected : .differs(rendered)
    }

    @Test func everySpecTestRendersOrIsAListedException() throws {
        let tests = try Self.load()
        #expect(tests.count == 184)
        var refused: Set<String> = []
        var differing: [String: String] = [:]
        for test in tests {
            switch Self.outcome(test) {
            case .rendersExpected: continue
            case .refused(let text, let line, let column):
                refused.insert(test.id)
                // At the unsupported tag itself: `{{=` or `{{>*` / `{{<*`.
                let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
                let tag =
                    lines.indices.contains(line - 1)
                    ? String(String.UnicodeScalarView(lines[line - 1].dropFirst(column - 1))) : ""
                let body = tag.hasPrefix("{{") ? String(tag.dropFirst(2)).trimmed : ""
                #expect(body.hasPrefix("=") || String(body.dropFirst()).trimmed.hasPrefix("*"), "\(test.id): \(tag)")
            case .differs(let output): differing[test.id] = output
            }
        }
        for (id, output) in differing.sorted(by: { $0.key < $1.key }) where Self.divergences[id] == nil {
            let test = tests.first { $0.id == id }!
            let template = test.template.debugDescription
            let expected = test.expected.debugDescription
            Issue.record("\(id)\n template: \(template)\n expected: \(expected)\n rendered: \(output.debugDescription)")
        }
        #expect(Set(differing.keys) == Set(Self.divergences.keys))
        #expect(refused == Set(tests.filter { Self.refusedFiles.contains($0.file) }.map(\.id)))
    }
}

extension MustacheSpecTests {
    /// What the checker reports on the spec's templates with the spec's
    /// data: each of these names is absent from the data where the tag
    /// stands (read one by one: nulls, misses, broken chains, names inside
    /// an inverted section over a value that is present, a missing
    /// partial), or is Rapport's rule that a section over a number is an
    /// error. Every other spec test passes the check, and renders the
    /// spec's output (the test above): what the check accepts renders.
    static let flaggedByChecker: [String: String] = [
        "interpolation.yml: Basic Null Interpolation": "'cannot' is not provided to this page",
        "interpolation.yml: Triple Mustache Null Interpolation": "'cannot' is not provided to this page",
        "interpolation.yml: Ampersand Null Interpolation": "'cannot' is not provided to this page",
        "interpolation.yml: Basic Context Miss Interpolation": "'cannot' is not provided to this page",
        "interpolation.yml: Triple Mustache Context Miss Interpolation": "'cannot' is not provided to this page",
        "interpolation.yml: Ampersand Context Miss Interpolation": "'cannot' is not provided to this page",
        "interpolation.yml: Dotted Names - Broken Chains": "'a.b.c' is not provided to this page",
        "interpolation.yml: Dotted Names - Broken Chain Resolution": "'a.b.c.name' is not provided to this page",
        "interpolation.yml: Dotted Names - Context Precedence": "'b.c' is not provided to this page",
        "interpolation.yml: Dotted Names are never single keys": "'a.b' is not provided to this page",
        "inverted.yml: Null is falsey": "'null' is not provided to this page",
        "inverted.yml: Context": "'name' is not provided to this page",
        "inverted.yml: List": "'n' is not provided to this page",
        "inverted.yml: Context Misses": "'missing' is not provided to this page",
        "inverted.yml: Dotted Names - Broken Chains": "'a.b.c' is not provided to this page",
        "partials.yml: Failed Lookup": "template 'text' does not exist",
        "sections.yml: Null is falsey": "'null' is not provided to this page",
        "sections.yml: Deeply Nested Contexts":
            "'five' is a number, and a section over a number is always shown (0 included): use a true/false value",
        "sections.yml: Context Misses": "'missing' is not provided to this page",
        "sections.yml: Dotted Names - Broken Chains": "'a.b.c' is not provided to this page",
        "~inheritance.yml: Negative Sections": "'bar' is not provided to this page",
    ]

    @Test func theCheckerWalksTheSameParseAndFlagsOnlyWhatTheDataLacks() throws {
        var flagged: [String: String] = [:]
        for test in try Self.load() where !Self.refusedFiles.contains(test.file) {
            let files = [("main", test.template)] + test.partials.sorted { $0.key < $1.key }
            var diagnostics = Diagnostics()
            let theme = Theme.load(
                base: .files(
                    origin: "spec", files.map { (path: "templates/\($0.0).mustache", bytes: Array($0.1.utf8)) }),
                siteDirectory: nil, diagnostics: &diagnostics)
            let shape = ContextShape(of: Self.value(test.data) ?? .object([:]))
            TemplateChecker(theme: theme).check(template: "main", shape: shape, diagnostics: &diagnostics)
            if let first = diagnostics.errors.first {
                #expect(diagnostics.errors.count == 1, "\(test.id)")
                flagged[test.id] = first.message
            }
        }
        #expect(flagged == Self.flaggedByChecker)
    }
}

extension MustacheSpecTests {
    static func theme(_ templates: [String: String], _ diagnostics: inout Diagnostics) -> Theme {
        Theme.load(
            base: .files(
                origin: "test",
                templates.sorted { $0.key < $1.key }.map {
                    (path: "templates/\($0.key).mustache", bytes: Array($0.value.utf8))
                }),
            siteDirectory: nil, diagnostics: &diagnostics)
    }

    /// An override renders where its parent places the block, inside the
    /// parent's sections: it is checked there too (the checker used to read
    /// it at the child's top level and flag `name`).
    @Test func anOverrideIsCheckedWhereItsParentPlacesIt() {
        var diagnostics = Diagnostics()
        let theme = Self.theme(
            [
                "parent": "{{#account}}<p>{{$body}}{{/body}}</p>{{/account}}",
                "main": "{{<parent}}{{$body}}{{name}}{{/body}}{{/parent}}",
            ], &diagnostics)
        let data = TemplateValue.object(["account": .object(["name": .text("Acme & Co")])])
        TemplateChecker(theme: theme).check(template: "main", shape: ContextShape(of: data), diagnostics: &diagnostics)
        #expect(diagnostics.errors.isEmpty)
        #expect(theme.library.render(data, withTemplate: "main") == "<p>Acme &amp; Co</p>")
    }

    /// Names the renderer could never resolve are syntax errors where they
    /// are written, not silent blanks.
    @Test func malformedAndUnsupportedNamesAreErrorsAtTheirTag() {
        for (text, message, line, column) in [
            ("<p>\n  {{a..b}}</p>", "template syntax: 'a..b' is not a name (a dot must stand between two parts)", 2, 3),
            ("{{.a}}", "template syntax: '.a' is not a name (a dot must stand between two parts)", 1, 1),
            ("x {{>*dynamic}}", "'*dynamic': dynamic template names are not supported by Rapport's templates", 1, 3),
            ("{{=<% %>=}}", "set-delimiter tags are not supported by Rapport's templates", 1, 1),
        ] {
            var diagnostics = Diagnostics()
            _ = Self.theme(["main": text], &diagnostics)
            let error = diagnostics.errors.first
            #expect(diagnostics.errors.count == 1)
            #expect(error?.kind == .templateSyntax)
            #expect(error?.message == message)
            #expect(error?.location.line == line && error?.location.column == column, "\(text)")
        }
    }

    /// One template's errors come together, in order, so one edit fixes
    /// them all; a bad name does not unpair the sections around it.
    @Test func everySyntaxErrorOfATemplateIsReported() {
        var diagnostics = Diagnostics()
        _ = Self.theme(
            ["main": "{{#rows}}\n  {{uppercased(name)}}\n{{/rows}}\n{{a..b}} {{}}\n{{#open}}{{/shut}}\n"], &diagnostics)
        #expect(
            diagnostics.errors.map { "\($0.location.line ?? 0):\($0.location.column ?? 0) \($0.message)" } == [
                "2:3 'uppercased(name)': transforms are not supported by Rapport's templates; "
                    + "write 'name' and format the value in the page data",
                "4:1 template syntax: 'a..b' is not a name (a dot must stand between two parts)",
                "4:10 template syntax: tag has no name",
                "5:10 template syntax: section closed with a different name than it was opened "
                    + "('open' opened at line 5, 'shut' closed)",
            ])
    }
}
