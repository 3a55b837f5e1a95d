import RapportTestSupport
import Testing

@testable import RapportAnalyze
@testable import RapportCore
@testable import RapportRender

/// Render words every figure and reason in one place (`Formatting`): the
/// analysis hands over values, never text with a currency in it.
@Suite struct FigureWordingTests {
    static let euro = Formatting(symbol: "€")

    @Test func aReasonKeepsItsFiguresAsValues() {
        let amount = Money(cents: 120_000)
        let reason: Reason = "spend \(percent: 0.25) lower: \(money: amount) on \(date: Day(iso: "2026-11-16")!)"
        #expect(
            reason.parts == [
                .text("spend "), .value(.percent(0.25)), .text(" lower: "), .value(.money(amount)), .text(" on "),
                .value(.date(Day(iso: "2026-11-16")!)),
            ])
        // Worded with the site's currency, wherever it is shown.
        #expect(Self.euro.words(reason) == "spend 25 % lower: €1,200 on 2026-11-16")
        #expect(Formatting(symbol: "$").words(reason) == "spend 25 % lower: $1,200 on 2026-11-16")
    }

    @Test func reasonsJoinAndQuoteWithoutLosingTheirValues() {
        let inner: Reason = "\(share: 0.1234) of the total"
        let outer: Reason = "Note: \(inner)." + " Then \(7) more"
        #expect(outer.parts == [.text("Note: "), .value(.share(0.1234)), .text(" of the total. Then 7 more")])
        // Joined or written whole, the same reason is equal.
        #expect(outer == "Note: \(share: 0.1234) of the total. Then 7 more")
        #expect(Self.euro.words(outer) == "Note: 12.3 % of the total. Then 7 more")
        #expect(Reason("").isEmpty && Reason().parts.isEmpty)
        #expect(Reason("\(money: .zero)").parts == [.value(.money(.zero))])
    }

    /// Each `shown` worded by hand: the brief and the placeholders read these.
    @Test func everyShownKindHasItsWords() {
        func word(_ name: String, _ value: MetricValue) -> String {
            Self.euro.figure(AccountMetrics.byName[name]!, value, accounts: 120) { "Rep " + $0.text }
        }
        #expect(word("value.revenue_12m", .money(Money(cents: 1_234_567))) == "€12,346")
        #expect(word("value.revenue_12m", .money(nil)) == "—")
        #expect(word("value.share_12m", .decimal(0.6404)) == "64.0 %")
        #expect(word("clv.p_alive", .decimal(0.6404)) == "64 %")
        #expect(word("value.rank", .integer(3)) == "3 of 120")
        #expect(word("value.typical_interval_days", .integer(30)) == "30 days")
        #expect(word("value.typical_interval_days", .integer(nil)) == "—")
        #expect(word("owner", .text("r1")) == "Rep r1")
        #expect(word("value.first_order", .date(Day(iso: "2026-01-31")!)) == "2026-01-31")
        #expect(word("value.first_order", .date(nil)) == "—")
        #expect(word("opportunity.overdue", .flag(true)) == "yes")
        #expect(word("opportunity.families_owned", .list(["Sensors", "Software"])) == "Sensors, Software")
        #expect(word("value.orders", .integer(12)) == "12")
        #expect(word("clv.expected_purchases", .decimal(2.5)) == "2.5")
        // A figure may say what "none" is; the default is a dash.
        #expect(word("opportunity.families_owned", .list([])) == "none known")
        #expect(word("opportunity.cadence_days", .integer(90)) == "90 days")
        #expect(word("opportunity.last_review_source", .text("review interaction")) == "last review meeting")
    }

    /// The brief's value section is the registry's listed figures, in their
    /// positions (the golden files hold the whole section); each position is
    /// used once, so a new figure says where it goes.
    @Test func theBriefListsTheRegistrysFigures() {
        let listed = AccountMetrics.listed(in: .value)
        #expect(listed.first?.name == "value.revenue_12m")
        #expect(listed.map(\.brief!.position) == listed.map(\.brief!.position).sorted())
        #expect(Set(listed.map(\.brief!.position)).count == listed.count)
        #expect(listed.allSatisfy { !$0.brief!.label.isEmpty })
        // A note names a figure that exists.
        let notes = AccountMetrics.all.compactMap { $0.brief?.note }
        #expect(notes == ["opportunity.last_review_source"])
        #expect(notes.allSatisfy { AccountMetrics.byName[$0] != nil })
        #expect(AccountMetrics.listed(in: .opportunity).map(\.name).first == "opportunity.families_owned")
        // Every figure has its line of meaning for the reference.
        #expect(AccountMetrics.all.allSatisfy { !$0.doc.isEmpty })
    }
}
