import Foundation
import Rapport
import RapportCore
import RapportRender
import RapportWrite

/// The rebuilding side of `rapport serve`, on a thread of its own (a rebuild
/// keeps both cores busy; the server's tasks must not wait for it): builds
/// the portal, then looks for changed inputs ten times a second and redoes
/// what they feed (`SiteEdit`). Only this thread touches the `Site`.
final class Rebuilder {
    let options: BuildOptions
    let today: Day
    let state: PreviewState
    let log: @Sendable (String) -> Void
    private var site: Site?
    private var fingerprints = InputFingerprints()

    init(options: BuildOptions, today: Day, state: PreviewState, log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.today = today
        self.state = state
        self.log = log
    }

    /// The theme folders whose files are inputs besides the site's.
    private var themeFolders: [String] {
        var folders = options.theme.map { [$0] } ?? []
        for folder in site?.theme.folders ?? [] where !folders.contains(folder) { folders.append(folder) }
        return folders
    }

    private func scan() -> InputFingerprints {
        InputFingerprints.scan(site: options.site, themes: themeFolders, excluding: options.output)
    }

    /// What the last look could not read, said once until it reads again.
    private var unreadableSaid: [String: String] = [:]

    /// Loads, analyses and renders everything into a new generation.
    /// - Returns: the site's as-of date when it built.
    @discardableResult
    func buildAll(because reason: String?) -> Day? {
        let clock = ContinuousClock()
        let start = clock.now
        fingerprints = scan()
        // Let go first: two analysed sites at once would double the memory
        // of a rebuild. Until one builds again, every edit rebuilds all;
        // the last good portal stays served meanwhile.
        site = nil
        let (opened, asOf, diagnostics) = Site.open(options, today: today)
        var all = diagnostics
        guard let opened else {
            report(all, reason)
            return nil
        }
        let sink = state.portal.nextGeneration()
        guard let rendering = opened.render(to: sink, diagnostics: &all), opened.inputsReadWhole(&all) else {
            state.portal.discard(sink)
            report(all, reason)
            return nil
        }
        state.portal.switchTo(sink)
        site = opened
        // The theme's own folders are known once the site is open.
        fingerprints = fingerprints.merging(scan())
        let seconds = Self.format(clock.now - start)
        log(
            (reason.map { "\($0): loaded, analysed and rendered" } ?? "built")
                + " \(rendering.files) files in \(seconds)\(Self.warnings(all))")
        state.succeeded()
        return asOf
    }

    /// Looks once for changed inputs and rebuilds what they feed.
    func poll() {
        var now = scan()
        // A folder that could not be listed (too many open files) is not a
        // folder whose files were removed: say so, serve the last portal,
        // and look again (issue 25: this rebuilt and told every page
        // "site.yaml not found").
        guard now.unreadable.isEmpty else {
            if now.unreadable != unreadableSaid {
                for (folder, reason) in now.unreadable.sorted(by: { $0.key < $1.key }) {
                    log("\(folder): error: cannot look at this folder (\(reason)); still serving the last good portal")
                }
                unreadableSaid = now.unreadable
            }
            return
        }
        unreadableSaid = [:]
        var changed = now.changes(since: fingerprints)
        guard !changed.isEmpty else { return }
        // An editor may write a file in several steps: wait until two
        // looks agree before rebuilding, at most a second (an input
        // rewritten without pause is rebuilt as it is then).
        let settling = ContinuousClock.now
        while ContinuousClock.now - settling < .seconds(1) {
            Thread.sleep(forTimeInterval: 0.03)
            let again = scan()
            guard again.unreadable.isEmpty else { return }
            let more = again.changes(since: now)
            now = again
            if more.isEmpty { break }
            changed = Array(Set(changed).union(more)).sorted()
        }
        let edit = SiteEdit(changed, site: options.site, themeFolders: themeFolders.filter { $0 != options.site })
        guard !edit.isEmpty else {
            fingerprints = now
            return
        }
        let reason = Self.describe(edit.files)
        if edit.reload || site == nil {
            buildAll(because: reason)
        } else {
            rebuild(edit, because: reason, read: now)
            fingerprints = now
        }
    }

