import ArgumentParser
import Foundation
import Rapport

/// `rapport gen reference`: the parts of docs/reference.md made from the
/// registries, rewritten in place (docs/CONTRIBUTING.md#checks-and-measurements),
/// as Hugo's `hugo gen doc` makes its reference from its code.
struct GenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen", abstract: "Generate documentation from the code (for contributors).",
        subcommands: [Reference.self])

    struct Reference: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rewrite the generated blocks of the reference (tables, numeric settings, `when` names).")

        @Option(name: .long, help: "The reference to rewrite.")
        var file = "docs/reference.md"

        func run() throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                FileHandle.standardError.write(Data("rapport gen reference: cannot read \(file)\n".utf8))
                throw ExitCode(ExitStatus.failure)
            }
            let updated = ReferenceDocument.update(text)
            guard updated != text else {
                print("\(file): up to date")
                return
            }
            do {
                try updated.write(toFile: file, atomically: true, encoding: .utf8)
            } catch {
                FileHandle.standardError.write(Data("rapport gen reference: \(file): \(error)\n".utf8))
                throw ExitCode(ExitStatus.failure)
            }
            print("\(file): updated")
        }
    }
}
