import Foundation
import Mustache
import RapportAnalyze
import RapportCore

/// The render stage: pages → HTML through the theme, plus the theme's assets.
public enum SiteRenderer {
    /// Checks every template against the union of the contexts it will be
    /// given. Used by `rapport check` and before every build.
    public static func check(pages: [Page], theme: Theme, diagnostics: inout Diagnostics) {
        var shapes: [String: ContextShape] = [:]
        for page in pages {
            let shape = ContextShape(of: page.context)
            shapes[page.template] = shapes[page.template].map { $0.merged(with: shape) } ?? shape
        }
        let checker = TemplateChecker(theme: theme)
        for (template, shape) in shapes.sorted(by: { $0.key < $1.key }) {
            guard theme.templates[template] != nil else {
                diagnostics.error(
                    .unknownTemplate, at: SourceLocation(file: "templates/\(template).mustache"), stage: .render,
                    "the theme has no template '\(template)', needed for \(pages.first { $0.template == template }!.path)"
                )
                continue
            }
            checker.check(template: template, shape: shape, diagnostics: &diagnostics)
        }
    }

    public static func render(
        pages: [Page], theme: Theme, diagnostics: inout Diagnostics, onPage: @Sendable () -> Void = {}
    ) -> [OutputFile] {
        // Pages are independent: rendered across the cores, kept in page order.
        var files = pages.parallelMap(minimumCount: 16) { page -> OutputFile? in
            defer { onPage() }
            guard let html = theme.library.render(page.context, withTemplate: page.template) else { return nil }
            return OutputFile(path: page.path, text: html)
        }.compactMap { $0 }
        files.reserveCapacity(files.count + theme.assets.count)
        for (relative, path) in theme.assets.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: path) else {
                diagnostics.error(.unreadableFile, at: SourceLocation(file: path), stage: .render, "cannot read asset")
                continue
            }
            files.append(OutputFile(path: "assets/" + relative, bytes: [UInt8](data)))
        }
        return files
    }
}
