import ArgumentParser
import Foundation
import Rapport

/// `rapport keys`: the passphrases of the encrypted portals (docs/guide.md#publishing-privately, "Keys"). None is ever
/// printed: they are read from the file by whoever hands them out.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make or renew the passphrases of the encrypted portals.",
        subcommands: [New.self, Rotate.self]
    )

    static func finish(_ outcome: PortalKeyFile.Outcome, file: String, verb: String) throws {
        report(outcome.diagnostics, quiet: false)
        guard !outcome.diagnostics.hasErrors else {
            FileHandle.standardError.write(Data("rapport keys: \(outcome.diagnostics.summary)\n".utf8))
            throw ExitCode(ExitStatus.siteErrors)
        }
        print(
            "\(verb) \(outcome.renewed.count) of \(outcome.portals.count) portal passphrases in \(file) (mode 0600)"
                + (outcome.renewed.isEmpty ? "" : ": " + outcome.renewed.prefix(8).joined(separator: ", "))
                + (outcome.renewed.count > 8 ? ", …" : ""))
        if !outcome.renewed.isEmpty {
            print("build with --keys \(file), then give each portal's line to its audience only")
        }
    }

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a passphrase for every encrypted portal; an existing file keeps the ones it has.")

        @Option(name: .long, help: "The site folder.")
        var site: String = "content"

        @Option(name: .long, help: "The keys file to write, outside the site folder.")
        var output: String

        func run() throws {
            try KeysCommand.finish(
                PortalKeyFile.new(site: site, file: output, environment: ProcessInfo.processInfo.environment),
                file: output, verb: "made")
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give one encrypted portal a new passphrase (the old one no longer opens the next build).")

        @Option(name: .long, help: "The site folder.")
        var site: String = "content"

        @Option(name: .long, help: "The keys file (default: $RAPPORT_KEYS).")
        var keys: String?

        @Argument(help: "The portal: team, reps/<rep id> or teams/<team>.")
        var portal: String

        func run() throws {
            guard let file = keys ?? ProcessInfo.processInfo.environment["RAPPORT_KEYS"], !file.isEmpty else {
                throw ValidationError("give the keys file with --keys FILE or RAPPORT_KEYS")
            }
            try KeysCommand.finish(
                PortalKeyFile.rotate(
                    site: site, file: file, portal: portal, environment: ProcessInfo.processInfo.environment),
                file: file, verb: "renewed")
        }
    }
}
