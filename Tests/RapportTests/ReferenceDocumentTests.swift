import Foundation
import Rapport
import RapportAnalyze
import RapportLoad
import RapportTestSupport
import Testing

/// docs/reference.md's generated blocks are what the registries say today
/// (`rapport gen reference` rewrites them): a new table, setting or `when`
/// name that is not in the committed reference fails here.
@Suite struct ReferenceDocumentTests {
    static let path = Fixtures.packageRoot + "/docs/reference.md"

    @Test func theCommittedReferenceIsTheGeneratedOne() throws {
        let committed = try String(contentsOfFile: Self.path, encoding: .utf8)
        for block in ReferenceDocument.blocks() {
            #expect(committed.contains("<!-- generated: \(block.name) -->\n"), "no block '\(block.name)'")
            #expect(committed.contains("<!-- end generated: \(block.name) -->"), "block '\(block.name)' never ends")
        }
        #expect(
            ReferenceDocument.update(committed) == committed,
            "docs/reference.md differs from the registries: run `rapport gen reference` and commit the result")
    }

    /// Every `when` name, table and numeric setting is in the reference.
    @Test func theBlocksListEveryEntry() throws {
        let committed = try String(contentsOfFile: Self.path, encoding: .utf8)
        for name in AccountMetrics.conditionNames.keys { #expect(committed.contains("| `\(name)` |"), "\(name)") }
        for table in TableKind.allCases { #expect(committed.contains("| `\(table.rawValue)` |"), "\(table)") }
        for setting in SiteConfig.numericSettings {
            #expect(committed.contains("| `\(setting.path)` |"), "\(setting.path)")
        }
    }

    /// A block is replaced where it stands; a document without it is left alone.
    @Test func updateReplacesOnlyBetweenTheMarkers() {
        let document = "intro\n<!-- generated: tables -->\nstale\n<!-- end generated: tables -->\noutro\n"
        let updated = ReferenceDocument.update(document)
        #expect(updated.hasPrefix("intro\n<!-- generated: tables -->\n| table |"))
        #expect(updated.hasSuffix("<!-- end generated: tables -->\noutro\n"))
        #expect(!updated.contains("stale"))
        #expect(ReferenceDocument.update("no markers\n") == "no markers\n")
    }
}
