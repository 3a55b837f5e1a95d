import ArgumentParser
import Foundation
import Rapport
import RapportCore

extension RapportCommand {
    /// `rapport init --from DIR` (docs/guide.md#starting-from-a-crm-export): a thin layer over `ExportInit`.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a site from a folder of CRM exports (Salesforce, HubSpot, order lines), and say how.")

        @Option(name: .long, help: "The folder of CSV exports.")
        var from: String

        @Option(name: .long, help: "The site folder to create; it must not exist or be empty.")
        var output: String = "site"

        func run() throws {
            let outcome: ExportInit.Outcome
            do {
                outcome = try ExportInit.run(from: from, to: output)
            } catch {
                FileHandle.standardError.write(Data("rapport init: \(error)\n".utf8))
                throw ExitCode(ExitStatus.failure)
            }
            for line in outcome.report { print(Diagnostic.printable(line)) }
            // What a build would say, before the user runs one.
            let checked = Pipeline.check(
                BuildOptions(site: output, output: output + "/../output"), today: today())
            let verdict =
                checked.diagnostics.hasErrors
                ? "fix the errors below, or the commented lines of site.yaml, then build"
                : "build it with: rapport build --site \(output)"
            print(
                "wrote \(output) (site.yaml, data/, playbooks/, pages/); rapport check: \(checked.diagnostics.summary); \(verdict)"
            )
            if !checked.diagnostics.all.isEmpty { report(checked.diagnostics, quiet: false) }
        }
    }
}
