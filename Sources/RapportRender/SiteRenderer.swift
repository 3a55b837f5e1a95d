import Foundation
import RapportAnalyze
import RapportCore
import Synchronization

/// The render stage: pages → HTML through the theme, plus the theme's assets.
public enum SiteRenderer {
    /// The union of the context shapes each template is given, and the first
    /// page that uses each template (named in diagnostics).
    public struct Shapes: Sendable {
        public var byTemplate: [String: ContextShape] = [:]
        public var firstPath: [String: String] = [:]

        public init() {}

        mutating func add(_ page: Page) {
            if firstPath[page.template] == nil { firstPath[page.template] = page.path }
            if let known = byTemplate[page.template], known.includes(page.context) { return }
            let shape = ContextShape(of: page.context)
            byTemplate[page.template] = byTemplate[page.template].map { $0.merged(with: shape) } ?? shape
            if firstPath[page.template] == nil { firstPath[page.template] = page.path }
        }

        mutating func merge(_ other: Shapes) {
            byTemplate.merge(other.byTemplate) { $0.merged(with: $1) }
            firstPath.merge(other.firstPath) { first, _ in first }
        }
    }

    /// Checks every template against the union of the contexts it was given.
    /// Used by `rapport check` and by every build.
    public static func check(_ shapes: Shapes, theme: Theme, diagnostics: inout Diagnostics) {
        let checker = TemplateChecker(theme: theme)
        for (template, shape) in shapes.byTemplate.sorted(by: { $0.key < $1.key }) {
            guard theme.templates[template] != nil else {
                diagnostics.error(
                    .unknownTemplate, at: SourceLocation(file: "templates/\(template).mustache"), stage: .render,
                    "the theme has no template '\(template)', needed for \(shapes.firstPath[template] ?? "a page")")
                continue
            }
            checker.check(template: template, shape: shape, diagnostics: &diagnostics)
        }
    }

    /// The shapes of `count` pages built one at a time across the cores, none
    /// kept: what `rapport check` needs of a portal of any size.
    public static func shapes(count: Int, page: @Sendable (Int) -> Page) -> Shapes {
        let chunks = parallelChunks(count: count, chunks: min(max(count, 1), 64)) { _, range in
            var shapes = Shapes()
            for index in range { shapes.add(page(index)) }
            return shapes
        }
        var shapes = Shapes()
        for chunk in chunks { shapes.merge(chunk) }
        return shapes
    }

    /// Builds, renders and writes `count` pages across the cores, one at a
    /// time per core: neither the contexts nor the HTML of the whole portal
    /// are ever in memory together. Returns the shapes for the template check
    /// and the first write failure, if any.
    public static func renderAndWrite(
        count: Int, page: @Sendable (Int) -> Page, theme: Theme,
        limits: TemplateLibrary.Limits = TemplateLibrary.Limits(), write: @Sendable (String, [UInt8]) -> Diagnostic?,
        onPage: @Sendable () -> Void = {}
    ) -> (shapes: Shapes, failures: [Diagnostic]) {
        // A page past a limit fails the build: the pages after it are not
        // rendered, which at 100,000 pages of a runaway template would take
        // hours (issue 25). Their shapes are still gathered for the check.
        let stopped = Atomic<Bool>(false)
        let chunks = parallelChunks(count: count, chunks: min(max(count, 1), 64)) { _, range in
            var shapes = Shapes()
            var failures: [Diagnostic] = []
            for index in range {
                let built = page(index)
                shapes.add(built)
                if stopped.load(ordering: .relaxed) { continue }
                switch theme.library.renderingBytes(built.context, withTemplate: built.template, limits: limits) {
                case .success(let html):
                    if failures.isEmpty, let failure = write(built.path, html) { failures.append(failure) }
                case .failure(.unknownTemplate):
                    // The template check reports it, naming the page that needs it.
                    break
                case .failure(let failure):
                    // Once per template and place, not once per page.
                    let diagnostic = Self.diagnostic(failure, page: built.path, theme: theme, limits: limits)
                    if !failures.contains(diagnostic) { failures.append(diagnostic) }
                    stopped.store(true, ordering: .relaxed)
                }
                onPage()
            }
            return (shapes, failures)
        }
        var shapes = Shapes()
        for (chunkShapes, _) in chunks { shapes.merge(chunkShapes) }
        var seen = Set<Diagnostic>()
        return (shapes, chunks.flatMap(\.1).filter { seen.insert($0).inserted })
    }

    /// A page that could not be rendered, placed at the tag in its theme's
    /// file: endless self-inclusion, or a limit passed (docs/guide.md#themes,
    /// "Limits").
    public static func diagnostic(
        _ failure: TemplateLibrary.RenderFailure, page: String, theme: Theme,
        limits: TemplateLibrary.Limits = TemplateLibrary.Limits()
    ) -> Diagnostic {
        func at(_ template: String, _ line: Int, _ column: Int) -> SourceLocation {
            SourceLocation(file: theme.templates[template]?.path ?? template, line: line, column: column)
        }
        switch failure {
        case .nestedTooDeep(let template, let line, let column, let including):
            return Diagnostic(
                .error, .templateSyntax, at: at(template, line, column), stage: .render,
                "'\(including)' is included more than \(TemplateLibrary.maximumNesting) levels deep: a template that "
                    + "includes itself must do so inside a section that ends")
        case .tooMuchWork(let template, let line, let column):
            return Diagnostic(
                .error, .templateLimit, at: at(template, line, column), stage: .render,
                "\(page) needs more than \(limits.steps) template steps (sections over lists nested in each other, "
                    + "or partials that each include the next more than once, multiply); rendering stopped here")
        case .outputTooLarge(let template, let line, let column):
            return Diagnostic(
                .error, .templateLimit, at: at(template, line, column), stage: .render,
                "\(page) is larger than \(limits.outputBytes / 1_048_576) MiB of HTML; rendering stopped here")
        case .unknownTemplate(let name):
            return Diagnostic(
                .error, .unknownTemplate, at: SourceLocation(file: "templates/\(name).mustache"), stage: .render,
                "template '\(name)' does not exist")
        }
    }

    /// The theme's assets, as output files.
    public static func assets(of theme: Theme, diagnostics: inout Diagnostics) -> [OutputFile] {
        var files: [OutputFile] = []
        for (relative, asset) in theme.assets.sorted(by: { $0.key < $1.key }) {
            guard let bytes = asset.read() else {
                diagnostics.error(
                    .unreadableFile, at: SourceLocation(file: asset.shownPath), stage: .render, "cannot read asset")
                continue
            }
            files.append(OutputFile(path: "assets/" + relative, bytes: bytes))
        }
        return files
    }
}
