import RapportCore

/// Value tier by cumulative share of trailing-12-month revenue (docs/guide.md#what-the-portal-shows, value tiers).
public enum Tier: String, Sendable, Comparable, CaseIterable {
    case a = "A", b = "B", c = "C"
    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The value figures of one account (docs/methodology.md#value).
public struct ValueMetrics: Sendable {
    public var revenue12m: Money
    public var revenueLifetime: Money
    /// Share of the portfolio's 12-month revenue, 0…1.
    public var share12m: Double
    /// 1 = largest 12-month revenue; ties broken by account id.
    public var rank: Int
    public var tier: Tier
    public var orders: Int
    public var averageOrder: Money?
    public var firstOrder: Day?
    public var lastOrder: Day?
    /// Median days between consecutive purchase days; nil with fewer than two.
    public var typicalIntervalDays: Int?
    /// Plain-words reasons for the tier and rank, with their numbers.
    public var reasons: [Reason]
}

/// Pure functions of orders and the as-of date; no I/O, no clock.
public enum ValueAnalysis {
    /// Cut-offs of the cumulative share: an account is in the first tier whose
    /// cut-off the running total *before* it has not reached. So the account
    /// that crosses 80 % is still A: the top accounts that together make up
    /// 80 % of revenue are all A, and at least one account is A whenever there
    /// is revenue.
    public static func tier(
        cumulativeShareBefore share: Double, revenue: Money, cutoffs: (a: Double, b: Double) = (0.80, 0.95)
    ) -> Tier {
        guard revenue > .zero else { return .c }
        return share < cutoffs.a ? .a : share < cutoffs.b ? .b : .c
    }

    /// - Parameter ordersByAccount: orders dated on or before `asOf`, per account.
    /// - Parameter detailed: false leaves `orders` at 0 and the reasons
    ///   empty: the earlier snapshots of the backtest need revenue and
    ///   purchase days only, and counting distinct order ids was a third of
    ///   their cost (perf).
    public static func compute(
        accountIDs: [AccountID], ordersByAccount: [AccountID: OrderList], texts: TextStore, asOf: Day,
        cutoffs: (a: Double, b: Double) = (0.80, 0.95), detailed: Bool = true
    ) -> [AccountID: ValueMetrics] {
        let window = DayWindow(endingOn: asOf, length: 365)
        // What depends on one account only is computed across the cores;
        // only the ranking needs them all.
        struct Own {
            var revenue12: Money
            var lifetime: Money
            var orders: Int
            var days: [Day]
        }
        let own = accountIDs.parallelMap { id -> Own in
            let orders = ordersByAccount[id] ?? []
            var revenue = Money.zero
            var lifetime = Money.zero
            for order in orders {
                lifetime += order.amount
                if window.contains(order.date) { revenue += order.amount }
            }
            // Orders are newest first: the purchase days ascending are the
            // distinct days read backwards (a set hashed every order line).
            var days: [Day] = []
            for order in orders.reversed() where days.last != order.date { days.append(order.date) }
            if !days.isEmpty && zip(days, days.dropFirst()).contains(where: { $0 > $1 }) {
                days = Set(days).sorted()
            }
            return Own(
                revenue12: revenue, lifetime: lifetime, orders: detailed ? countOrders(orders, texts: texts) : 0,
                days: days)
        }
        let total = own.reduce(Money.zero) { $0 + $1.revenue12 }
        let ranked = accountIDs.indices.sorted { lhs, rhs in
            let (l, r) = (own[lhs].revenue12, own[rhs].revenue12)
            return l != r ? l > r : accountIDs[lhs] < accountIDs[rhs]
        }
        var result: [AccountID: ValueMetrics] = [:]
        result.reserveCapacity(accountIDs.count)
        var cumulative = Money.zero
        for (index, position) in ranked.enumerated() {
            let id = accountIDs[position]
            let facts = own[position]
            let revenue = facts.revenue12
            let shareBefore = total > .zero ? Double(cumulative.cents) / Double(total.cents) : 1
            let share = total > .zero ? Double(revenue.cents) / Double(total.cents) : 0
            cumulative = cumulative + revenue
            let tier = tier(cumulativeShareBefore: shareBefore, revenue: revenue, cutoffs: cutoffs)
            var reasons: [Reason] = []
            if !detailed {
                // No words for the backtest's snapshots.
            } else if revenue > .zero {
                reasons.append(
                    "rank \(index + 1) of \(accountIDs.count) by 12-month revenue; "
                        + "\(share: share) of the total, accounts above it hold \(share: shareBefore)")
            } else {
                reasons.append("no revenue in the 12 months to \(date: asOf)")
            }
            result[id] = ValueMetrics(
                revenue12m: revenue, revenueLifetime: facts.lifetime, share12m: share, rank: index + 1, tier: tier,
                orders: facts.orders,
                averageOrder: facts.orders > 0 ? Money(cents: facts.lifetime.cents / Int64(facts.orders)) : nil,
                firstOrder: facts.days.first, lastOrder: facts.days.last, typicalIntervalDays: medianGap(facts.days),
                reasons: reasons)
        }
        return result
    }

    /// Orders with an `order_id` count once per id; lines without one count
    /// as an order each.
    static func countOrders<Orders: Sequence<Order>>(_ orders: Orders, texts: TextStore) -> Int {
        var ids: [TextRef] = []
        var anonymous = 0
        for order in orders {
            if let id = order.orderID { ids.append(id) } else { anonymous += 1 }
        }
        return texts.distinctCount(ids) + anonymous
    }

    static func medianGap(_ days: [Day]) -> Int? {
        guard days.count >= 2 else { return nil }
        let gaps = zip(days.dropFirst(), days).map { $0.days(since: $1) }.sorted()
        let middle = gaps.count / 2
        return gaps.count % 2 == 1 ? gaps[middle] : (gaps[middle - 1] + gaps[middle]) / 2
    }
}
