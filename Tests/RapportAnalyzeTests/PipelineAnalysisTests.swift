import Foundation
import RapportAnalyze
import RapportCore
import RapportLoad
import RapportTestSupport
import Testing

/// The basic site with six deals, as of 2026-06-30:
///
/// | deal | account | stage | amount | close | probability |
/// |---|---|---|---|---|---|
/// | D1 | A1 | Prospecting | 10,000 | 2026-07-15 (in 30 days) | — |
/// | D2 | A1 | Negotiation | 5,000 | 2026-06-01 (passed) | 60 |
/// | D3 | A2 | Closed Won | 3,000 | | |
/// | D4 | A3 | Closed Lost | 2,000 | | |
/// | D5 | A3 | closedwon | 1,000 | | |
/// | D6 | ZZ9 (unknown) | Prospecting | 100 | | |
///
/// Win rate: 2 won of 3 closed = 2/3. A1's weighted amount: 10,000 × 2/3 +
/// 5,000 × 0.6 = 9,666.67.
@Suite struct PipelineAnalysisTests {
    static let deals =
        "opportunity_id,account_id,stage,amount,close_date,probability,next_step\n"
        + "D1,A1,Prospecting,10000,2026-07-15,,Send the quote\nD2,A1,Negotiation,5000,2026-06-01,60,Chase the signature\n"
        + "D3,A2,Closed Won,3000,,,\nD4,A3,Closed Lost,2000,,,\nD5,A3,closedwon,1000,,,\nD6,ZZ9,Prospecting,100,,,\n"

    @Test func theOpenPipelineByHand() throws {
        let site = Fixtures.copy("basic-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        Fixtures.write(Self.deals, to: site + "/data/opportunities.csv")
        let (model, diagnostics) = SiteLoader.load(directory: site)
        #expect(diagnostics.errors.isEmpty)
        #expect(diagnostics.warnings.contains { $0.message == "opportunity for unknown account 'ZZ9'" })
        #expect(abs(PipelineAnalysis.winRate(model.opportunities)! - 2.0 / 3) < 1e-12)
        let portfolio = Analyzer.analyze(model, asOf: Day(iso: "2026-06-30")!)
        func account(_ id: String) -> AccountAnalysis { portfolio.accounts.first { $0.account.id.text == id }! }
        let a1 = account("A1").pipeline
        #expect(a1.deals.map(\.id.text) == ["D2", "D1"])
        #expect(a1.openAmount == Money(cents: 1_500_000))
        #expect(a1.weightedAmount == Money(cents: 966_667))
        #expect(a1.pastClose == 1 && a1.closingSoon == 1)
        #expect(a1.deals[0].pastClose && !a1.deals[0].closingSoon && a1.deals[0].chance == 0.6)
        #expect(a1.deals[1].closingSoon && a1.deals[1].nextStep == "Send the quote")
        #expect(account("A2").pipeline.deals.isEmpty && account("A2").pipeline.openAmount == .zero)
        // `when` reads them from the registry.
        #expect(account("A1").lookup("pipeline.deals") == .number(2))
        #expect(account("A1").lookup("pipeline.weighted_amount") == .number(9_666.67))
        #expect(account("A1").lookup("pipeline.past_close") == .number(1))
    }

    @Test func stagesReadAsOpenWonOrLost() {
        #expect(DealStage("Closed Won") == .won && DealStage("closedwon") == .won && DealStage("Won") == .won)
        #expect(DealStage("Closed Lost") == .lost && DealStage("closed") == .lost && DealStage("LOST") == .lost)
        #expect(DealStage("Prospecting") == .open && DealStage("Engaging") == .open && DealStage(nil) == .open)
    }

    /// Without closed deals there is no win rate to weigh a deal without a
    /// probability by: the weighted amount is unknown, not a guess.
    @Test func noWinRateNoWeightedAmount() {
        var deal = Opportunity(id: "X", account: "A", recordNumber: 2)
        deal.amount = Money(cents: 100_000)
        let metrics = PipelineAnalysis.compute([deal], asOf: Day(iso: "2026-06-30")!, winRate: nil)
        #expect(metrics.openAmount == Money(cents: 100_000) && metrics.weightedAmount == nil)
        #expect(PipelineAnalysis.winRate([deal]) == nil)
    }
}
