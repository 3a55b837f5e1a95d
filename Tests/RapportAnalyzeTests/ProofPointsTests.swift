import Foundation
import Testing

@testable import RapportAnalyze
@testable import RapportCore

/// Issue 15, point 2, worked by hand as of 2026-06-30 (last 12 months:
/// after 2025-06-30; the 12 before: after 2024-06-30):
///
/// - A, customer since 2020-06-30: order O1 on 2025-01-15 (Consumables $100
///   and Sensors $50, the lines apart in the file), Sensors $300 on
///   2026-02-01 without an id, O2 Maintenance $200 on 2026-03-01; tickets
///   2026-01-10→01-14 (4 days, effort 2) and 2026-03-01→03-11 (10 days, effort 5).
/// - B, customer since 2024-06-30: O3 Consumables $400 on 2026-05-01; a ticket
///   2025-03-01→03-02 (before the last 12 months); B referred A.
@Suite struct ProofPointsTests {
    @Test func figuresWorkedByHand() {
        var model = SiteModel()
        for (sku, family) in [("S1", "Sensors"), ("C1", "Consumables"), ("M1", "Maintenance")] {
            var product = Product(sku: SKU(sku), name: sku, recordNumber: 2)
            product.family = family
            model.products.append(product)
        }
        for (id, since) in [("A", "2020-06-30"), ("B", "2024-06-30")] {
            var account = Account(id: AccountID(id), name: id, recordNumber: 2)
            account.customerSince = Day(iso: since)
            model.accounts.append(account)
        }
        let orders: [(String, String, Int64, String?, String)] = [
            ("A", "2025-01-15", 10_000, "O1", "C1"), ("A", "2026-02-01", 30_000, nil, "S1"),
            ("A", "2025-01-15", 5_000, "O1", "S1"), ("A", "2026-03-01", 20_000, "O2", "M1"),
            ("B", "2026-05-01", 40_000, "O3", "C1"),
        ]
        for (line, (account, date, cents, id, sku)) in orders.enumerated() {
            model.orders.append(
                Order(
                    account: Interned(model.symbols.intern(account)), date: Day(iso: date)!,
                    amount: Money(cents: cents),
                    recordNumber: line + 2, orderID: id.map { model.texts.append($0) },
                    sku: Interned(model.symbols.intern(sku))))
        }
        for (line, (id, account, opened, resolved, effort)) in [
            ("T1", "A", "2026-01-10", "2026-01-14", 2), ("T2", "A", "2026-03-01", "2026-03-11", 5),
            ("T3", "B", "2025-03-01", "2025-03-02", 1),
        ].enumerated() {
            var ticket = Ticket(
                id: TicketID(id), account: Interned(model.symbols.intern(account)), opened: Day(iso: opened)!,
                recordNumber: line + 2)
            ticket.resolved = Day(iso: resolved)
            ticket.effort = effort
            model.tickets.append(ticket)
        }
        model.referrals = [Referral(referrerID: "B", referredID: "A", recordNumber: 2)]
        let proof = Analyzer.analyze(model, asOf: Day(iso: "2026-06-30")!).portfolioProof!
        // A bought in both years; B only in the last: 1 of 1.
        #expect(proof.retention == 1)
        // Last 12 months 300 + 200 + 400 = 900 against 150 the year before: +500 %.
        #expect(proof.growth12m == 5)
        // 2,191 and 730 days: median 1,460.5 days = 3.9986 years.
        #expect(abs(proof.medianTenureYears! - 1_460.5 / 365.25) < 1e-12)
        // A: Consumables and Sensors both on 2025-01-15 (by name), then Maintenance; B: Consumables.
        #expect(proof.firstFamily == "Consumables" && proof.nextFamily == "Sensors")
        #expect(proof.medianDaysToResolve == 7 && proof.meanEffort == 3.5)
        #expect(proof.referrerShare == 0.5)
        // Orders 150 (O1's two lines), 300, 200, 400: median (200 + 300) ÷ 2.
        #expect(proof.typicalOrder == Money(cents: 25_000))
    }
}
