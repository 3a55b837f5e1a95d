import Foundation
import RapportCore
import RapportLoad
import RapportRender
import RapportSeal
import RapportWrite

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
    /// Where the records come from: the CSV files of the site's `data/`
    /// folder when nil (docs/guide.md#data-sources).
    public var source: (any DataSource)?
    /// The database `--source` names, over site.yaml's `source:`
    /// (docs/reference.md#databases-source).
    public var sourceSetting: SourceSetting?
    /// Where a database's password is looked up (`PGPASSWORD`, `PGPASSFILE`,
    /// `HOME` for ~/.pgpass): the process's, passed in by the command line.
    public var environment: [String: String] = [:]
    /// What one page may cost to render (docs/guide.md#themes, "Limits").
    public var pageLimits: TemplateLibrary.Limits
    /// One audience's portal alone, at the output's root (`rapport serve
    /// --portal reps/R01`); nil: every portal site.yaml asks for.
    public var portal: String?
    /// The passphrases of the encrypted portals (`--keys`, docs/guide.md#publishing-privately), and the file they came
    /// from.
    public var keys: PortalKeys?
    public var keysFile: String?

    public init(
        site: String = "content", output: String = "output", theme: String? = nil, asOf: Day? = nil,
        pdfBrowser: String? = nil, source: (any DataSource)? = nil,
        pageLimits: TemplateLibrary.Limits = TemplateLibrary.Limits()
    ) {
        self.site = site
        self.output = output
        self.theme = theme
        self.asOf = asOf
        self.pdfBrowser = pdfBrowser
        self.source = source
        self.pageLimits = pageLimits
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
    /// The PDFs printed for encrypted portals, sealed into them (their
    /// paths are opaque).
    public var sealedPrinted = 0
    public var succeeded: Bool { !diagnostics.hasErrors && report != nil }

    init(diagnostics: Diagnostics, asOf: Day?) {
        self.diagnostics = diagnostics
        self.asOf = asOf
    }

    init(diagnostics: Diagnostics, asOf: Day?, pages: Int) {
        self.init(diagnostics: diagnostics, asOf: asOf)
        self.pages = pages
    }

    /// A build that stopped on one error before it began.
    init(failing diagnostic: Diagnostic) {
        var diagnostics = Diagnostics()
        diagnostics.append(diagnostic)
        self.init(diagnostics: diagnostics, asOf: nil)
    }
}

/// load → analyze → render → write, over a `Site`. Each stage runs to the
/// end and reports everything it found; the next one runs only if there
/// were no errors.
public enum Pipeline {
    /// Load, theme and analysis: everything before pages are built.
    struct Prepared {
        var diagnostics: Diagnostics
        var asOf: Day?
        var site: Site?
        var builder: PageBuilder? { site?.pageBuilder }
    }

    static func prepare(_ options: BuildOptions, today: Day, progress: BuildProgress = .silent) -> Prepared {
        let (site, asOf, diagnostics) = Site.open(options, today: today, progress: progress)
        return Prepared(diagnostics: diagnostics, asOf: asOf, site: site)
    }

    /// Everything up to and including the template check; writes nothing.
    public static func check(_ options: BuildOptions, today: Day, progress: BuildProgress = .silent) -> BuildResult {
        var prepared = prepare(options, today: today, progress: progress)
        guard let site = prepared.site else {
            return BuildResult(diagnostics: prepared.diagnostics, asOf: prepared.asOf)
        }
        let pages = site.check(&prepared.diagnostics)
        _ = site.inputsReadWhole(&prepared.diagnostics)
        return BuildResult(diagnostics: prepared.diagnostics, asOf: prepared.asOf, pages: pages)
    }

    /// The whole build. Pages are built, rendered and written to the staging
    /// folder a few at a time across the cores; the template check runs on
    /// the union of their contexts afterwards, and any error discards the
    /// staging folder, so the previous output is untouched as before.
    public static func build(_ options: BuildOptions, today: Day, progress: BuildProgress = .silent) -> BuildResult {
        var options = options
        // Where the output really is (through a link), and that the build
        // does not read it: before anything is locked or written.
        switch OutputPlace.resolve(options.output) {
        case .success(let resolved): options.output = resolved
        case .failure(let diagnostic): return BuildResult(failing: diagnostic)
        }
        if let diagnostic = OutputPlace.problem(
            output: options.output, reading: [options.site] + (options.theme.map { [$0] } ?? []))
        {
            return BuildResult(failing: diagnostic)
        }
        // First of all, so a second build into the same output stops before
        // it loads anything (docs/reference.md#commands, "One build per output folder").
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
        guard !result.diagnostics.hasErrors, let site = prepared.site else { return result }
        // A theme folder site.yaml names is known only now.
        if let diagnostic = OutputPlace.problem(output: options.output, reading: site.theme.folders) {
            result.diagnostics.append(diagnostic)
            return result
        }
        // Every encrypted portal's key before anything is written: a
        // missing passphrase leaves the previous output as it was.
        guard let keys = site.portalKeys(options.keys, keysFile: options.keysFile, diagnostics: &result.diagnostics)
        else { return result }
        let printFolder = options.pdfBrowser != nil && !keys.isEmpty ? PrivateFolder.make() : nil
        defer { if let printFolder { try? FileManager.default.removeItem(atPath: printFolder) } }
        let session: OutputWriter.Session
        switch OutputWriter(output: options.output).begin(holding: lock) {
        case .success(let started): session = started
        case .failure(let diagnostic):
            result.diagnostics.append(diagnostic)
            return result
        }
        guard
            let rendering = site.render(
                to: session, keys: keys, printFolder: printFolder, diagnostics: &result.diagnostics,
                progress: progress)
        else {
            session.abort()
            return result
        }
        result.pages = rendering.pages
        result.files = rendering.files
        result.packets = rendering.packets
        if let browser = options.pdfBrowser {
            // Printed inside the staging folder, so a printer that fails
            // leaves the previous output as untouched as any other error.
            progress(
                .started(
                    .print, total: result.packets.count + rendering.sealedPackets.map(\.packets.count).reduce(0, +)))
            var sealedPDFs = 0
            do throws(PacketPDF.Failure) {
                result.printed = try PacketPDF.print(
                    packets: result.packets, in: session.stagingFolder, browser: browser)
                // An encrypted portal's packets print from their clear copies
                // outside the output; only the sealed PDFs go into it.
                for portal in rendering.sealedPackets {
                    for pdf in try PacketPDF.print(packets: portal.packets, in: portal.folder, browser: browser) {
                        let bytes = FileManager.default.contents(atPath: portal.folder + "/" + pdf).map { [UInt8]($0) }
                        if let failure = portal.sink.write(pdf, bytes ?? []) {
                            throw PacketPDF.Failure(
                                packet: portal.audience.folder + "/" + pdf, description: failure.message)
                        }
                        sealedPDFs += 1
                    }
                }
            } catch {
                result.diagnostics.error(
                    .writeFailed, at: SourceLocation(file: options.output + "/" + error.packet), stage: .write,
                    error.description)
                session.abort()
                return result
            }
            for pdf in result.printed { session.adopt(pdf) }
            progress(.finished(.print, count: result.printed.count + sealedPDFs))
            result.sealedPrinted = sealedPDFs
            result.files += result.printed.count + sealedPDFs
        }
        guard site.inputsReadWhole(&result.diagnostics) else {
            session.abort()
            return result
        }
        switch session.commit() {
        case .success(let report): result.report = report
        case .failure(let diagnostic): result.diagnostics.append(diagnostic)
        }
        return result
    }
}
