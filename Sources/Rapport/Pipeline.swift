import Foundation

/// What to build and from where. The clock is not read here: the caller
/// passes `today`, used only when neither `--as-of` nor site.yaml sets a date.
public struct BuildOptions: Sendable {
    public var site: String
    public var output: String
    public var theme: String?
    public var asOf: Day?
    public var home: String

    public init(
        site: String = "content", output: String = "output", theme: String? = nil, asOf: Day? = nil,
        home: String = RapportHome.locate()
    ) {
        self.site = site
        self.output = output
        self.theme = theme
        self.asOf = asOf
        self.home = home
    }
}

public struct BuildResult: Sendable {
    public var diagnostics: Diagnostics
    public var asOf: Day?
    public var pages: Int = 0
    public var files: Int = 0
    public var report: OutputWriter.Report?
    /// The review packets written (paths under the output folder).
    public var packets: [String] = []
    public var succeeded: Bool { !diagnostics.hasErrors && report != nil }
}

/// load → analyze → render → write. Each stage runs to the end and reports
/// everything it found; the next one runs only if there were no errors.
public enum Pipeline {
    struct Rendered {
        var diagnostics: Diagnostics
        var asOf: Day?
        var pages: [Page] = []
        var exports: [OutputFile] = []
        var theme: Theme?
    }

    /// Everything up to and including the template check: what `rapport check` runs.
    static func prepare(_ options: BuildOptions, today: Day, progress: BuildProgress = .silent) -> Rendered {
        progress(.started(.load, total: nil))
        var (model, diagnostics) = SiteLoader.load(directory: options.site)
        progress(.finished(.load, count: model.recordCount))
        var result = Rendered(diagnostics: diagnostics)
        let asOf = options.asOf ?? model.settings.asOf ?? today
        result.asOf = asOf
        let themeDirectory = RapportHome.theme(
            options.theme ?? model.settings.theme, site: options.site, home: options.home)
        if !FileManager.default.fileExists(atPath: themeDirectory) {
            diagnostics.error(
                .unknownTemplate, at: SourceLocation(file: themeDirectory), stage: .render,
                "theme '\(options.theme ?? model.settings.theme)' not found")
            result.diagnostics = diagnostics
            return result
        }
        let theme = Theme.load(themeDirectory: themeDirectory, siteDirectory: options.site, diagnostics: &diagnostics)
        guard !diagnostics.hasErrors else {
            result.diagnostics = diagnostics
            return result
        }
        model.settings.asOf = asOf
        progress(.started(.analyze, total: model.accounts.count))
        let rules = PlaybookRules.compile(model.playbooks, diagnostics: &diagnostics)
        let portfolio = Analyzer.weekly(model, asOf: asOf, rules: rules)
        progress(.finished(.analyze, count: model.accounts.count))
        progress(.started(.render, total: nil))
        let builder = PageBuilder(model: model, portfolio: portfolio)
        let pages = builder.pages()
        SiteRenderer.check(pages: pages, theme: theme, diagnostics: &diagnostics)
        result.diagnostics = diagnostics
        result.pages = pages
        result.exports = Exports.files(portfolio) + builder.dataFiles()
        result.theme = theme
        return result
    }

    public static func check(_ options: BuildOptions, today: Day) -> BuildResult {
        let prepared = prepare(options, today: today)
        return BuildResult(diagnostics: prepared.diagnostics, asOf: prepared.asOf, pages: prepared.pages.count)
    }

    public static func build(_ options: BuildOptions, today: Day, progress: BuildProgress = .silent) -> BuildResult {
        let prepared = prepare(options, today: today, progress: progress)
        var result = BuildResult(diagnostics: prepared.diagnostics, asOf: prepared.asOf, pages: prepared.pages.count)
        guard !result.diagnostics.hasErrors, let theme = prepared.theme else { return result }
        progress(.started(.render, total: prepared.pages.count))
        let rendered = BuildProgress.Counter(.render, progress: progress)
        let files =
            SiteRenderer.render(
                pages: prepared.pages, theme: theme, diagnostics: &result.diagnostics, onPage: { rendered.add() })
            + prepared.exports
        progress(.finished(.render, count: prepared.pages.count))
        guard !result.diagnostics.hasErrors else { return result }
        result.files = files.count
        result.packets = prepared.pages.filter { $0.template == "packet" }.map(\.path)
        progress(.started(.write, total: files.count))
        defer { progress(.finished(.write, count: files.count)) }
        switch OutputWriter(output: options.output).write(files.map { ($0.path, $0.bytes) }) {
        case .success(let report): result.report = report
        case .failure(let diagnostic): result.diagnostics.append(diagnostic)
        }
        return result
    }
}
