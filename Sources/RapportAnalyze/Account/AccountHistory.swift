import RapportCore

/// One account's records up to the as-of date, gathered once so every
/// metric reads from the same slice. Records after the as-of date and rows
/// for unknown accounts are not here.
public struct AccountHistory: Sendable {
    public var account: Account
    /// Newest first (ties by file line).
    /// Newest first: a slice of the one array that holds every account's
    /// orders, so grouping them does not copy them.
    public var orders: OrderList = []
    /// In file order. Tickets, interactions and feedback are slices of their
    /// tables like the orders.
    public var tickets: ArraySlice<Ticket> = []
    public var interactions: ArraySlice<Interaction> = []
    public var feedback: ArraySlice<Feedback> = []
    /// Referrals this account made.
    public var referralsMade: [Referral] = []
}

/// The model cut at the as-of date and grouped by account.
public struct PortfolioHistory: Sendable {
    public var asOf: Day
    /// Sorted by account id.
    public var accounts: [AccountHistory]
    public var index: [AccountID: Int]
    /// The text of the records' symbols.
    public var symbols: SymbolTable
    /// The text of order ids and notes.
    public var texts: TextStore
    /// The products, looked up by an order's SKU symbol.
    public var catalogue: ProductCatalogue
    /// Families in the catalogue, sorted.
    public var families: [String] { catalogue.families }
    public var futureRecordsIgnored: Int

    public init(_ model: SiteModel, asOf: Day) {
        self.init(records: model, asOf: asOf)
    }

    /// Groups the records by account. The model's tables are taken over and
    /// reordered in place (account by account), and each account's records
    /// are slices of them: pass the model with `consume` once nothing else
    /// holds its tables (`SiteModel.releasingRecords()`), and no record is
    /// ever held twice.
    public init(records: consuming SiteModel, asOf: Day) {
        var model = records
        let orders = model.orders, tickets = model.tickets
        let interactions = model.interactions, feedback = model.feedback
        model.orders = []
        model.tickets = []
        model.interactions = []
        model.feedback = []
        self.asOf = asOf
        let sorted = model.accounts.sorted { $0.id < $1.id }
        var index: [AccountID: Int] = [:]
        for (position, account) in sorted.enumerated() where index[account.id] == nil { index[account.id] = position }
        self.index = index
        symbols = model.symbols
        texts = model.texts
        // Which account each symbol names (its position in `sorted`), or -1.
        var owners = model.symbols.table(filledWith: Int32(-1))
        for (id, position) in index {
            if let id = model.symbols.lookup(id) { owners[id.position] = Int32(position) }
        }
        let (groupedOrders, orderRanges, futureOrders) = Self.group(
            orders, owners: owners, accounts: sorted.count, asOf: asOf)
        let accountCount = sorted.count
        let groupedTickets = Self.groupRecords(
            consume tickets, owners: owners, accounts: accountCount, asOf: asOf, inPlaceFrom: Self.inPlaceFrom,
            newestFirst: false, account: \.account, key: { ($0.opened, $0.recordNumber) })
        let groupedInteractions = Self.groupRecords(
            consume interactions, owners: owners, accounts: accountCount, asOf: asOf, inPlaceFrom: Self.inPlaceFrom,
            newestFirst: true, account: \.account, key: { ($0.date, $0.recordNumber) })
        let groupedFeedback = Self.groupRecords(
            consume feedback, owners: owners, accounts: accountCount, asOf: asOf, inPlaceFrom: Self.inPlaceFrom,
            newestFirst: true, account: \.account, key: { ($0.date, $0.recordNumber) })
        let futureTickets = groupedTickets.future, futureInteractions = groupedInteractions.future
        let futureFeedback = groupedFeedback.future
        var referralLists = [[Int32]](repeating: [], count: sorted.count)
        var futureReferrals = 0
        for (position, referral) in model.referrals.enumerated() {
            guard let owner = index[referral.referrerID], index[referral.referredID] != nil else { continue }
            if let date = referral.date, date > asOf {
                futureReferrals += 1
            } else {
                referralLists[owner].append(Int32(position))
            }
        }
        // Each history made once, with its records as slices of the grouped
        // tables: no record array is copied, and no second array of
        // histories is made (one was 20 MB of peak memory at 100,000 accounts).
        let referrals = model.referrals, positions = index, lists = referralLists
        accounts = Array(sorted.indices).parallelMap { place in
            var item = AccountHistory(account: sorted[place])
            let position = positions[item.account.id]!
            item.orders = groupedOrders[orderRanges[position]]
            item.tickets = groupedTickets.records[groupedTickets.ranges[position]]
            item.interactions = groupedInteractions.records[groupedInteractions.ranges[position]]
            item.feedback = groupedFeedback.records[groupedFeedback.ranges[position]]
            item.referralsMade = lists[position].map { referrals[Int($0)] }
            return item
        }
        let future = futureOrders + futureTickets + futureInteractions + futureFeedback + futureReferrals
        catalogue = ProductCatalogue(model.products, symbols: model.symbols)
        futureRecordsIgnored = future
    }

