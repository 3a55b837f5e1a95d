import Foundation
import RapportCore
import RapportTestSupport
import Testing

@testable import Rapport

/// The brief's open deals (the numbers are worked in PipelineAnalysisTests).
@Suite struct OpenDealsSectionTests {
    @Test func theBriefListsOpenDealsByCloseDate() throws {
        let site = Fixtures.copy("basic-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        Fixtures.write(
            "opportunity_id,account_id,stage,amount,close_date,probability,next_step\n"
                + "D1,A1,Prospecting,10000,2026-07-15,,Send the quote\n"
                + "D2,A1,Negotiation,5000,2026-06-01,60,Chase <the> signature\nD3,A2,Closed Won,3000,,,\n"
                + "D4,A3,Closed Lost,2000,,,\nD5,A3,closedwon,1000,,,\n",
            to: site + "/data/opportunities.csv")
        let result = Pipeline.build(
            Fixtures.options(site: site, output: site + "/../out"), today: Fixtures.fixtureToday)
        #expect(!result.diagnostics.hasErrors)
        let a1 = Fixtures.read(site + "/../out/accounts/a1.html")
        #expect(
            a1.contains(
                "<tr><td>D2</td><td>Negotiation</td><td class=\"num\">$5,000</td><td class=\"num\">60 %</td>"
                    + "<td>2026-06-01 <small class=\"band-high\">past its close date</small></td>"
                    + "<td>Chase &lt;the&gt; signature</td></tr>"
                    + "<tr><td>D1</td><td>Prospecting</td><td class=\"num\">$10,000</td><td class=\"num\">67 %</td>"
                    + "<td>2026-07-15</td><td>Send the quote</td></tr>"))
        #expect(
            a1.contains(
                "2 open deals worth $15,000; weighed by each deal&#39;s chance of being won, $9,667; "
                    + "1 past the close date."))
        // The owner's weekly brief (A1 is R1's) and its e-mail: past the close date first.
        for page in ["reps/r1/index.html", "index.html"] {
            let html = Fixtures.read(site + "/../out/" + page)
            let past = try #require(
                html.range(
                    of: "<strong>D2</strong> Negotiation, $5,000 <small class=\"band-high\">past its close date</small>"
                ))
            let soon = try #require(html.range(of: "<strong>D1</strong> Prospecting, $10,000</li>"))
            #expect(past.lowerBound < soon.lowerBound, "\(page)")
        }
        #expect(
            Fixtures.read(site + "/../out/reps/r1/email.html").contains("D2 Negotiation, $5,000 (past its close date)"))
        #expect(!Fixtures.read(site + "/../out/reps/r2/index.html").contains("Deals to close"))
        // A2's only deal is won: no section.
        #expect(!Fixtures.read(site + "/../out/accounts/a2.html").contains("Open deals"))
        let csv = Fixtures.read(site + "/../out/exports/accounts.csv")
        #expect(
            csv.split(separator: "\n")[0].hasSuffix(",pipeline.open_amount,pipeline.weighted_amount,pipeline.deals"))
        #expect(csv.contains(",15000,9666.67,2\n"))
    }
}