    /// Re-renders only what the edit feeds, into a staging folder first, then
    /// moves the files into the served generation: a failed edit changes nothing.
    /// - Parameter read: the inputs' fingerprints before they were read again.
    private func rebuild(_ edit: SiteEdit, because reason: String, read: InputFingerprints) {
        guard let before = site else { return }
        let clock = ContinuousClock()
        let start = clock.now
        var diagnostics = Diagnostics()
        var after = before
        var inputs = edit.documents
        if !edit.documents.isEmpty {
            let (reloaded, found) = after.reloadingDocuments()
            diagnostics.append(contentsOf: found)
            guard let reloaded else { return report(diagnostics, reason) }
            if Self.navigation(before) != Self.navigation(reloaded) { inputs.insert(.navigation) }
            after = reloaded
        }
        if !edit.templates.isEmpty || edit.assets {
            let (reloaded, found) = after.reloadingTheme()
            diagnostics.append(contentsOf: found)
            guard let reloaded else { return report(diagnostics, reason) }
            after = reloaded
        }
        // The routes that read what changed, in the new site and in the old
        // one (an account the edited playbook no longer matches).
        let all = after.routes, previous = before.routes
        let byPath = Dictionary(all.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var chosen = Set(after.routes(reading: inputs, templates: edit.templates, among: all).map(\.path))
        chosen.formUnion(before.routes(reading: inputs, among: previous).map(\.path).filter { byPath[$0] != nil })
        let routes = all.filter { chosen.contains($0.path) }
        let gone = previous.map(\.path).filter { byPath[$0] == nil }
        let staging = state.portal.stagingSink()
        defer { state.portal.discard(staging) }
        guard var written = after.render(routes, to: staging, diagnostics: &diagnostics) else {
            return report(diagnostics, reason)
        }
        if edit.assets {
            guard let assets = after.renderAssets(to: staging, diagnostics: &diagnostics) else {
                return report(diagnostics, reason)
            }
            written += assets
        }
        // Changed again while it was read: the next look rebuilds it.
        guard read.readWhole(&diagnostics) else { return report(diagnostics, reason) }
        state.portal.adopt(staging)
        state.portal.remove(gone)
        site = after
        let pages = routes.count { $0.template != nil }, others = written - pages
        let what =
            "\(pages) page\(pages == 1 ? "" : "s")"
            + (others == 0 ? "" : " and \(others) other file\(others == 1 ? "" : "s")")
        log("\(reason): \(what) in \(Self.format(clock.now - start))\(Self.warnings(diagnostics))")
        state.succeeded()
    }

    private func report(_ diagnostics: Diagnostics, _ reason: String?) {
        for diagnostic in diagnostics.sorted { log(diagnostic.description) }
        let errors = diagnostics.sorted.count { $0.severity == .error }
        log(
            (reason.map { "\($0): " } ?? "")
                + "\(errors) error\(errors == 1 ? "" : "s"); "
                + (site == nil ? "nothing to serve until it is fixed" : "still serving the last good portal"))
        state.failed(diagnostics)
    }

    /// The free pages' ids and titles, which every page's navigation shows.
    private static func navigation(_ site: Site) -> [String] {
        site.model.freePages.map { $0.id + "\u{1}" + $0.title }.sorted()
    }

    static func describe(_ files: [String]) -> String {
        switch files.count {
        case 1: return "\(files[0]) changed"
        case 2...3: return "\(files.joined(separator: ", ")) changed"
        default: return "\(files.count) files changed (\(files.prefix(2).joined(separator: ", ")), …)"
        }
    }

    static func warnings(_ diagnostics: Diagnostics) -> String {
        let count = diagnostics.sorted.count { $0.severity == .warning }
        return count == 0 ? "" : " (\(count) warning\(count == 1 ? "" : "s"); see `rapport check`)"
    }

    static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds < 1 ? "\(Int(saturating: seconds * 1000)) ms" : String(format: "%.1f s", seconds)
    }
}