    /// Orders grouped by account in place: a counting sort by account gives
    /// each order its place, the permutation is applied by following its
    /// cycles (no second array of orders), and each account's range is put
    /// newest first. Orders of unknown accounts and after `asOf` are dropped.
    /// From this many bytes of records grouping reorders them in place
    /// instead of copying: slower (the permutation's cycles visit memory in
    /// random order) but never two copies at once. Below, the copy is faster
    /// and its memory is given back before the analysis allocates its own
    /// (BENCHMARKS.md): at 100,000 accounts the 12 million 40-byte order
    /// lines are 470 MB.
    static let inPlaceFrom = 640 << 20

    static func group(
        _ orders: consuming [Order], owners: [Int32], accounts: Int, asOf: Day, inPlaceFrom: Int = inPlaceFrom
    ) -> (orders: [Order], ranges: [Range<Int>], future: Int) {
        let grouped = groupRecords(
            orders, owners: owners, accounts: accounts, asOf: asOf, inPlaceFrom: inPlaceFrom, newestFirst: true,
            account: \.account, key: { ($0.date, $0.recordNumber) })
        return (grouped.records, grouped.ranges, grouped.future)
    }

    /// Any table's records grouped by account the same way: kept records in
    /// account order (newest first within an account when asked, ties by file
    /// line; else file order), dropped ones (unknown account, after `asOf`)
    /// removed.
    static func groupRecords<Record: Sendable>(
        _ records: consuming [Record], owners: [Int32], accounts: Int, asOf: Day, inPlaceFrom: Int,
        newestFirst: Bool, account: (Record) -> Interned<AccountID>, key: @Sendable (Record) -> (Day, Int)
    ) -> (records: [Record], ranges: [Range<Int>], future: Int) {
        var flat = records
        let count = flat.count
        var owner = [Int32](repeating: -1, count: count)
        var sizes = [Int](repeating: 0, count: accounts)
        var future = 0
        for position in 0..<count {
            let owning = Int(owners[account(flat[position]).position])
            guard owning >= 0 else { continue }
            if key(flat[position]).0 > asOf {
                future += 1
                continue
            }
            owner[position] = Int32(owning)
            sizes[owning] += 1
        }
        var starts = [Int](repeating: 0, count: accounts)
        var kept = 0
        for owning in 0..<accounts {
            starts[owning] = kept
            kept += sizes[owning]
        }
        var next = starts
        var dropped = kept
        var target = [Int](repeating: 0, count: count)
        for position in 0..<count {
            let owning = Int(owner[position])
            if owning >= 0 {
                target[position] = next[owning]
                next[owning] += 1
            } else {
                target[position] = dropped
                dropped += 1
            }
        }
        let ranges = (0..<accounts).map { starts[$0]..<(starts[$0] + sizes[$0]) }
        if count * MemoryLayout<Record>.stride < inPlaceFrom {
            // Small enough to copy once: a gather reads each record once and
            // writes sequentially, faster than following the cycles.
            var source = [Int32](repeating: 0, count: count)
            for position in 0..<count { source[target[position]] = Int32(position) }
            // Let go before the gather, the grouping's peak of memory (both
            // copies of the records): 12 bytes a record.
            target = []
            owner = []
            let original = flat
            guard newestFirst else {
                flat = source.prefix(kept).map { original[Int($0)] }
                return (flat, ranges, future)
            }
            // Newest first is decided on the records' indices across the
            // cores, each chunk of accounts returning its part of the order,
            // and the one gather puts every record in its final place.
            // Passed in, not kept: `source` is let go before the gather, which
            // is the grouping's peak of memory (both copies of the records).
            func plan(_ grouped: [Int32]) -> [[Int32]] {
                parallelChunks(count: accounts, chunks: min(accounts, 64)) { _, chunk -> [Int32] in
                    let span = ranges[chunk.lowerBound].lowerBound..<ranges[chunk.upperBound - 1].upperBound
                    var order = Array(grouped[span])
                    for owning in chunk where ranges[owning].count > 1 {
                        let first = ranges[owning].lowerBound - span.lowerBound
                        let local = first..<(first + ranges[owning].count)
                        // Usually already in date order (exports are): reversed
                        // in place, same-day records back in file order.
                        var ascending = true
                        for index in local.dropFirst()
                        where key(original[Int(order[index - 1])]) > key(original[Int(order[index])]) {
                            ascending = false
                            break
                        }
                        guard ascending else {
                            var indices = Array(order[local])
                            PortfolioHistory.newestFirst(&indices) { key(original[Int($0)]) }
                            order.replaceSubrange(local, with: indices)
                            continue
                        }
                        order[local].reverse()
                        var start = local.lowerBound
                        while start < local.upperBound {
                            let day = key(original[Int(order[start])]).0
                            var end = start + 1
                            while end < local.upperBound && key(original[Int(order[end])]).0 == day { end += 1 }
                            if end - start > 1 { order[start..<end].reverse() }
                            start = end
                        }
                    }
                    return order
                }
            }
            let parts = plan(source)
            source = []
            // One thread writes the gathered array (the parts are in order).
            flat = Array(unsafeUninitializedCapacity: kept) { buffer, initialized in
                for part in parts {
                    for index in part {
                        (buffer.baseAddress! + initialized).initialize(to: original[Int(index)])
                        initialized += 1
                    }
                }
            }
            return (flat, ranges, future)
        } else {
            for position in 0..<count {
                while target[position] != position {
                    let destination = target[position]
                    flat.swapAt(position, destination)
                    target.swapAt(position, destination)
                }
            }
            flat.removeLast(count - kept)
        }
        guard newestFirst else { return (flat, ranges, future) }
        // In place (more records than `inPlaceFrom`): which accounts' records
        // are already in date order (exports usually are) is found across
        // the cores, and the rare others are sorted there as copies; the
        // reordering is done here, on one thread, so no two threads ever
        // write to the same array.
        func plan(_ records: [Record]) -> [[RegroupStep<Record>]] {
            parallelChunks(count: accounts, chunks: min(accounts, 64)) { _, chunk in
                var steps: [RegroupStep<Record>] = []
                for owning in chunk where ranges[owning].count > 1 {
                    let range = ranges[owning]
                    var ascending = true
                    for index in range.dropFirst() where key(records[index - 1]) > key(records[index]) {
                        ascending = false
                        break
                    }
                    if ascending {
                        steps.append(.reverse(range))
                    } else {
                        var items = Array(records[range])
                        PortfolioHistory.newestFirst(&items, key: key)
                        steps.append(.replace(range, items))
                    }
                }
                return steps
            }
        }
        // Planned on a copy that shares the records' storage and is gone
        // before the records are reordered, so nothing is copied.
        for steps in plan(flat) {
            for step in steps {
                switch step {
                case .reverse(let range):
                    flat[range].reverse()
                    // Same-day records back in file order.
                    var start = range.lowerBound
                    while start < range.upperBound {
                        var end = start + 1
                        while end < range.upperBound && key(flat[end]).0 == key(flat[start]).0 { end += 1 }
                        if end - start > 1 { flat[start..<end].reverse() }
                        start = end
                    }
                case .replace(let range, let items):
                    flat.replaceSubrange(range, with: items)
                }
            }
        }
        return (flat, ranges, future)
    }

