import Testing

@testable import RapportAnalyze
@testable import RapportCore

/// Grouping orders by account: the copying and the in-place strategies
/// must give the same groups, each newest first with same-day lines in file
/// order, without unknown accounts or orders after the as-of date.
@Suite struct OrderGroupingTests {
    func orders(seed: UInt64, shuffled: Bool, symbols: inout SymbolTable) -> [Order] {
        var random = SeededRandom(seed: seed)
        let start = Day(iso: "2026-01-01")!
        var result = (1...2_000).map { line in
            Order(
                account: Interned(symbols.intern("A\(random.int(0...40))")),
                date: start.adding(days: random.int(0...200)),
                amount: Money(cents: Int64(line)), recordNumber: line + 1)
        }
        if !shuffled { result.sort { ($0.date, $0.recordNumber) < ($1.date, $1.recordNumber) } }
        return result
    }

    @Test(arguments: [(1, false), (2, true)]) func bothStrategiesGroupAlike(seed: Int, shuffled: Bool) {
        var symbols = SymbolTable()
        let input = orders(seed: UInt64(seed), shuffled: shuffled, symbols: &symbols)
        // A0 … A39 are known (A40 is not); the as-of date cuts the last 20 days.
        let ids = (0..<40).map { "A\($0)" }.sorted()
        var owners = symbols.table(filledWith: Int32(-1))
        for (position, id) in ids.enumerated() { owners[symbols.lookup(id)!.position] = Int32(position) }
        let asOf = Day(iso: "2026-06-30")!
        let copied = PortfolioHistory.group(input, owners: owners, accounts: 40, asOf: asOf, inPlaceFrom: .max)
        let inPlace = PortfolioHistory.group(input, owners: owners, accounts: 40, asOf: asOf, inPlaceFrom: 0)
        #expect(copied.ranges == inPlace.ranges)
        #expect(copied.future == inPlace.future)
        #expect(copied.orders.map(\.recordNumber) == inPlace.orders.map(\.recordNumber))
        let expectedFuture = input.count { symbols[$0.account].text != "A40" && $0.date > asOf }
        #expect(copied.future == expectedFuture)
        for (position, id) in ids.enumerated() {
            let group = copied.orders[copied.ranges[position]]
            let expected = input.filter { symbols[$0.account].text == id && $0.date <= asOf }.sorted {
                $0.date != $1.date ? $0.date > $1.date : $0.recordNumber < $1.recordNumber
            }
            #expect(group.map(\.recordNumber) == expected.map(\.recordNumber), "account \(id)")
        }
    }
}
