import Foundation
import RapportCore
import RapportLoad
import RapportMarkdown
import RapportTestSupport
import Testing

@testable import RapportAnalyze
@testable import RapportRender

/// The weekly brief, review agenda, P(alive) outlook and playbook
/// placeholders on `Fixtures/review-site` as of 2026-06-30, worked by hand
/// from its CSVs (the figures they rest on are derived in AnalyticsTests).
@Suite struct WeeklyBriefTests {
    let model: SiteModel
    let portfolio: Portfolio

    init() {
        let (model, _) = SiteLoader.load(directory: Fixtures.directory + "/review-site")
        var diagnostics = Diagnostics()
        let rules = PlaybookRules.compile(model.playbooks, diagnostics: &diagnostics)
        self.model = model
        portfolio = Analyzer.analyze(model, asOf: Day(iso: "2026-06-30")!, rules: rules)
    }

    func account(_ id: String) -> AccountAnalysis { portfolio.accounts.first { $0.account.id.text == id }! }

    @Test func teamBriefLists() {
        let team = WeeklyBrief.team(portfolio)
        // K4: one family (few), budget 5,000 against no 12-month revenue (headroom), no new
        // family → high → every 90 days from its first order 2024-05-01: due 2024-07-30.
        // K1: last_review 2026-01-15 + 90 = 2026-04-15. Both overdue; K3 (medium, 180 days
        // from 2026-06-25), K2, K5 are not due; K6 has no schedule. Oldest first.
        #expect(team.reviews.map(\.account.id) == ["K4", "K1"])
        #expect(team.overdueCount == 2 && team.dueCount == 0)
        // Only K1 is at high risk (61 points), with its 6,000 of 12-month revenue.
        #expect(team.atRisk.map(\.account.id) == ["K1"])
        #expect(team.revenueAtRisk == Money(cents: 600_000))
        // High opportunity with an offer: K1 (maintenance plan) and K4 (Software, Sensors);
        // K6 is high but has nothing to compare with. By value rank: K1 (2) before K4 (5).
        #expect(team.opportunities.map(\.account.id) == ["K1", "K4"])
        // Contacts dated before 2026-07-07: the overdue reviews of K1 and K4 today, K2's three
        // items today, K3's follow-up of its 2026-06-25 order on 2026-07-02; K1's anniversary
        // (2026-07-15) is outside the week.
        let contacts = team.contacts.map { "\($0.detail.date.iso) \($0.account.account.id) \($0.detail.kind)" }
        #expect(contacts.contains("2026-06-30 K1 review_due"))
        #expect(contacts.contains("2026-06-30 K4 review_due"))
        #expect(contacts.contains("2026-07-02 K3 post_purchase_followup"))
        #expect(contacts.filter { $0.contains(" K2 ") }.count == 3)
        #expect(!contacts.contains { $0.contains("anniversary") && $0.contains("K1") })
        #expect(contacts == contacts.sorted())
        #expect(team.revenue12m == Money(cents: 3_200_000))
    }

    @Test func briefsPerOwnerSplitTheTeam() {
        let reps = WeeklyBrief.byOwner(portfolio)
        #expect(reps.map(\.repID) == ["R1", "R2"])
        #expect(reps.map(\.brief.scope) == [.rep("R1"), .rep("R2")])
        let briefs = reps.map(\.brief)
        #expect(briefs[0].accounts.map(\.account.id) == ["K2", "K1"])  // by rank
        #expect(briefs[1].accounts.map(\.account.id) == ["K3", "K5", "K4", "K6"])
        #expect(briefs[0].reviews.map(\.account.id) == ["K1"])
        #expect(briefs[1].reviews.map(\.account.id) == ["K4"])
        // R1: K2 20,500 + K1 6,000.
        #expect(briefs[0].revenue12m == Money(cents: 2_650_000))
    }

