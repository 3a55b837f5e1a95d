import Foundation
import RapportAnalyze
import RapportCore
import RapportLoad
import RapportTestSupport
import RapportWrite
import Testing

@testable import Rapport

/// Issue 14, point 7: a 50 MB playbook matching every account quietly
/// wrote 5.2 GB. Here 2,500,000 bytes of HTML matching all 5 accounts of the
/// fixture add at least 12.5 MB, past a 10 MB threshold (1 GiB in builds).
@Suite struct OutputSizeCheckTests {
    @Test func aLongPlaybookWithABroadWhenIsAWarningWithItsSize() {
        var (model, _) = SiteLoader.load(directory: Fixtures.directory + "/basic-site")
        let html = "<p>" + String(repeating: "x", count: 2_500_000 - 8) + "</p>\n"
        #expect(html.utf8.count == 2_500_000)
        let document = Document(
            id: "long", title: "Long", html: html, origin: RecordOrigin(file: "playbooks/long.md", line: 1))
        model.playbooks = [
            Playbook(document: document, when: "true", whenLocation: nil, pillar: nil, priority: 1)
        ]
        var diagnostics = Diagnostics()
        let rules = PlaybookRules.compile(model.playbooks, diagnostics: &diagnostics)
        let portfolio = Analyzer.analyze(model, asOf: Day(iso: "2026-06-30")!, rules: rules)
        OutputSizeCheck.check(model.playbooks, portfolio: portfolio, threshold: 10_000_000, &diagnostics)
        #expect(
            diagnostics.warnings.map(\.message) == [
                "this playbook (2.5 MB as HTML) matches 5 accounts and is copied into each one's brief: "
                    + "at least 12.5 MB of output; shorten it, link to a page instead, or narrow its when"
            ])
        #expect(diagnostics.warnings.first?.location.file == "playbooks/long.md")
        var quiet = Diagnostics()
        OutputSizeCheck.check(model.playbooks, portfolio: portfolio, threshold: 12_500_001, &quiet)
        #expect(quiet.warnings.isEmpty)
    }
}
