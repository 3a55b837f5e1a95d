import RapportCore

/// Revenue of one calendar month, for the revenue-by-month chart.
public struct MonthRevenue: Sendable, Equatable {
    public var month: String
    public var revenue: Money
}

/// Everything computed for one account.
public struct AccountAnalysis: Sendable {
    public var account: Account
    public var value: ValueMetrics
    /// Orders up to the as-of date, newest first (ties by origin line).
    public var orders: [Order]
    /// The 24 calendar months ending with the as-of month, oldest first.
    public var monthlyRevenue: [MonthRevenue]
}

/// The analyze stage's output: every account's metrics plus portfolio totals.
public struct Portfolio: Sendable {
    public var asOf: Day
    /// Sorted by account id.
    public var accounts: [AccountAnalysis]
    public var revenue12m: Money
    public var revenueLifetime: Money
    /// Orders dated after the as-of date, left out everywhere.
    public var futureOrdersIgnored: Int

    public func count(of tier: Tier) -> Int { accounts.count { $0.value.tier == tier } }
}

public enum Analyzer {
    public static let chartMonths = 24

    /// A pure function of the model and the as-of date.
    public static func analyze(_ model: SiteModel, asOf: Day) -> Portfolio {
        let known = Set(model.accounts.map(\.id))
        var byAccount: [String: [Order]] = [:]
        var future = 0
        for order in model.orders where known.contains(order.accountID) {
            if order.date > asOf {
                future += 1
                continue
            }
            byAccount[order.accountID, default: []].append(order)
        }
        let accounts = model.accounts.sorted { $0.id < $1.id }
        let ids = accounts.map(\.id)
        let values = ValueAnalysis.compute(accountIDs: ids, ordersByAccount: byAccount, asOf: asOf)
        let firstMonth = monthStart(asOf, offset: -(chartMonths - 1))
        let analyses = accounts.map { account in
            let orders = (byAccount[account.id] ?? []).sorted {
                $0.date != $1.date ? $0.date > $1.date : $0.origin.line < $1.origin.line
            }
            return AccountAnalysis(
                account: account, value: values[account.id]!, orders: orders,
                monthlyRevenue: monthly(orders, from: firstMonth, asOf: asOf))
        }
        return Portfolio(
            asOf: asOf, accounts: analyses,
            revenue12m: analyses.reduce(.zero) { $0 + $1.value.revenue12m },
            revenueLifetime: analyses.reduce(.zero) { $0 + $1.value.revenueLifetime },
            futureOrdersIgnored: future)
    }

    static func monthStart(_ day: Day, offset: Int) -> Day {
        let (year, month, _) = day.components
        let index = year * 12 + (month - 1) + offset
        return Day(year: index / 12, month: index % 12 + 1, day: 1)!
    }

    static func monthly(_ orders: [Order], from first: Day, asOf: Day) -> [MonthRevenue] {
        var totals: [String: Money] = [:]
        for order in orders where order.date >= first { totals[order.date.monthKey, default: .zero] += order.amount }
        return (0..<chartMonths).map { offset in
            let key = monthStart(first, offset: offset).monthKey
            return MonthRevenue(month: key, revenue: totals[key] ?? .zero)
        }
    }
}
