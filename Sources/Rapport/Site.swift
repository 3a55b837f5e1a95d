import Foundation
import RapportAnalyze
import RapportCore
import RapportLoad
import RapportRender
import RapportSeal
import RapportWrite

/// One site loaded, checked and analysed as of one date, kept for as long
/// as its caller needs it (after Zola's `Site`): `build` renders it once
/// into the staging folder; a preview server keeps it, renders into memory
/// and, from the route inputs and the input fingerprints, re-renders only
/// what an edit touched. Rendering consumes nothing: a `Site` renders into
/// any number of sinks, each time to the same bytes.
public final class Site: Sendable {
    public let options: BuildOptions
    /// The one as-of date of everything below (`portfolio.asOf`).
    public var asOf: Day { portfolio.asOf }
    /// The loaded model without its record tables: from the analysis on,
    /// the records live grouped by account, in `history` when it is kept.
    public let model: SiteModel
    public let theme: Theme
    public let portfolio: Portfolio
    public let briefs: WeeklyBriefs
    /// The pages of the portal that `check` checks and `serve` serves: the
    /// whole team's, or the one audience `options.portal` names.
    public let pageBuilder: PageBuilder
    /// The portals a build writes, each in its own folder (site.yaml
    /// `portals:`); empty: one portal, `pages`, at the output's root.
    public let audiences: [Audience]
    /// The files the site was made from, as they were before loading.
    public let inputs: InputFingerprints
    /// The records grouped by account, kept only when asked for
    /// (`keepHistory`): what re-running the analysis after an edit to a
    /// playbook's condition needs without reading the data again. A build
    /// lets it go after the analysis, as its peak memory wants.
    public let history: PortfolioHistory?

    init(
        options: BuildOptions, model: SiteModel, theme: Theme, portfolio: Portfolio, briefs: WeeklyBriefs,
        inputs: InputFingerprints, history: PortfolioHistory?
    ) {
        self.options = options
        self.model = model
        self.theme = theme
        self.portfolio = portfolio
        self.briefs = briefs
        let portals = model.settings.portals.map { Audience.list($0, model: model) } ?? []
        if let handle = options.portal, let audience = portals.first(where: { $0.handle == handle }),
            let owners = audience.owners
        {
            pageBuilder = Self.pageBuilder(model, portfolio, scopedTo: owners)
            audiences = []
        } else {
            pageBuilder = PageBuilder(model: model, portfolio: portfolio, briefs: briefs)
            audiences = options.portal == nil ? portals : []
        }
        self.inputs = inputs
        self.history = history
    }

    /// Load (with the theme), then analysis: the site, or nil when there
    /// were errors; the diagnostics of both stages either way. `today` is
    /// used only when neither the options nor site.yaml set the as-of date.
    public static func open(
        _ options: BuildOptions, today: Day, keepHistory: Bool = false, progress: BuildProgress = .silent
    ) -> (site: Site?, asOf: Day?, diagnostics: Diagnostics) {
        var inputs = InputFingerprints.scan(
            site: options.site, themes: options.theme.map { [$0] } ?? [], excluding: options.output)
        progress(.started(.load, total: nil))
        var (model, diagnostics) = SiteLoader.load(
            directory: options.site, source: options.source, sourceSetting: options.sourceSetting,
            databases: .standard(environment: options.environment))
        progress(.finished(.load, count: model.recordCount))
        let asOf = options.asOf ?? model.settings.asOf ?? today
        // The command line and site.yaml check this with their own words;
        // this guards every other caller of the library.
        if let problem = asOf.asOfProblem {
            diagnostics.error(
                .invalidDate, at: SourceLocation(file: options.site), stage: .load, "as-of date: \(problem)")
            return (nil, asOf, diagnostics)
        }
        if let handle = options.portal, handle != "team" {
            let handles = model.settings.portals.map { Audience.list($0, model: model).map(\.handle) } ?? []
            if !handles.contains(handle) {
                diagnostics.error(
                    .invalidSetting, at: SourceLocation(file: options.site + "/site.yaml"), stage: .load,
                    "no portal '\(handle)': "
                        + (handles.isEmpty
                            ? "site.yaml asks for none (portals:)"
                            : "the portals are " + handles.prefix(8).joined(separator: ", ")
                                + (handles.count > 8 ? ", …" : "")))
            }
        }
        guard let theme = loadTheme(options, model.settings, &diagnostics), !diagnostics.hasErrors else {
            return (nil, asOf, diagnostics)
        }
        // A theme folder that site.yaml names: known only now (its
        // templates were just read, its assets are read when rendering).
        inputs = inputs.merging(InputFingerprints.scan(site: nil, themes: theme.folders, excluding: options.output))
        guard inputs.readWhole(&diagnostics) else { return (nil, asOf, diagnostics) }
        progress(.started(.analyze, total: model.accounts.count))
        let rules = PlaybookRules.compile(model.playbooks, diagnostics: &diagnostics)
        // The records are handed over, not copied: grouped by account in
        // place, and from here on they live grouped by account only.
        let records = model
        model = model.releasingRecords()
        var history: PortfolioHistory? = PortfolioHistory(records: consume records, asOf: asOf)
        let portfolio = Analyzer.weekly(model, history: history!, rules: rules)
        // Let go here unless kept, before the briefs and the page builder
        // are made: holding it until the end of this function held 220 MB
        // more at 100,000 accounts through the rest of the build's set-up
        // (BENCHMARKS.md, issue 16).
        let kept = keepHistory ? history : nil
        history = nil
        let briefs = WeeklyBriefs(portfolio)
        progress(.finished(.analyze, count: model.accounts.count))
        OutputSizeCheck.check(model.playbooks, portfolio: portfolio, &diagnostics)
        let site = Site(
            options: options, model: model, theme: theme, portfolio: portfolio, briefs: briefs, inputs: inputs,
            history: kept)
        return (site, asOf, diagnostics)
    }

