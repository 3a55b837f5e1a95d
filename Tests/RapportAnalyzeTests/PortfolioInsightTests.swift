import Foundation
import RapportCore
import RapportLoad
import RapportTestSupport
import Testing

@testable import RapportAnalyze

/// Segments, problems and weekly changes on `Fixtures/review-site`, worked
/// by hand (see AnalyticsTests for the fixture's figures).
@Suite struct PortfolioInsightTests {
    let portfolio: Portfolio

    init() {
        let (model, _) = SiteLoader.load(directory: Fixtures.directory + "/review-site")
        portfolio = Analyzer.weekly(model, asOf: Day(iso: "2026-06-30")!)
    }

    func segment(_ key: String) -> SegmentSummary { portfolio.segments.first { $0.key == key }! }

    @Test func segmentsAreIndustryTimesSizeBand() {
        // K1 200 employees (mid), K2 30 (small), K3 1500 and K6 1200 (large), K4 60 (mid), K5 300 (mid).
        #expect(
            portfolio.segments.map(\.key) == [
                "Energy · mid", "Food & Beverage · mid", "Healthcare · large", "Logistics · small", "Retail · mid",
            ])
        let food = segment("Food & Beverage · mid")
        // K1's one answer: NPS 5 with themes reliability and fast support; each named by 1 of 1.
        #expect(food.pitch.own.themes.map(\.name) == ["fast support", "reliability"])
        #expect(food.pitch.own.themes.map(\.share) == [1, 1])
        #expect(food.pitch.own.nps == -100 && food.pitch.own.npsAnswers == 1)  // one detractor of one answer
        #expect(food.pitch.own.quotes.isEmpty)
        // One answer is thin (fewer than 4): the pitch is not the segment's own.
        #expect(food.pitch.own.strength == .thin && food.pitch.basis.level != .segment)
        // Bought in 2024-07-01…2025-06-30 (2025-01-10) and again in the last 12 months.
        #expect(food.proof.retention == 1)
        let health = segment("Healthcare · large")
        // K3 (NPS 10: expertise) and K6 (NPS 9: expertise, training): expertise 2 of 2, training 1 of 2.
        #expect(health.pitch.own.themes.map(\.name) == ["expertise", "training"])
        #expect(health.pitch.own.themes.map(\.answers) == [2, 1])
        #expect(health.pitch.own.nps == 100)
        #expect(health.pitch.own.quotes.map(\.text) == ["Great start.", "Helpful team."])  // newest first
        #expect(health.proof.retention == nil)  // no orders in the year before
    }

    @Test func problemCategories() {
        // Last 90 days: 2026-04-02…2026-06-30. Repair: T1 (2026-06-01); T3 (2025-09-01) is in the
        // 360 days before → 0.25 per 90 days: steady. Maintenance: T2 only, 2026-02-01: steady.
        #expect(portfolio.problems.map(\.category) == ["repair", "maintenance"])
        let repair = portfolio.problems[0]
        #expect(repair.recent == 1 && repair.baseline == 0.25 && repair.status.rawValue == "steady")
        #expect(repair.medianDaysToResolve == 4)  // T3: 2025-09-01 → 09-05
        #expect(repair.meanEffort == 2)
        #expect(portfolio.problems[1].medianDaysToResolve == 10)  // T2: 02-01 → 02-11
    }

    @Test func newAndSpikingCategories() {
        var model = SiteModel()
        model.accounts = [Account(id: "A", name: "A", recordNumber: 1)]
        let asOf = Day(iso: "2026-06-30")!
        func ticket(_ id: String, _ category: String, daysAgo: Int) -> Ticket {
            var ticket = Ticket(
                id: TicketID(id), account: Interned(model.symbols.intern("A")), opened: asOf.adding(days: -daysAgo),
                recordNumber: 1)
            ticket.category = category
            return ticket
        }
        // billing: 4 in 90 days against 2 in the 360 before (0.5 per 90 days) → spiking.
        // delivery: 1 in 90 days, never before → new.
        model.tickets = [
            ticket("1", "billing", daysAgo: 5), ticket("2", "billing", daysAgo: 20),
            ticket("3", "billing", daysAgo: 40),
            ticket("4", "billing", daysAgo: 80), ticket("5", "billing", daysAgo: 200),
            ticket("6", "billing", daysAgo: 300),
            ticket("7", "delivery", daysAgo: 3),
        ]
        let problems = Analyzer.analyze(model, asOf: asOf).problems
        #expect(problems.map(\.status.rawValue) == ["spiking", "new"])
        #expect(problems[0].reason == "4 in 90 days against 0.5 per 90 days before")
    }

    @Test func changesSinceLastWeek() {
        // As of 2026-06-23 (total 29,000: K2 20,500, K1 6,000, K5 2,500), K3 had no revenue (its
        // order is 2026-06-25): tier C. Now B, with one new order of 3,000. K1 was already high
        // risk (61) and overdue; K5 stays B (share above .914 then, .922 now); nothing else moved.
        #expect(
            portfolio.changes == [
                WeeklyChange(
                    accountID: "K3", enteredHighRisk: false, tierBefore: .c, tierNow: .b, becameOverdue: false,
                    newOrders: 1, newRevenue: Money(cents: 300_000))
            ])
        // K3 is R2's: only R2's brief lists the change, and the team's.
        let reps = WeeklyBrief.byOwner(portfolio)
        #expect(reps.map(\.repID) == ["R1", "R2"])
        #expect(reps.map { $0.brief.changes.map(\.detail.accountID) } == [[], ["K3"]])
        #expect(WeeklyBrief.team(portfolio).changes.map(\.account.account.id) == ["K3"])
    }
}
