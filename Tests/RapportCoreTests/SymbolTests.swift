import Foundation
import RapportLoad
import Testing

@testable import Rapport
@testable import RapportAnalyze
@testable import RapportCore

/// The interned text the record tables hold instead of strings.
@Suite struct SymbolTests {
    @Test func equalTextIsOneSymbolThroughGrowth() {
        var table = SymbolTable()
        // Enough to grow the slot array several times (64 → 16,384 slots).
        let ids = (0..<5_000).map { "SO-\(100_000 + $0)" }
        let first = ids.map { table.intern($0) }
        #expect(table.count == 5_000)
        #expect(Set(first.map(\.index)).count == 5_000)
        // Interning again finds the same symbols and adds nothing.
        #expect(ids.map { table.intern($0) } == first)
        #expect(table.count == 5_000)
        #expect(ids.indices.allSatisfy { table[first[$0]] == ids[$0] })
        #expect(table.lookup("SO-104999") == first[4_999])
        #expect(table.lookup("SO-105000") == nil)
        #expect(table.count == 5_000)
    }

    @Test func hintIsUsedOnlyWhenTheTextMatches() {
        var table = SymbolTable()
        let a = table.intern("ACC-1")
        let b = table.intern("ACC-2")
        var text = "ACC-2"
        let found = text.withUTF8 { table.intern($0, hint: a) }
        #expect(found == b)
        text = "ACC-1"
        #expect(text.withUTF8 { table.intern($0, hint: a) } == a)
        #expect(table.count == 2)
    }

    @Test func textStoreSharesRunsAndComparesByText() {
        var store = TextStore()
        // Lines of order SO-1 next to each other share a ref; SO-1 again after
        // SO-2 gets a new ref with the same text.
        var refs: [TextRef] = []
        var previous: TextRef?
        for id in ["SO-1", "SO-1", "SO-2", "SO-1", "SO-10"] {
            var text = id
            previous = text.withUTF8 { store.append($0, previous: previous) }
            refs.append(previous!)
        }
        #expect(refs[0] == refs[1])
        #expect(refs[3] != refs[0])
        #expect(store.equal(refs[3], refs[0]))
        #expect(store[refs[4]] == "SO-10")
        #expect(store.compare(refs[0], refs[4]) < 0)  // "SO-1" is a prefix of "SO-10"
        #expect(store.compare(refs[4], refs[2]) < 0)  // "SO-10" < "SO-2" byte by byte
        #expect(store.distinctCount(refs) == 3)
        #expect(store.distinctCount([]) == 0)
    }

    @Test func ordersCountOncePerIdWhereverTheirLinesAre() {
        // Five lines: SO-1 twice apart, SO-2, and two lines without an id
        // (each its own order) → 4 orders.
        var store = TextStore()
        let one = store.append("SO-1"), two = store.append("SO-2"), oneAgain = store.append("SO-1")
        let day = Day(iso: "2026-01-01")!
        let account = Interned<AccountID>(Symbol(index: 0))
        let orders = [one, two, oneAgain, nil, nil].enumerated().map { line, id in
            Order(account: account, date: day, amount: Money(cents: 100), recordNumber: line + 2, orderID: id)
        }
        #expect(ValueAnalysis.countOrders(orders, texts: store) == 4)
    }

    @Test func recordsAreCompact() {
        // What ten million order lines cost: 40 bytes each, not 96.
        #expect(MemoryLayout<Order>.stride == 40)
        #expect(MemoryLayout<Interaction>.stride == 28)
    }
}