    /// `InputFingerprints.readWhole` for this site's inputs, after
    /// everything was read and rendered (assets are read when rendering):
    /// what a build asks before it swaps its output in.
    public func inputsReadWhole(_ diagnostics: inout Diagnostics) -> Bool {
        inputs.readWhole(&diagnostics)
    }

    /// The theme the options or site.yaml name, with the site's overrides;
    /// nil when it cannot be found.
    static func loadTheme(_ options: BuildOptions, _ settings: SiteSettings, _ diagnostics: inout Diagnostics)
        -> Theme?
    {
        switch ThemeLocator.resolve(
            options.theme ?? settings.theme,
            origin: options.theme != nil ? .commandLine : .siteFile(location: settings.themeLocation),
            site: options.site)
        {
        case .success(let layer):
            return Theme.load(base: layer, siteDirectory: options.site, diagnostics: &diagnostics)
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return nil
        }
    }

    /// An audience's pages: the model and analysis scoped to its reps,
    /// with weekly briefs of their own.
    static func pageBuilder(_ model: SiteModel, _ portfolio: Portfolio, scopedTo owners: Set<RepID>) -> PageBuilder {
        let scoped = portfolio.scoped(to: owners)
        return PageBuilder(model: model.scoped(to: owners), portfolio: scoped, briefs: WeeklyBriefs(scoped))
    }

    /// The pages of one audience's portal in its folder: the feed's and the
    /// e-mails' links lead to `base_url` + the folder.
    static func pageBuilder(_ model: SiteModel, _ portfolio: Portfolio, _ briefs: WeeklyBriefs, for audience: Audience)
        -> PageBuilder
    {
        var model = model
        // An encrypted portal's pages are routes of its unlock page.
        model.settings.baseURL = model.settings.baseURL.map {
            $0 + audience.folder + (audience.encrypted ? "/#/" : "/")
        }
        guard let owners = audience.owners else {
            return PageBuilder(model: model, portfolio: portfolio, briefs: briefs)
        }
        return pageBuilder(model, portfolio, scopedTo: owners)
    }

    /// Every output file but the theme's assets, in output order.
    public var routes: [Route] { pageBuilder.routes() }

    /// The template check over every page's context, with nothing rendered
    /// or written: what `rapport check` runs.
    public func check(_ diagnostics: inout Diagnostics) -> Int {
        let references = pageBuilder.routeReferences().pages
        let pages = self.pageBuilder
        let shapes = SiteRenderer.shapes(count: references.count) { pages.page(pages.route(references[$0])) }
        SiteRenderer.check(shapes, theme: theme, diagnostics: &diagnostics)
        // A theme that passes the check can still multiply without bound on
        // the real data (sections over a list nested nine deep): the first
        // page of each kind is rendered, in memory, within the same limits
        // as a build (docs/guide.md#themes, "Limits").
        guard !diagnostics.hasErrors else { return references.count }
        var tried = Set<Int32>()
        for reference in references where tried.insert(reference.kind).inserted {
            let page = pages.page(pages.route(reference))
            switch theme.library.rendering(page.context, withTemplate: page.template, limits: options.pageLimits) {
            case .success, .failure(.unknownTemplate): continue
            case .failure(let failure):
                diagnostics.append(
                    SiteRenderer.diagnostic(failure, page: page.path, theme: theme, limits: options.pageLimits))
            }
        }
        return references.count
    }

