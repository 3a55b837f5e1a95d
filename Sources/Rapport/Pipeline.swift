import Foundation

/// What to build and from where. The clock is not read here: the caller
/// passes `today`, used only when neither `--as-of` nor site.yaml sets a date.
public struct BuildOptions: Sendable {
    public var site: String
    public var output: String
    public var theme: String?
    public var asOf: Day?
    /// A Chromium binary to print every rep's review packet to PDF with
    /// (`build --pdf`); nil prints none.
    public var pdfBrowser: String?

    public init(
        site: String = "content", output: String = "output", theme: String? = nil, asOf: Day? = nil,
        pdfBrowser: String? = nil
    ) {
        self.site = site
        self.output = output
        self.theme = theme
        self.asOf = asOf
        self.pdfBrowser = pdfBrowser
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
    /// The PDFs printed from them (`build --pdf`), paths under the output folder.
    public var printed: [String] = []
    public var succeeded: Bool { !diagnostics.hasErrors && report != nil }
}

/// load → analyze → render → write. Each stage runs to the end and reports
/// everything it found; the next one runs only if there were no errors.
public enum Pipeline {
    struct Prepared {
        var diagnostics: Diagnostics
        var asOf: Day?
        var builder: PageBuilder?
        var theme: Theme?
        var portfolio: Portfolio?
    }

    /// Load, theme and analysis: everything before pages are built.
    static func prepare(_ options: BuildOptions, today: Day, progress: BuildProgress = .silent) -> Prepared {
        progress(.started(.load, total: nil))
        var (model, diagnostics) = SiteLoader.load(directory: options.site)
        progress(.finished(.load, count: model.recordCount))
        var result = Prepared(diagnostics: diagnostics)
        let asOf = options.asOf ?? model.settings.asOf ?? today
        result.asOf = asOf
        // The command line and site.yaml check this with their own words;
        // this guards every other caller of the library.
        if let problem = asOf.asOfProblem {
            diagnostics.error(
                .invalidDate, at: SourceLocation(file: options.site), stage: .load, "as-of date: \(problem)")
            result.diagnostics = diagnostics
            return result
        }
        let themeLayer: ThemeLayer
        switch ThemeLocator.resolve(
            options.theme ?? model.settings.theme,
            origin: options.theme != nil ? .commandLine : .siteFile(location: model.settings.themeLocation),
            site: options.site)
        {
        case .success(let layer): themeLayer = layer
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            result.diagnostics = diagnostics
            return result
        }
        let theme = Theme.load(base: themeLayer, siteDirectory: options.site, diagnostics: &diagnostics)
        guard !diagnostics.hasErrors else {
            result.diagnostics = diagnostics
            return result
        }
        progress(.started(.analyze, total: model.accounts.count))
        let rules = PlaybookRules.compile(model.playbooks, diagnostics: &diagnostics)
        // The records are handed over, not copied: grouped by account in place,
        // and from here on they live grouped by account only.
        let records = model
        model = model.releasingRecords()
        let history = PortfolioHistory(records: consume records, asOf: asOf)
        let portfolio = Analyzer.weekly(model, history: history, rules: rules)
        let briefs = WeeklyBriefs(portfolio)
        progress(.finished(.analyze, count: model.accounts.count))
        OutputSizeCheck.check(model.playbooks, portfolio: portfolio, &diagnostics)
        let builder = PageBuilder(model: model, portfolio: portfolio, briefs: briefs)
        result.diagnostics = diagnostics
        result.builder = builder
        result.theme = theme
        result.portfolio = portfolio
        return result
    }

    /// Everything up to and including the template check; writes nothing.
    public static func check(_ options: BuildOptions, today: Day) -> BuildResult {
        var prepared = prepare(options, today: today)
        guard let builder = prepared.builder, let theme = prepared.theme else {
            return BuildResult(diagnostics: prepared.diagnostics, asOf: prepared.asOf)
        }
        let pages = builder.routes().filter { $0.template != nil }
        let shapes = SiteRenderer.shapes(count: pages.count) { builder.page(pages[$0]) }
        SiteRenderer.check(shapes, theme: theme, diagnostics: &prepared.diagnostics)
        return BuildResult(diagnostics: prepared.diagnostics, asOf: prepared.asOf, pages: pages.count)
    }

