import RapportAnalyze
import RapportCore
import RapportLoad
import RapportRender

/// A `Site` after an edit, made from the one before without loading the
/// data again: what `rapport serve` does when a playbook, a free page or the
/// theme changes (docs/reference.md#commands, `serve`). The analysis is kept; only what
/// the edited files feed is made again.
extension Site {
    /// The site with its playbooks and free pages read again, their `when`
    /// conditions compiled and matched anew against the kept analysis, and
    /// the weekly briefs made again (review packets show the playbooks).
    /// Nil, with the diagnostics, when the documents have errors.
    public func reloadingDocuments() -> (site: Site?, diagnostics: Diagnostics) {
        var diagnostics = Diagnostics()
        var model = self.model
        (model.playbooks, model.freePages) = SiteLoader.documents(
            directory: options.site, allowRawHTML: model.settings.allowRawHTML, &diagnostics)
        let rules = PlaybookRules.compile(model.playbooks, diagnostics: &diagnostics)
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        let portfolio = PlaybookMatching(rules).rematched(self.portfolio)
        OutputSizeCheck.check(model.playbooks, portfolio: portfolio, &diagnostics)
        let site = Site(
            options: options, model: model, theme: theme, portfolio: portfolio, briefs: WeeklyBriefs(portfolio),
            inputs: inputs, history: history)
        return (site, diagnostics)
    }

    /// The site with its theme read again (templates and assets).
    public func reloadingTheme() -> (site: Site?, diagnostics: Diagnostics) {
        var diagnostics = Diagnostics()
        guard let theme = Self.loadTheme(options, model.settings, &diagnostics), !diagnostics.hasErrors else {
            return (nil, diagnostics)
        }
        let site = Site(
            options: options, model: model, theme: theme, portfolio: portfolio, briefs: briefs, inputs: inputs,
            history: history)
        return (site, diagnostics)
    }

    /// The routes of this site that `inputs` feed, and those whose template
    /// is one of `templates` or draws on one of them.
    /// `among`: this site's `routes`, when the caller has listed them
    /// already (listing them costs a walk of every page kind).
    public func routes(reading inputs: Set<RouteInput>, templates: Set<String> = [], among listed: [Route]? = nil)
        -> [Route]
    {
        let pages = self.pageBuilder
        var drawnBy: [String: Bool] = [:]
        func draws(_ template: String) -> Bool {
            if let known = drawnBy[template] { return known }
            let result = !theme.library.closure(of: template).isDisjoint(with: templates)
            drawnBy[template] = result
            return result
        }
        return (listed ?? routes).filter { route in
            if !templates.isEmpty, let template = route.template, draws(template) { return true }
            return !inputs.isEmpty && pages.inputs(of: route).contains(where: inputs.contains)
        }
    }

    /// Renders just `routes` into `sink`, pages across the cores, with the
    /// template check on their contexts: what a partial rebuild writes.
    /// Returns how many files were written, or nil on an error.
    public func render(_ routes: [Route], to sink: any OutputSink, diagnostics: inout Diagnostics) -> Int? {
        let pages = self.pageBuilder
        let pageRoutes = routes.filter { $0.template != nil }
        let (shapes, failures) = SiteRenderer.renderAndWrite(
            count: pageRoutes.count, page: { pages.page(pageRoutes[$0]) }, theme: theme, limits: options.pageLimits,
            write: { sink.write($0, $1) })
        SiteRenderer.check(shapes, theme: theme, diagnostics: &diagnostics)
        for failure in failures { diagnostics.append(failure) }
        guard !diagnostics.hasErrors else { return nil }
        for route in routes where route.template == nil {
            let failure: Diagnostic?
            switch pages.dataFile(route) {
            case .whole(let file): failure = sink.write(file.path, file.bytes)
            case .streamed(let file): failure = sink.write(file.path, chunks: file.chunks, chunk: file.chunk)
            }
            if let failure {
                diagnostics.append(failure)
                return nil
            }
        }
        return routes.count
    }

    /// The theme's assets, written into `sink`.
    public func renderAssets(to sink: any OutputSink, diagnostics: inout Diagnostics) -> Int? {
        let assets = SiteRenderer.assets(of: theme, diagnostics: &diagnostics)
        guard !diagnostics.hasErrors else { return nil }
        for file in assets {
            if let failure = sink.write(file.path, file.bytes) {
                diagnostics.append(failure)
                return nil
            }
        }
        return assets.count
    }
}