    /// What one rendering wrote.
    public struct Rendering: Sendable {
        public var pages = 0
        public var files = 0
        /// The review packets, paths under the output root.
        public var packets: [String] = []
        /// The packets of encrypted portals, in clear in a private folder
        /// for the PDF printer (`printFolder`), never in the output.
        public var sealedPackets: [SealedPackets] = []
    }

    /// One encrypted portal's review packets to print: clear copies in
    /// `folder` (with the theme's assets), and the sink that seals the PDFs
    /// into the portal.
    public struct SealedPackets: Sendable {
        public var audience: Audience
        public var folder: String
        public var packets: [String]
        public var sink: SealingSink
    }

    /// The keys of the portals to encrypt, derived from `keys`'
    /// passphrases (PBKDF2, across the cores), by audience handle; an error
    /// for each encrypted portal without a passphrase, and then nothing, so
    /// a build stops before it writes anything (docs/guide.md#publishing-privately, "Keys"). Never a message with a
    /// passphrase in it.
    public func portalKeys(_ keys: PortalKeys?, keysFile: String?, diagnostics: inout Diagnostics)
        -> [String: PortalKey]?
    {
        let encrypted = audiences.filter(\.encrypted)
        guard !encrypted.isEmpty else { return [:] }
        guard let keys else {
            let handles = encrypted.map(\.handle)
            diagnostics.error(
                .missingKey, at: SourceLocation(file: options.site + "/site.yaml"), stage: .load,
                "site.yaml encrypts \(handles.count == 1 ? "portal" : "\(handles.count) portals") ("
                    + handles.prefix(8).joined(separator: ", ") + (handles.count > 8 ? ", …" : "")
                    + ") but no keys file was given: make one with 'rapport keys new --site \(options.site) "
                    + "--output KEYS' (outside the site folder) and build with --keys KEYS")
            return nil
        }
        var missing = false
        for audience in encrypted where keys.passphrases[audience.handle] == nil {
            missing = true
            diagnostics.error(
                .missingKey, at: SourceLocation(file: keysFile ?? "keys"), stage: .load,
                "portal \(audience.handle) is encrypted (site.yaml portals: \(audience.kind.rawValue): encrypt) "
                    + "but the keys file has no passphrase for it: 'rapport keys new --site \(options.site) "
                    + "--output \(keysFile ?? "KEYS")' adds the missing ones and keeps the others")
        }
        guard !missing else { return nil }
        // Kept derivations are used as they are; only a passphrase without
        // one costs its 600,000 iterations here.
        let derived = encrypted.parallelMap(minimumCount: 2) { audience in keys.key(of: audience.handle) }
        var result: [String: PortalKey] = [:]
        for (audience, key) in zip(encrypted, derived) {
            guard let key else {
                diagnostics.error(
                    .invalidKeys, at: SourceLocation(file: keysFile ?? "keys"), stage: .load,
                    "no key could be derived for portal \(audience.handle)")
                return nil
            }
            result[audience.handle] = key
        }
        return result
    }

