import ArgumentParser
import Foundation
import Rapport

/// `rapport theme copy DIR`: the built-in theme written out, to start a
/// custom theme from (docs/guide.md#themes).
struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme",
        abstract: "Work with the themes built into rapport.",
        subcommands: [Copy.self]
    )

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a built-in theme (templates/ and assets/) into a folder, to start a custom theme from.")

        @Option(name: .long, help: "The built-in theme to copy.")
        var name: String = "default"

        @Argument(help: "The folder to create; it must not exist or be empty.")
        var directory: String

        func run() throws {
            do {
                try SiteScaffold.copyTheme(named: name, to: directory)
            } catch {
                FileHandle.standardError.write(Data("rapport theme copy: \(error)\n".utf8))
                throw ExitCode(ExitStatus.failure)
            }
            print(
                "copied the built-in theme '\(name)' to \(directory); use it with 'theme: <path to it>' in site.yaml "
                    + "(relative to the site folder) or put it at <site>/themes/<name>")
        }
    }
}
