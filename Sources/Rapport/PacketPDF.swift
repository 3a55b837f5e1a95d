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

    /// Writes `<name>.pdf` beside each `<name>.html` in `folder` (the
    /// build's staging folder); returns the PDF paths relative to it.
    public static func print(packets: [String], in folder: String, browser: String) throws(Failure) -> [String] {
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        var written: [String] = []
        for packet in packets {
            let html = root.appendingPathComponent(packet)
            let pdf = String(packet.dropLast(".html".count)) + ".pdf"
            let target = root.appendingPathComponent(pdf)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: browser)
            // --no-sandbox: Chromium refuses to run as root with its sandbox;
            // the pages are our own output, with no script from elsewhere.
            process.arguments = [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                "--print-to-pdf=\(target.path)", html.absoluteString,
            ]
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
            guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: target.path) else {
                let tail = String(decoding: message.suffix(400), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                throw Failure(
                    packet: packet,
                    description: "\(browser) failed to print \(packet) (exit \(process.terminationStatus)): \(tail)")
            }
            written.append(pdf)
        }
        return written
    }
}