    /// Renders every page across the cores, checks the templates against
    /// the union of the page contexts, then writes the data files and the
    /// theme's assets, all into `sink`. Stops at the first error (the
    /// diagnostics say which); the sink then holds a partial portal that
    /// the caller discards. An encrypted audience's portal is sealed with
    /// its key from `keys`; its e-mails are written in clear to
    /// `mail/<portal>/`, and, given a `printFolder`, its packets there too.
    public func render(
        to sink: any OutputSink, keys: [String: PortalKey] = [:], printFolder: String? = nil,
        diagnostics: inout Diagnostics, progress: BuildProgress = .silent
    )
        -> Rendering?
    {
        guard !audiences.isEmpty else {
            return render(pageBuilder, to: sink, diagnostics: &diagnostics, progress: progress)
        }
        // One portal per audience, each complete in its folder; one made at a
        // time, so only one audience's pages are held at once.
        var total = Rendering()
        for audience in audiences {
            let pages = Self.pageBuilder(model, portfolio, briefs, for: audience)
            let folder = PrefixedSink(sink, folder: audience.folder)
            guard audience.encrypted else {
                guard let rendering = render(pages, to: folder, diagnostics: &diagnostics, progress: progress) else {
                    return nil
                }
                total.pages += rendering.pages
                total.files += rendering.files
                total.packets += rendering.packets.map { audience.folder + "/" + $0 }
                continue
            }
            guard let key = keys[audience.handle] else {
                // Pipeline.build asks `portalKeys` first; a caller that did
                // not gets an error, never a portal in clear text.
                diagnostics.error(
                    .missingKey, at: SourceLocation(file: options.site + "/site.yaml"), stage: .write,
                    "portal \(audience.handle) is encrypted and has no key")
                return nil
            }
            let emails = Set(pages.paths(ofKind: Route.emailKind))
            let packets = pages.paths(ofKind: Route.reviewPacketKind)
            var copies: [(sink: any OutputSink, path: @Sendable (String) -> String?)] = [
                (PrefixedSink(sink, folder: "mail/" + audience.folder), { emails.contains($0) ? $0 : nil })
            ]
            let printing = printFolder.map { $0 + "/" + audience.folder }
            if let printing {
                let wanted = Set(packets)
                copies.append(
                    (FolderSink(root: printing), { wanted.contains($0) || $0.hasPrefix("assets/") ? $0 : nil }))
            }
            let sealing = SealingSink(folder, key: key, copies: copies)
            if let failure = sealing.writeUnlockPage() {
                diagnostics.append(failure)
                return nil
            }
            guard let rendering = render(pages, to: sealing, diagnostics: &diagnostics, progress: progress) else {
                return nil
            }
            total.pages += rendering.pages
            // The unlock page, its script and the e-mails' clear copies.
            total.files += rendering.files + 2 + emails.count
            if let printing, !packets.isEmpty {
                total.sealedPackets.append(
                    SealedPackets(audience: audience, folder: printing, packets: packets, sink: sealing))
            }
        }
        return total
    }

    private func render(
        _ pages: PageBuilder, to sink: any OutputSink, diagnostics: inout Diagnostics, progress: BuildProgress
    ) -> Rendering? {
        // References, not routes: a route's path is made when its page is.
        let (pageReferences, dataReferences) = pages.routeReferences()
        progress(.started(.render, total: pageReferences.count))
        let rendered = BuildProgress.Counter(.render, progress: progress)
        let (shapes, failures) = SiteRenderer.renderAndWrite(
            count: pageReferences.count, page: { pages.page(pages.route(pageReferences[$0])) }, theme: theme,
            limits: options.pageLimits, write: { sink.write($0, $1) }, onPage: { rendered.add() })
        progress(.finished(.render, count: pageReferences.count))
        SiteRenderer.check(shapes, theme: theme, diagnostics: &diagnostics)
        for failure in failures { diagnostics.append(failure) }
        guard !diagnostics.hasErrors else { return nil }
        progress(.started(.write, total: nil))
        let assets = SiteRenderer.assets(of: theme, diagnostics: &diagnostics)
        defer { progress(.finished(.write, count: dataReferences.count + assets.count)) }
        // An asset that cannot be read would leave pages without their
        // stylesheet or script: an error, so nothing is swapped in.
        guard !diagnostics.hasErrors else { return nil }
        // Across the cores: an account's orders file is one of 10,000 at
        // 10,000 accounts. The first failure in output order is reported.
        let dataFailures = parallelChunks(count: dataReferences.count, chunks: 16) { _, range -> Diagnostic? in
            for reference in dataReferences[range] {
                let failure: Diagnostic?
                switch pages.dataFile(pages.route(reference)) {
                case .whole(let file): failure = sink.write(file.path, file.bytes)
                case .streamed(let file): failure = sink.write(file.path, chunks: file.chunks, chunk: file.chunk)
                }
                if let failure { return failure }
            }
            return nil
        }
        if let failure = dataFailures.lazy.compactMap({ $0 }).first {
            diagnostics.append(failure)
            return nil
        }
        for file in assets {
            if let failure = sink.write(file.path, file.bytes) {
                diagnostics.append(failure)
                return nil
            }
        }
        return Rendering(
            pages: pageReferences.count, files: pageReferences.count + dataReferences.count + assets.count,
            packets: pages.paths(ofKind: Route.reviewPacketKind))
    }
}
