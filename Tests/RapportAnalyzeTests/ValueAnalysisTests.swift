import RapportAnalyze
import RapportCore
import RapportLoad
import RapportTestSupport
import Testing

/// The fixture site `Fixtures/basic-site`, worked by hand. As of 2026-06-30
/// the 12-month window is 2025-07-01 … 2026-06-30.
///
/// | account | orders in the file                                   | 12 months | lifetime |
/// |---------|------------------------------------------------------|-----------|----------|
/// | A1      | 2025-06-30 1000 (day before window), 2025-07-01 6000 (first day), 2026-03-15 2000 | 8000 | 9000 |
/// | A2      | 2026-01-10 1500.50 + 499.50, both order SO-2         | 2000      | 2000     |
/// | A3      | 2025-12-01 500; 2026-07-01 9999 is after as-of: ignored | 500    | 500      |
/// | A4      | none                                                 | 0         | 0        |
/// | A5      | 2026-02-01 2000                                      | 2000      | 2000     |
/// ZZ9's order names no known account and is left out.
///
/// Total 12 months = 8000 + 2000 + 500 + 0 + 2000 = 12,500.
/// Ranked (ties by id): A1 8000 (64 %), A2 2000 (16 %), A5 2000 (16 %), A3 500 (4 %), A4 0.
/// Share held by the accounts above each: A1 0, A2 .64, A5 .80, A3 .96, A4 1.0.
/// Tiers (A while the share above is < 80 %, B while < 95 %): A1 A, A2 A, A5 B, A3 C, A4 C.
@Suite struct ValueAnalysisTests {
    let portfolio: Portfolio

    init() {
        let (model, diagnostics) = SiteLoader.load(directory: Fixtures.directory + "/basic-site")
        #expect(!diagnostics.hasErrors)
        portfolio = Analyzer.analyze(model, asOf: Day(iso: "2026-06-30")!)
    }

    func value(_ id: String) -> ValueMetrics {
        portfolio.accounts.first { $0.account.id.text == id }!.value
    }

    @Test func revenueWindows() {
        #expect(value("A1").revenue12m == Money(cents: 800_000))
        #expect(value("A1").revenueLifetime == Money(cents: 900_000))
        #expect(value("A2").revenue12m == Money(cents: 200_000))
        #expect(value("A3").revenue12m == Money(cents: 50_000))
        #expect(value("A3").revenueLifetime == Money(cents: 50_000))
        #expect(value("A4").revenue12m == .zero)
        #expect(portfolio.revenue12m == Money(cents: 1_250_000))
        #expect(portfolio.futureRecordsIgnored == 1)
    }

    @Test func sharesRanksAndTiers() {
        #expect(value("A1").share12m == 0.64)
        #expect(value("A2").share12m == 0.16)
        #expect(["A1", "A2", "A5", "A3", "A4"].map { value($0).rank } == [1, 2, 3, 4, 5])
        #expect(["A1", "A2", "A5", "A3", "A4"].map { value($0).tier } == [.a, .a, .b, .c, .c])
        let shares = portfolio.accounts.map(\.value.share12m).reduce(0, +)
        #expect(abs(shares - 1) < 1e-12)
    }

    @Test func orderCountsAndIntervals() {
        // A1: three lines without order numbers = three orders; 9000 / 3.
        #expect(value("A1").orders == 3)
        #expect(value("A1").averageOrder == Money(cents: 300_000))
        // A2: two lines of order SO-2 = one order.
        #expect(value("A2").orders == 1)
        #expect(value("A2").averageOrder == Money(cents: 200_000))
        // A1 order days 2025-06-30, 2025-07-01, 2026-03-15: gaps 1 and 257
        // (30+31+30+31+30+31+31+28+15); median (1 + 257) / 2 = 129.
        #expect(value("A1").typicalIntervalDays == 129)
        #expect(value("A1").firstOrder?.iso == "2025-06-30")
        #expect(value("A3").lastOrder?.iso == "2025-12-01")
        #expect(value("A2").typicalIntervalDays == nil)
    }

    @Test func boundaryAccountTierRule() {
        // The share above the account decides: exactly 80 % above → B.
        #expect(ValueAnalysis.tier(cumulativeShareBefore: 0.7999, revenue: Money(cents: 1)) == .a)
        #expect(ValueAnalysis.tier(cumulativeShareBefore: 0.80, revenue: Money(cents: 1)) == .b)
        #expect(ValueAnalysis.tier(cumulativeShareBefore: 0.95, revenue: Money(cents: 1)) == .c)
        #expect(ValueAnalysis.tier(cumulativeShareBefore: 0, revenue: .zero) == .c)
    }

    @Test func monthlySeriesCoversTwentyFourMonths() {
        let a1 = portfolio.accounts.first { $0.account.id == "A1" }!
        #expect(a1.monthlyRevenue.count == 24)
        #expect(a1.monthlyRevenue.first?.month == "2024-07")
        #expect(a1.monthlyRevenue.last?.month == "2026-06")
        #expect(a1.monthlyRevenue.first { $0.month == "2025-06" }?.revenue == Money(cents: 100_000))
        #expect(a1.monthlyRevenue.first { $0.month == "2026-03" }?.revenue == Money(cents: 200_000))
    }

    @Test func recordsAfterAsOfAreIgnoredEverywhere() {
        // As of 2025-12-31 the window is 2025-01-01 … 2025-12-31.
        let (model, _) = SiteLoader.load(directory: Fixtures.directory + "/basic-site")
        let earlier = Analyzer.analyze(model, asOf: Day(iso: "2025-12-31")!)
        let a1 = earlier.accounts.first { $0.account.id == "A1" }!.value
        #expect(a1.revenue12m == Money(cents: 700_000))
        #expect(a1.revenueLifetime == Money(cents: 700_000))
        #expect(a1.lastOrder?.iso == "2025-07-01")
        // Future lines: A1 2026-03-15, A2 ×2, A3 2026-07-01, A5 2026-02-01.
        #expect(earlier.futureRecordsIgnored == 5)
    }
}