    /// The whole build. Pages are built, rendered and written to the staging
    /// folder a few at a time across the cores; the template check runs on
    /// the union of their contexts afterwards, and any error discards the
    /// staging folder, so the previous output is untouched as before.
    public static func build(_ options: BuildOptions, today: Day, progress: BuildProgress = .silent) -> BuildResult {
        // First of all, so a second build into the same output stops before
        // it loads anything (README, *CLI*, "One build per output folder").
        let lock: OutputLock
        switch OutputLock.acquire(for: options.output) {
        case .success(let taken): lock = taken
        case .failure(let diagnostic):
            var diagnostics = Diagnostics()
            diagnostics.append(diagnostic)
            return BuildResult(diagnostics: diagnostics, asOf: nil)
        }
        // Before anything can fail: a swap interrupted by a kill left the
        // last good output aside, and a failing build must leave it in place.
        let recovery = OutputWriter(output: options.output).recoverPrevious()
        let prepared = prepare(options, today: today, progress: progress)
        var result = BuildResult(diagnostics: prepared.diagnostics, asOf: prepared.asOf)
        if let recovery { result.diagnostics.append(recovery) }
        guard !result.diagnostics.hasErrors, let builder = prepared.builder, let theme = prepared.theme else {
            return result
        }
        let session: OutputWriter.Session
        switch OutputWriter(output: options.output).begin(holding: lock) {
        case .success(let started): session = started
        case .failure(let diagnostic):
            result.diagnostics.append(diagnostic)
            return result
        }
        let routes = builder.routes()
        let pages = routes.filter { $0.template != nil }
        progress(.started(.render, total: pages.count))
        let rendered = BuildProgress.Counter(.render, progress: progress)
        let (shapes, failures) = SiteRenderer.renderAndWrite(
            count: pages.count, page: { builder.page(pages[$0]) }, theme: theme,
            write: { session.write($0, text: $1) }, onPage: { rendered.add() })
        progress(.finished(.render, count: pages.count))
        SiteRenderer.check(shapes, theme: theme, diagnostics: &result.diagnostics)
        for failure in failures { result.diagnostics.append(failure) }
        guard !result.diagnostics.hasErrors else {
            session.abort()
            return result
        }
        progress(.started(.write, total: nil))
        let dataRoutes = routes.filter { $0.template == nil }
        let assets = SiteRenderer.assets(of: theme, diagnostics: &result.diagnostics)
        defer { progress(.finished(.write, count: dataRoutes.count + assets.count)) }
        for route in dataRoutes {
            let failure: Diagnostic?
            switch builder.dataFile(route) {
            case .whole(let file): failure = session.write(file.path, file.bytes)
            case .streamed(let file): failure = session.write(file.path, chunks: file.chunks, chunk: file.chunk)
            }
            if let failure {
                result.diagnostics.append(failure)
                session.abort()
                return result
            }
        }
        for file in assets {
            if let failure = session.write(file.path, file.bytes) {
                result.diagnostics.append(failure)
                session.abort()
                return result
            }
        }
        result.pages = pages.count
        result.files = routes.count + assets.count
        result.packets = routes.filter { $0.kind == Route.reviewPacketKind }.map(\.path)
        if let browser = options.pdfBrowser {
            // Printed inside the staging folder, so a printer that fails
            // leaves the previous output as untouched as any other error.
            progress(.started(.print, total: result.packets.count))
            do throws(PacketPDF.Failure) {
                result.printed = try PacketPDF.print(
                    packets: result.packets, in: session.stagingFolder, browser: browser)
            } catch {
                result.diagnostics.error(
                    .writeFailed, at: SourceLocation(file: options.output + "/" + error.packet), stage: .write,
                    error.description)
                session.abort()
                return result
            }
            for pdf in result.printed { session.adopt(pdf) }
            progress(.finished(.print, count: result.printed.count))
            result.files += result.printed.count
        }
        switch session.commit() {
        case .success(let report): result.report = report
        case .failure(let diagnostic): result.diagnostics.append(diagnostic)
        }
        return result
    }
}
