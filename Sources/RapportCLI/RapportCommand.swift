import ArgumentParser
import Foundation
import Rapport
import RapportCore
import RapportLoad
import RapportSample
import RapportSeal

/// Exit codes: 0 success, 1 the site has errors (diagnostics printed),
/// 2 the command could not run (bad folder, I/O), 64 bad command line.
enum ExitStatus {
    static let siteErrors: Int32 = 1
    static let failure: Int32 = 2
}

@main
struct RapportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Build a sales-review portal from CRM exports and Markdown playbooks.",
        version: RapportVersion.current,
        subcommands: [
            Build.self, Check.self, Serve.self, New.self, Init.self, Sample.self, ThemeCommand.self, KeysCommand.self,
            GenCommand.self,
        ],
        defaultSubcommand: Build.self
    )
}

/// Options shared by `build` and `check`.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "The site folder (site.yaml, data/, playbooks/, pages/).")
    var site: String = "content"

    @Option(
        name: .long, help: "A theme name (in themes/) or a theme folder. Default: the site's theme, else 'default'.")
    var theme: String?

    @Option(
        name: .customLong("as-of"),
        help: "Compute everything as of this date (YYYY-MM-DD). Default: site.yaml's as_of, else today.")
    var asOf: String?

    @Option(
        name: .long,
        help: "Read the records from here instead of site.yaml's source: csv, sqlite:FILE, or a postgresql:// address.")
    var source: String?

    @Flag(name: .long, help: "Print only errors and the summary line.")
    var quiet = false

    func buildOptions(output: String) throws -> BuildOptions {
        var day: Day?
        if let asOf {
            guard let parsed = Day(iso: asOf) else {
                throw ValidationError("--as-of '\(asOf)' is not a date; use YYYY-MM-DD")
            }
            if let problem = parsed.asOfProblem { throw ValidationError("--as-of: \(problem)") }
            day = parsed
        }
        var options = BuildOptions(site: site, output: output, theme: theme, asOf: day)
        if let source {
            guard let setting = SourceSetting(argument: source) else {
                throw ValidationError(
                    "--source '\(source)' is not csv, sqlite:FILE (or a .db, .sqlite file) or a postgresql:// address")
            }
            if PostgresAddress.hasPassword(source) {
                throw ValidationError("--source holds a password; set PGPASSWORD, ~/.pgpass or PGPASSFILE instead")
            }
            // A file on the command line is where the user is, not in the site.
            if case .sqlite(let path) = setting, !path.hasPrefix("/") {
                options.sourceSetting = .sqlite(path: FileManager.default.currentDirectoryPath + "/" + path)
            } else {
                options.sourceSetting = setting
            }
        }
        options.environment = ProcessInfo.processInfo.environment
        return options
    }
}

/// The one place the wall clock is read: today's date in UTC, used only when
/// neither --as-of nor site.yaml gives one.
func today() -> Day {
    Day(ordinal: Int(saturating: (Date().timeIntervalSince1970 / 86_400).rounded(.down)))
}

/// Prints diagnostics sorted and together, then the summary line. Warnings
/// beyond a screenful are counted, not listed.
func report(_ diagnostics: Diagnostics, quiet: Bool) {
    let warningLimit = 50
    var shownWarnings = 0
    var lines = ""
    for diagnostic in diagnostics.sorted {
        if diagnostic.severity == .warning {
            shownWarnings += 1
            if quiet || shownWarnings > warningLimit { continue }
        }
        lines += diagnostic.description + "\n"
    }
    if !quiet && shownWarnings > warningLimit {
        lines += "… \(shownWarnings - warningLimit) more warnings not shown\n"
    }
    FileHandle.standardError.write(Data(lines.utf8))
}

extension RapportCommand {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the portal into the output folder (swapped in only if the build succeeds).")

        @OptionGroup var options: SiteOptions

        @Option(name: .long, help: "The output folder; replaced as a whole on success, untouched on failure.")
        var output: String = "output"

        @Flag(name: .long, help: "Also print each rep's review packet to PDF (packet.pdf) with headless Chromium.")
        var pdf = false

        @Flag(name: .long, help: "Print each stage's count and time to standard error, also when not on a terminal.")
        var timings = false

        @Option(name: .long, help: "The encrypted portals' passphrases (rapport keys new). Default: $RAPPORT_KEYS.")
        var keys: String?

