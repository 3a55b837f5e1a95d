import RapportCore

/// One account's records up to the as-of date, gathered once so every
/// metric reads from the same slice. Records after the as-of date and rows
/// for unknown accounts are not here.
public struct AccountHistory: Sendable {
    public var account: Account
    /// Newest first (ties by file line).
    public var orders: [Order] = []
    public var tickets: [Ticket] = []
    public var interactions: [Interaction] = []
    public var feedback: [Feedback] = []
    /// Referrals this account made.
    public var referralsMade: [Referral] = []
}

/// The model cut at the as-of date and grouped by account.
public struct PortfolioHistory: Sendable {
    public var asOf: Day
    /// Sorted by account id.
    public var accounts: [AccountHistory]
    public var index: [String: Int]
    public var productsBySKU: [String: Product]
    /// Families in the catalogue, sorted.
    public var families: [String]
    public var futureRecordsIgnored: Int

    public init(_ model: SiteModel, asOf: Day) {
        self.asOf = asOf
        let sorted = model.accounts.sorted { $0.id < $1.id }
        accounts = sorted.map { AccountHistory(account: $0) }
        var index: [String: Int] = [:]
        for (position, account) in sorted.enumerated() where index[account.id] == nil { index[account.id] = position }
        self.index = index
        var future = 0
        // Each order's account is looked up once; the arrays are then sized
        // exactly, so filling them neither reallocates nor copies (perf).
        let orderOwners = model.orders.map { index[$0.accountID] }
        var counts = [Int](repeating: 0, count: accounts.count)
        for (order, owner) in zip(model.orders, orderOwners) where owner != nil && order.date <= asOf {
            counts[owner!] += 1
        }
        for position in accounts.indices { accounts[position].orders.reserveCapacity(counts[position]) }
        for (order, owner) in zip(model.orders, orderOwners) {
            guard let owner else { continue }
            if order.date > asOf { future += 1 } else { accounts[owner].orders.append(order) }
        }
        for ticket in model.tickets {
            guard let position = index[ticket.accountID] else { continue }
            if ticket.opened > asOf { future += 1 } else { accounts[position].tickets.append(ticket) }
        }
        for interaction in model.interactions {
            guard let position = index[interaction.accountID] else { continue }
            if interaction.date > asOf {
                future += 1
            } else {
                accounts[position].interactions.append(interaction)
            }
        }
        for feedback in model.feedback {
            guard let position = index[feedback.accountID] else { continue }
            if feedback.date > asOf { future += 1 } else { accounts[position].feedback.append(feedback) }
        }
        for referral in model.referrals {
            guard let position = index[referral.referrerID], index[referral.referredID] != nil else { continue }
            if let date = referral.date, date > asOf {
                future += 1
            } else {
                accounts[position].referralsMade.append(referral)
            }
        }
        accounts = accounts.parallelMap { item in
            var item = item
            PortfolioHistory.newestFirst(&item.orders) { ($0.date, $0.origin.line) }
            PortfolioHistory.newestFirst(&item.interactions) { ($0.date, $0.origin.line) }
            PortfolioHistory.newestFirst(&item.feedback) { ($0.date, $0.origin.line) }
            return item
        }
        var products: [String: Product] = [:]
        for product in model.products where products[product.sku] == nil { products[product.sku] = product }
        productsBySKU = products
        families = Set(model.products.compactMap(\.family)).sorted()
        futureRecordsIgnored = future
    }

    /// Newest first, ties by file line. Exports are usually in date order:
    /// then reversing is enough, and sorting a million orders is skipped.
    /// (A closure, not key paths: applying a key path per element was most
    /// of this function's time in perf.)
    @inline(__always)
    static func newestFirst<T>(_ items: inout [T], key: (T) -> (Day, Int)) {
        var ascending = true
        for index in items.indices.dropFirst() where key(items[index - 1]) > key(items[index]) {
            ascending = false
            break
        }
        if ascending {
            // Same-day records keep file order after the reversal.
            items.reverse()
            var start = 0
            while start < items.count {
                var end = start + 1
                while end < items.count && key(items[end]).0 == key(items[start]).0 { end += 1 }
                if end - start > 1 { items[start..<end].reverse() }
                start = end
            }
            return
        }
        items.sort {
            let (a, b) = (key($0), key($1))
            return a.0 != b.0 ? a.0 > b.0 : a.1 < b.1
        }
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
