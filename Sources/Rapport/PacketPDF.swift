import Foundation

/// Prints the review packets of a built portal to PDF with headless
/// Chromium (its print engine honours `@page` size, margins and page-number
/// boxes). Chromium is optional: without it the HTML packets still print
/// from any browser, and this says how to install it.
public enum PacketPDF {
    public struct Failure: Error, CustomStringConvertible {
        /// The packet being printed, relative to the output folder.
        public var packet: String
        public var description: String
    }

    static let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// `RAPPORT_CHROMIUM` if set, else the first browser found on PATH.
    public static func locateBrowser(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit = environment["RAPPORT_CHROMIUM"], !explicit.isEmpty {
            return FileManager.default.isExecutableFile(atPath: explicit) ? explicit : nil
        }
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in candidates {
            for directory in path where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }

    public static let installHint =
        "PDFs need headless Chromium: on Debian or Ubuntu run 'apt-get install chromium' (as root), "
        + "or point RAPPORT_CHROMIUM at a Chromium or Chrome binary. The HTML packets print from any browser."

    /// Switches that keep the printer off every network (docs/reference.md#commands,
    /// `--pdf`): every host name — IP literals and localhost included —
    /// resolves to nothing, and every request that might still go out is
    /// sent to a proxy on a closed port, loopback included. Chromium's own
    /// background traffic (updates, sync, metrics) is off as well. A playbook
    /// image at `http://…` thus prints as a missing image, and nothing on a
    /// page can send data anywhere.
    static let offline = [
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-domain-reliability", "--no-first-run", "--metrics-recording-only",
        "--disable-features=MediaRouter,OptimizationHints,Translate",
    ]

    /// Chromium refuses to start as root with its sandbox on, and some
    /// containers have no user namespaces for it; only then does it run
    /// without, so the sandbox stays wherever the platform allows it.
    static func needsNoSandbox() -> Bool { geteuid() == 0 }

    /// Writes `<name>.pdf` beside each `<name>.html` in `folder` (the
    /// build's staging folder); returns the PDF paths relative to it.
    public static func print(packets: [String], in folder: String, browser: String) throws(Failure) -> [String] {
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        // A private, throw-away profile: nothing read from or left in $HOME.
        let profile = NSTemporaryDirectory() + "rapport-chromium-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: profile) }
        var sandboxed = !needsNoSandbox()
        var written: [String] = []
        for packet in packets {
            let html = root.appendingPathComponent(packet)
            let pdf = String(packet.dropLast(".html".count)) + ".pdf"
            let target = root.appendingPathComponent(pdf)
            var outcome = try run(browser, html: html, target: target, profile: profile, sandboxed: sandboxed, packet)
            if !outcome.printed, sandboxed, outcome.message.localizedCaseInsensitiveContains("sandbox") {
                sandboxed = false
                outcome = try run(browser, html: html, target: target, profile: profile, sandboxed: false, packet)
            }
            guard outcome.printed else {
                let tail = String(outcome.message.suffix(400)).trimmingCharacters(in: .whitespacesAndNewlines)
                throw Failure(
                    packet: packet,
                    description: "\(browser) failed to print \(packet) (exit \(outcome.status)): \(tail)")
            }
            written.append(pdf)
        }
        return written
    }

    static func run(
        _ browser: String, html: URL, target: URL, profile: String, sandboxed: Bool, _ packet: String
    ) throws(Failure) -> (printed: Bool, status: Int32, message: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments =
            ["--headless", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(profile)"]
            + (sandboxed ? [] : ["--no-sandbox"]) + offline
            + ["--print-to-pdf=\(target.path)", html.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(packet: packet, description: "\(browser) could not be started: \(error)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let printed = process.terminationStatus == 0 && FileManager.default.fileExists(atPath: target.path)
        return (printed, process.terminationStatus, String(decoding: message, as: UTF8.self))
    }
}