        func run() throws {
            // Checked first: a missing browser should not cost a whole build.
            let browser = PacketPDF.locateBrowser()
            if pdf && browser == nil {
                FileHandle.standardError.write(
                    Data("rapport build --pdf: no Chromium found. \(PacketPDF.installHint)\n".utf8))
                throw ExitCode(ExitStatus.failure)
            }
            let started = ContinuousClock.now
            let display = ProgressDisplay(quiet: options.quiet, timings: timings)
            var buildOptions = try options.buildOptions(output: output)
            buildOptions.pdfBrowser = pdf ? browser : nil
            let outputExisted = FileManager.default.fileExists(atPath: output)
            if let file = keys ?? ProcessInfo.processInfo.environment["RAPPORT_KEYS"], !file.isEmpty {
                switch PortalKeys.read(file) {
                case .success(let read):
                    buildOptions.keys = read
                    buildOptions.keysFile = file
                case .failure(let diagnostic):
                    var diagnostics = Diagnostics()
                    diagnostics.append(diagnostic)
                    report(diagnostics, quiet: options.quiet)
                    let outcome = outputExisted ? "\(output) left unchanged" : "nothing written to \(output)"
                    FileHandle.standardError.write(Data("build failed: \(diagnostics.summary); \(outcome)\n".utf8))
                    throw ExitCode(ExitStatus.siteErrors)
                }
            }
            let result = Pipeline.build(buildOptions, today: today(), progress: display.progress)
            report(result.diagnostics, quiet: options.quiet)
            guard result.succeeded, let written = result.report else {
                let outcome = outputExisted ? "\(output) left unchanged" : "nothing written to \(output)"
                FileHandle.standardError.write(Data("build failed: \(result.diagnostics.summary); \(outcome)\n".utf8))
                throw ExitCode(ExitStatus.siteErrors)
            }
            print(
                "built \(result.pages) pages (\(result.files) files: \(written.written) written, "
                    + "\(written.unchanged) unchanged) as of \(result.asOf!.iso) into \(output): "
                    + result.diagnostics.summary)
            if pdf, let browser {
                print(
                    "printed \(result.printed.count + result.sealedPrinted) review packets to PDF with \(browser)"
                        + (result.sealedPrinted > 0 ? " (\(result.sealedPrinted) sealed into encrypted portals)" : ""))
            }
            if timings {
                let total = ProgressDisplay.seconds(ContinuousClock.now - started)
                FileHandle.standardError.write(Data(String(format: "total   %.2f s\n", total).utf8))
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate data, playbooks and templates without writing anything.")

        @OptionGroup var options: SiteOptions

        @Flag(name: .long, help: "Print each stage's count and time to standard error, also when not on a terminal.")
        var timings = false

        func run() throws {
            let display = ProgressDisplay(quiet: options.quiet, timings: timings)
            let result = Pipeline.check(
                try options.buildOptions(output: "output"), today: today(), progress: display.progress)
            report(result.diagnostics, quiet: options.quiet)
            print("checked \(options.site) as of \(result.asOf?.iso ?? "?"): \(result.diagnostics.summary)")
            if result.diagnostics.hasErrors { throw ExitCode(ExitStatus.siteErrors) }
        }
    }

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new site folder from the demo site (site.yaml, data, playbooks, pages).")

        @Argument(help: "The folder to create; it must not exist or be empty.")
        var directory: String

        func run() throws {
            do {
                try SiteScaffold.newSite(at: directory)
            } catch {
                FileHandle.standardError.write(Data("rapport new: \(error)\n".utf8))
                throw ExitCode(ExitStatus.failure)
            }
            print("created \(directory); build it with: rapport build --site \(directory)")
        }
    }

    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a synthetic but realistic site of any size (for demos and benchmarks).")

        @Option(name: .long, help: "Number of accounts.")
        var accounts: Int = 1_000

        @Option(name: .long, help: "Random seed; the same seed gives the same files.")
        var seed: UInt64 = 1

        @Argument(help: "The folder to write; it must not exist or be empty.")
        var directory: String

        func validate() throws {
            guard (1...SiteScaffold.maximumSampleAccounts).contains(accounts) else {
                throw ValidationError(
                    "--accounts must be from 1 to \(SiteScaffold.maximumSampleAccounts) "
                        + "(100,000 accounts are about 850 MB of CSV)")
            }
        }

        func run() throws {
            do {
                try SiteScaffold.sample(accounts: accounts, seed: seed, to: directory)
            } catch {
                FileHandle.standardError.write(Data("rapport sample: \(error)\n".utf8))
                throw ExitCode(ExitStatus.failure)
            }
            print("wrote a \(accounts)-account sample site (seed \(seed)) to \(directory)")
        }
    }
}