    /// Newest first, ties by file line. Exports are usually in date order:
    /// then reversing is enough, and sorting a million orders is skipped.
    /// (A closure, not key paths: applying a key path per element was most
    /// of this function's time in perf.)
    @inline(__always)
    static func newestFirst<T>(_ items: inout [T], key: (T) -> (Day, Int)) {
        // Keys once: passing elements to `key` again and again copied them.
        let keys = items.map(key)
        var ascending = true
        for index in keys.indices.dropFirst() where keys[index - 1] > keys[index] {
            ascending = false
            break
        }
        if ascending {
            // Newest first with same-day records in file order: reverse the
            // whole, then each run of equal days back.
            items.reverse()
            let count = keys.count
            var start = 0
            while start < count {
                var end = start + 1
                while end < count && keys[count - 1 - end].0 == keys[count - 1 - start].0 { end += 1 }
                if end - start > 1 { items[start..<end].reverse() }
                start = end
            }
            return
        }
        var order = Array(items.indices)
        order.sort { a, b in keys[a].0 != keys[b].0 ? keys[a].0 > keys[b].0 : keys[a].1 < keys[b].1 }
        items = order.map { items[$0] }
    }

    /// The same history as of an earlier day: what was known then. Cheaper
    /// than grouping the model again, as "since last week" needs.
    public func cut(at day: Day) -> PortfolioHistory {
        var earlier = self
        earlier.asOf = day
        var dropped = 0
        // Only accounts with records after the day are changed: copying every
        // account's arrays for a cut that removes nothing cost fresh memory
        // pages for a million orders (perf: the kernel zeroing pages).
        earlier.accounts = accounts.map { item in
            let newOrders = item.orders.prefix { $0.date > day }.count
            let newInteractions = item.interactions.prefix { $0.date > day }.count
            let newFeedback = item.feedback.prefix { $0.date > day }.count
            let newTickets = item.tickets.count { $0.opened > day }
            let newReferrals = item.referralsMade.count { ($0.date ?? day) > day }
            let total = newOrders + newInteractions + newFeedback + newTickets + newReferrals
            guard total > 0 else { return item }
            dropped += total
            var item = item
            if newOrders > 0 { item.orders.removeFirst(newOrders) }
            if newInteractions > 0 { item.interactions.removeFirst(newInteractions) }
            if newFeedback > 0 { item.feedback.removeFirst(newFeedback) }
            if newTickets > 0 { item.tickets.removeAll { $0.opened > day } }
            if newReferrals > 0 { item.referralsMade.removeAll { ($0.date ?? day) > day } }
            return item
        }
        earlier.futureRecordsIgnored += dropped
        return earlier
    }
}

/// What grouping does to one account's records: reverse them (they were in
/// date order), or put a sorted copy in their place.
enum RegroupStep<Record: Sendable>: Sendable {
    case reverse(Range<Int>)
    case replace(Range<Int>, [Record])
}
