import Foundation
import RapportAnalyze
import RapportCore
import RapportLoad
import RapportTestSupport
import Testing

@testable import RapportSample

@Suite struct SampleGeneratorTests {
    @Test func sameSeedSameBytes() {
        let options = SampleGenerator.Options(accounts: 30, seed: 9)
        let first = SampleGenerator(options).tables()
        let second = SampleGenerator(options).tables()
        #expect(first.map(\.csv) == second.map(\.csv))
        #expect(SampleGenerator(.init(accounts: 30, seed: 10)).tables().map(\.csv) != first.map(\.csv))
    }

    /// The committed demo data is exactly what the generator produces, so
    /// `rapport sample` and the demo can never drift apart.
    @Test func committedDemoDataMatchesTheGenerator() {
        for table in SampleGenerator(SampleGenerator.demo).tables() {
            let committed = Fixtures.read(Fixtures.packageRoot + "/content/data/\(table.name).csv")
            #expect(
                committed == table.csv, "content/data/\(table.name).csv differs; regenerate with script/generate-demo")
        }
    }

    /// Issue 15, point 5: prospects across segments, one in an industry no
    /// customer is in and one without a size, a first-meeting playbook, and
    /// segments of every strength.
    @Test func demoHasProspectsAndSegmentsOfEveryStrength() {
        let (model, _) = SiteLoader.load(directory: Fixtures.packageRoot + "/content")
        #expect(model.prospects.count == 12)
        let industries = Set(model.accounts.compactMap(\.industry))
        #expect(
            model.prospects.filter { !industries.contains($0.industry ?? "") }.map(\.name) == ["Northgate Minerals"])
        #expect(model.prospects.filter { $0.employees == nil }.count == 1)
        #expect(model.playbooks.contains { $0.audience == .prospects })
        var diagnostics = Diagnostics()
        let rules = PlaybookRules.compile(model.playbooks, diagnostics: &diagnostics)
        let portfolio = Analyzer.analyze(model, asOf: model.settings.asOf!, rules: rules)
        #expect(Set(portfolio.segments.map(\.pitch.own.strength)) == [.strong, .some, .thin])
        #expect(portfolio.prospects.contains { !$0.playbooks.isEmpty })
    }

    @Test func demoMeetsTheBrief() {
        let (model, diagnostics) = SiteLoader.load(directory: Fixtures.packageRoot + "/content")
        #expect(diagnostics.errors.isEmpty && diagnostics.warnings.isEmpty, "\(diagnostics.sorted)")
        #expect(model.accounts.count >= 60)
        #expect(Set(model.accounts.compactMap(\.industry)).count == 8)
        let bands = Set(model.accounts.compactMap(\.employees).map { $0 < 50 ? "small" : $0 < 1000 ? "mid" : "large" })
        #expect(bands == ["small", "mid", "large"])
        #expect(model.reps.count == 4 && Set(model.reps.compactMap(\.team)).count == 2)
        #expect(model.products.count >= 15 && Set(model.products.compactMap(\.family)).count == 6)
        #expect(model.products.contains { $0.kind == .maintenance } && model.products.contains { $0.kind == .service })
        #expect(model.orders.count >= 2_000)
        let days = model.orders.map(\.date)
        #expect(days.max()!.days(since: days.min()!) >= 730)
        #expect(model.interactions.contains { $0.competitor != nil })
        #expect(model.feedback.contains { !$0.themes.isEmpty && $0.quote != nil })
        #expect(!model.tickets.isEmpty && !model.referrals.isEmpty)
        #expect(model.playbooks.count >= 12)
        // Some accounts are visibly slipping: last 6 months under a third of the 6 before.
        let asOf = model.settings.asOf!
        var slipping = 0
        for account in model.accounts {
            let orders = model.orders.filter { model.symbols[$0.account] == account.id }
            let recent = orders.filter { asOf.days(since: $0.date) < 182 }.reduce(Money.zero) { $0 + $1.amount }
            let before = orders.filter { (182..<364).contains(asOf.days(since: $0.date)) }.reduce(Money.zero) {
                $0 + $1.amount
            }
            if before.cents > 0 && recent.cents * 3 < before.cents { slipping += 1 }
        }
        #expect(slipping >= 3)
    }

    @Test func seasonalityShowsInTheDemo() {
        // March and October are budget months (factor 1.3), August is quiet (0.6).
        let (model, _) = SiteLoader.load(directory: Fixtures.packageRoot + "/content")
        func lines(inMonth month: Int) -> Int { model.orders.count { $0.date.components.month == month } }
        #expect(lines(inMonth: 3) > lines(inMonth: 8))
        #expect(lines(inMonth: 10) > lines(inMonth: 8))
    }
}
