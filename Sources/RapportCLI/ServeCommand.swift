import ArgumentParser
import Dispatch
import Foundation
import RapportCore
import RapportServe
import Synchronization

extension RapportCommand {
    /// `rapport serve` (docs/reference.md#commands): a thin layer over `Preview`.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the portal, serve it on this machine and rebuild it as its files change.")

        @OptionGroup var options: SiteOptions

        @Option(name: .long, help: "The port to listen on.")
        var port: UInt16 = 1313

        @Option(
            name: .long,
            help: "The address to listen on. 0.0.0.0 serves every machine that can reach this one.")
        var bind: String = "127.0.0.1"

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The portal to preview when site.yaml asks for several: team (the default), reps/ID or teams/NAME.",
                valueName: "audience"))
        var portal: String = "team"

        @Option(
            name: .customLong("allow-host"),
            help: ArgumentHelp(
                "Also answer requests for this host name (repeatable); by default only localhost, 127.0.0.1, [::1] "
                    + "and the --bind address are answered, so no other web site can read the preview.",
                valueName: "name"))
        var allowedHosts: [String] = []

        @Option(
            name: .customLong("poll-source"),
            help: ArgumentHelp(
                "Read the data again this often (60s, 5m), for a database whose changes leave no file to notice.",
                valueName: "interval"))
        var pollSource: String?

        /// `60s`, `5m`, `1h` or a number of seconds, at least one second.
        static func interval(_ text: String) -> Duration? {
            let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
            let unit = text.last.flatMap { units[$0] }
            guard let number = Int(unit == nil ? text : String(text.dropLast())), number >= 1,
                number <= 86_400 / (unit ?? 1)
            else { return nil }
            return .seconds(number * (unit ?? 1))
        }

        func validate() throws {
            if let pollSource, Self.interval(pollSource) == nil {
                throw ValidationError(
                    "--poll-source '\(pollSource)' is not an interval such as 60s, 5m or 1h (1 s to 24 h)")
            }
            for name in allowedHosts where !HostPolicy.isHostName(name) {
                throw ValidationError(
                    "--allow-host: '\(name)' is not a host name (such as reviews.internal or 192.168.1.20, without "
                        + "a port or a scheme)")
            }
        }

        func run() throws {
            // Read by no one: the served portal lives in a private folder.
            var buildOptions = try options.buildOptions(output: NSTemporaryDirectory() + "rapport-serve-unused")
            // One portal, served from the root: the team's in clear text
            // unless another is asked for (docs/guide.md#publishing-privately).
            buildOptions.portal = portal
            if bind == "0.0.0.0" {
                FileHandle.standardError.write(
                    Data(
                        ("warning: --bind 0.0.0.0 serves the portal, and the customers' revenue in it, to every "
                            + "machine that can reach this one; use it only on a network you trust\n").utf8))
            }
            let quiet = options.quiet
            // Ctrl-C and `kill` stop the server cleanly (open pages told, the
            // private folder removed) within a few seconds, whatever a
            // rebuild is doing — the first build included, so the handlers
            // come first (docs/guide.md#preview-while-editing-rapport-serve).
            let stopRequested = Atomic<Bool>(false)
            let stop = DispatchSemaphore(value: 0)
            var sources: [any DispatchSourceSignal] = []
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    stopRequested.store(true, ordering: .relaxed)
                    stop.signal()
                }
                source.resume()
                sources.append(source)
            }
            let preview: Preview
            do {
                preview = try Preview.start(
                    buildOptions, today: today(), address: bind, port: port, allowedHosts: allowedHosts,
                    pollSource: pollSource.flatMap(Self.interval),
                    shouldStop: { stopRequested.load(ordering: .relaxed) },
                    log: { line in
                        guard !quiet || line.contains("error") else { return }
                        say(line)
                    })
            } catch .stopped {
                say("stopped")
                Foundation.exit(0)
            } catch {
                FileHandle.standardError.write(Data("rapport serve: \(error.description)\n".utf8))
                throw ExitCode(ExitStatus.failure)
            }
            let terminal = isatty(STDIN_FILENO) == 1
            say(
                "serving \(options.site)\(preview.asOf.map { " as of \($0.iso)" } ?? "") at \(preview.url) "
                    + "(\(terminal ? "r and Enter read the data again, " : "")Ctrl-C stops)")
            // A database's changes leave no file to notice: `r` reads it again.
            if terminal {
                Thread {
                    while let line = readLine() {
                        if line.trimmingCharacters(in: .whitespaces).lowercased() == "r" { preview.rereadData() }
                    }
                }.start()
            }
            stop.wait()
            preview.stop()
            say("stopped")
            // A rebuild or a connection still running after the grace
            // period ends with the process.
            Foundation.exit(0)
        }
    }
}

/// A line on standard output at once, also through a pipe: what a script
/// or a test waiting for "serving …" reads.
private func say(_ line: String) {
    // File names from the site folder can hold escapes too.
    FileHandle.standardOutput.write(Data((Diagnostic.printable(line) + "\n").utf8))
}