    @Test func reviewAgendaOfK1() {
        let agenda = ReviewAgenda.compute(account("K1"), asOf: portfolio.asOf)
        #expect(
            agenda.map(\.topic) == [
                "How they see us and our company", "Needs we could meet", "Contact with competitors", "Next steps",
            ])
        // One open ticket (T1); NPS 5 on 2026-03-01; effort and spend-decline factors active.
        #expect(
            agenda[0].points.map(\.words) == [
                "Ask how working with us has gone since the last review and what they would change.",
                "Go through the 1 open ticket and agree next steps.",
                "Their last NPS answer was 5: ask what would make it a 10.",
                "Ask where dealing with us takes effort: \(account("K1").risk.factors.first { $0.name == "customer_effort" }!.reason.words).",
                "Understand the change in spending: spend down 50 %: $2,000 in the last 6 months, $4,000 in the 6 before.",
            ])
        #expect(
            agenda[1].points.map(\.words) == [
                "Explore Maintenance: 3 upkeep tickets in 12 months and no maintenance plan."
            ])
        // The call of 2026-05-05 named Orbis Industrial.
        #expect(agenda[2].points.count == 2)
        #expect(agenda[2].points[1].words.hasPrefix("Known contact: "))
        #expect(agenda[2].points[1].words.contains("Orbis Industrial"))
        // High opportunity: every 90 days from today.
        #expect(agenda[3].points[1].words == "Book the next review by 2026-09-28 (every 90 days at high opportunity).")
    }

    @Test func aliveOutlookOfTheFallbackEstimate() {
        // Six accounts (< 30): the fallback. K1: usual gap 91 days, last order 81 days ago:
        // P(alive) = min(1, 2 × 91 / days since). In 16 weeks: 182 / 193 = 0.943; in 26
        // weeks: 182 / 263 = 0.692.
        let outlook = account("K1").clv.outlook
        #expect(outlook.count == CLVMetrics.outlookWeeks.count)
        #expect(outlook.first == 1)
        #expect(outlook[CLVMetrics.outlookWeeks.firstIndex(of: 16)!] == 0.943)
        #expect(outlook.last == 0.692)
        #expect(zip(outlook, outlook.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(account("K6").clv.outlook.isEmpty)  // no purchases
    }

    @Test func placeholdersAreFoundWhereWrittenAndCheckedByName() {
        let found = Placeholders.find(
            in: "Call {{account.name}} today.\n\nAsk {{ acount.owner }}.", file: "p.md", firstLine: 5)
        #expect(found.map(\.name) == ["account.name", "acount.owner"])
        #expect(found.map { "\($0.location.line ?? 0):\($0.location.column ?? 0)" } == ["5:6", "7:5"])
        var document = Document(id: "p", title: "P", html: "", origin: RecordOrigin(file: "p.md", line: 1))
        document.placeholders = found
        var diagnostics = Diagnostics()
        PlaybookPlaceholders.check(document, diagnostics: &diagnostics)
        #expect(
            diagnostics.errors.map(\.message) == [
                "placeholder '{{acount.owner}}' is not an account value (did you mean 'account.owner'?)"
            ])
        #expect(diagnostics.errors.first?.location.line == 7)
    }

    /// Columns count characters, carried from one placeholder to the next
    /// (counted by hand: "Café " is 5, "{{a}} · " 8 more); an unclosed `{{`
    /// ends the line's search, as `}}` on the next line does not close it.
    @Test func placeholderColumnsOnOneLongLineAndUnclosedOpenings() {
        let found = Placeholders.find(
            in: "Café {{a}} · {{ b }}{{c}}\n{{ never closed }\n}} {{d}}\n😀{{e}} {{ f", file: "p.md", firstLine: 1)
        #expect(found.map(\.name) == ["a", "b", "c", "d", "e"])
        #expect(
            found.map { "\($0.location.line ?? 0):\($0.location.column ?? 0)" } == [
                "1:6", "1:14", "1:21", "3:4", "4:2",
            ])
    }

    @Test func placeholdersAreFilledPerAccountAndEscaped() {
        var document = Document(
            id: "p", title: "P",
            html: "<p>Call {{account.name}} ({{value.tier}}, {{value.revenue_12m}}) — owner {{account.owner}}; "
                + "P(alive) {{clv.p_alive}}; families {{opportunity.families_owned}}; {{feedback.nps}}</p>",
            origin: RecordOrigin(file: "p.md", line: 1))
        document.placeholders = [("account.name", SourceLocation(file: "p.md"))]
        var k1 = account("K1")
        k1.account.name = "Kappa <Foods> & Co"
        let html = PageBuilder(model: model, portfolio: portfolio).fill(
            PageBuilder.parts(of: document.html), for: k1)
        #expect(
            html
                == "<p>Call Kappa &lt;Foods&gt; &amp; Co (A, $6,000) — owner \(model.reps.first { $0.id == "R1" }!.name); "
                + "P(alive) 100 %; families Consumables, Sensors; 5</p>")
    }

    /// Issue 14, point 8: cmark percent-encodes the braces of a placeholder
    /// in a link target, and it was never filled. Ids go in encoded: "K1/x y"
    /// must stay one path segment.
    @Test func placeholdersInLinkTargetsAreFilledAndEncoded() {
        let html = Markdown.html(
            "[Open](https://crm.example.com/accounts/{{account.id}}?n={{account.name}}) for {{account.name}}; "
                + "[kept](https://x.example/%7B%7Bnot-a-name!%7D%7D) [unknown](https://x.example/{{nope.nope}})")
        var k1 = account("K1")
        k1.account.id = "K1/x y"
        k1.account.name = "Kappa & \"Co\""
        let filled = PageBuilder(model: model, portfolio: portfolio).fill(PageBuilder.parts(of: html), for: k1)
        #expect(
            filled.contains("href=\"https://crm.example.com/accounts/K1%2Fx%20y?n=Kappa%20%26%20%22Co%22\""),
            "\(filled)")
        #expect(filled.contains("for Kappa &amp; &quot;Co&quot;"), "\(filled)")
        #expect(filled.contains("href=\"https://x.example/%7B%7Bnot-a-name!%7D%7D\""), "\(filled)")
        #expect(filled.contains("href=\"https://x.example/%7B%7Bnope.nope%7D%7D\""), "\(filled)")
    }

    /// Issue 14, point 7: placeholder filling was quadratic in the playbook's
    /// size. Linear now: 200,000 placeholders cut into 400,001 parts.
    @Test func cuttingALargePlaybookIsOnePass() {
        let html = String(repeating: "<p>{{account.name}}</p>\n", count: 200_000) + "{{ unclosed"
        let parts = PageBuilder.parts(of: html)
        #expect(parts.count == 400_001)
        if case .html(let last) = parts.last { #expect(last == "</p>\n{{ unclosed") } else { Issue.record("no tail") }
    }

    @Test func chartsPlaceMarksByTheirValues() {
        // Bars: 110 px of labels, 322 px of track (480 − 110 − 48): half is 161.0 px.
        let bars = BarChart.svg([BarChart.Bar(label: "Service", fraction: 0.5)], label: "x")
        #expect(bars.contains("width=\"161.0\" height=\"14\"/>"))
        #expect(bars.contains("role=\"img\" aria-label=\"x\""))
        // Scatter: risk 61 → 64 + 644 × 0.61 = 456.8; the high-risk line at 55 → 418.2.
        let scatter = ValueRiskChart.svg(
            portfolio.accounts, highRiskFrom: 55, format: Formatting(symbol: "$"), label: "Value and risk")
        #expect(scatter.contains("cx=\"456.8\""))
        #expect(scatter.contains("x1=\"418.2\""))
        #expect(scatter.components(separatedBy: "<circle").count - 1 == portfolio.accounts.count)
    }

    @Test func keyFiguresStayShortAndCountsAreGrouped() {
        let format = Formatting(symbol: "$")
        // Up to $10M exact; above, compact with the exact amount for the card's note.
        #expect(format.keyFigure(Money(cents: 999_999_999)).value == "$10,000,000")
        #expect(format.keyFigure(Money(cents: 999_999_999)).exact == nil)
        let large = format.keyFigure(Money(cents: 409_911_682_600))
        #expect(large.value == "$4.1B" && large.exact == "$4,099,116,826")
        #expect(format.keyFigure(Money(cents: 26_406_287_800)).value == "$264.1M")
        #expect(Formatting.count(10_000) == "10,000" && Formatting.count(999) == "999")
    }

    @Test func feedIdsAreStableUUIDs() {
        let first = PageBuilder.uuid("Site|reps/r1/index.html|2026-06-30")
        #expect(first == PageBuilder.uuid("Site|reps/r1/index.html|2026-06-30"))
        #expect(first != PageBuilder.uuid("Site|reps/r1/index.html|2026-07-07"))
        let pattern = /urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/
        #expect(first.wholeMatch(of: pattern) != nil)
    }
}
