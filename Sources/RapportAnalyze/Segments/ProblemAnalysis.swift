import RapportCore

/// A ticket category's state on the problems page (docs/methodology.md#problems-page): new (none before), spiking (at
/// least 3 and twice the baseline) or steady. Only steady ones are not flagged.
public enum ProblemStatus: String, Sendable, Hashable {
    case new, spiking, steady

    public var isFlagged: Bool { self != .steady }
}

/// One ticket category across the portfolio (docs/methodology.md#problems-page).
public struct ProblemCategory: Sendable, Equatable {
    public var category: String
    /// Tickets opened in the last 90 days.
    public var recent: Int
    /// Tickets opened in the 360 days before those, per 90 days.
    public var baseline: Double
    public var status: ProblemStatus
    public var medianDaysToResolve: Int?
    public var meanEffort: Double?
    public var reason: String
}

public enum ProblemAnalysis {
    public static func compute(_ history: PortfolioHistory) -> [ProblemCategory] {
        let asOf = history.asOf
        let recentWindow = DayWindow(endingOn: asOf, length: 90)
        let baselineWindow = DayWindow(endingOn: asOf.adding(days: -90), length: 360)
        let year = DayWindow(endingOn: asOf, length: 365)
        let tickets = history.accounts.flatMap(\.tickets)
        let byCategory = Dictionary(grouping: tickets) { $0.category ?? "uncategorised" }
        return byCategory.map { category, items -> ProblemCategory in
            let recent = items.count { recentWindow.contains($0.opened) }
            let earlier = items.count { baselineWindow.contains($0.opened) }
            let everBefore = items.contains { $0.opened < recentWindow.first }
            let baseline = Double(earlier) / 4
            let status: ProblemStatus
            if recent > 0 && !everBefore {
                status = .new
            } else if recent >= 3 && Double(recent) >= 2 * baseline {
                status = .spiking
            } else {
                status = .steady
            }
            let resolved = items.filter { t in t.resolved.map { $0 <= asOf && year.contains($0) } ?? false }
            let days = resolved.map { $0.resolved!.days(since: $0.opened) }.sorted()
            let median =
                days.isEmpty
                ? nil
                : days.count % 2 == 1
                    ? days[days.count / 2]
                    : (days[days.count / 2 - 1] + days[days.count / 2]) / 2
            let efforts = resolved.compactMap(\.effort)
            let effort = efforts.isEmpty ? nil : Double(efforts.reduce(0, +)) / Double(efforts.count)
            let reason: String
            switch status {
            case .new: reason = "\(RiskAnalysis.plural(recent, "ticket")) in 90 days; none before"
            case .spiking:
                reason = "\(recent) in 90 days against \(RiskAnalysis.oneDecimal(baseline)) per 90 days before"
            case .steady: reason = "\(recent) in 90 days, \(RiskAnalysis.oneDecimal(baseline)) per 90 days before"
            }
            return ProblemCategory(
                category: category, recent: recent, baseline: baseline, status: status, medianDaysToResolve: median,
                meanEffort: effort.map { ($0 * 10).rounded() / 10 }, reason: reason)
        }.sorted { ($1.recent, $0.category) < ($0.recent, $1.category) }
    }
}

/// What changed for an account since the same data as of seven days earlier.
public struct WeeklyChange: Sendable, Equatable {
    public var accountID: AccountID
    public var enteredHighRisk: Bool
    public var tierBefore: Tier?
    public var tierNow: Tier
    public var becameOverdue: Bool
    public var newOrders: Int
    public var newRevenue: Money

    public var tierMoved: Bool { tierBefore != nil && tierBefore != tierNow }
    public var isEmpty: Bool { !enteredHighRisk && !tierMoved && !becameOverdue && newOrders == 0 }
}

/// An account's figures that "since last week" compares.
public struct WeeklyIndicators: Sendable, Equatable {
    public var tier: Tier
    public var riskBand: Level
    public var overdue: Bool
}

public enum WeeklyChanges {
    public static func compute(now: Portfolio, weekAgo: Portfolio) -> [WeeklyChange] {
        compute(
            now: now,
            weekAgo: Dictionary(
                weekAgo.accounts.map {
                    (
                        $0.account.id,
                        WeeklyIndicators(tier: $0.value.tier, riskBand: $0.risk.band, overdue: $0.opportunity.overdue)
                    )
                }, uniquingKeysWith: { first, _ in first }))
    }

    public static func compute(now: Portfolio, weekAgo before: [AccountID: WeeklyIndicators]) -> [WeeklyChange] {
        let week = DayWindow(endingOn: now.asOf, length: 7)
        return now.accounts.map { account in
            let previous = before[account.account.id]
            let recent = account.orders.filter { week.contains($0.date) }
            return WeeklyChange(
                accountID: account.account.id,
                enteredHighRisk: account.risk.band == .high && previous?.riskBand != .high,
                tierBefore: previous?.tier, tierNow: account.value.tier,
                becameOverdue: account.opportunity.overdue && !(previous?.overdue ?? false),
                newOrders: ValueAnalysis.countOrders(recent, texts: now.texts),
                newRevenue: recent.reduce(.zero) { $0 + $1.amount })
        }.filter { !$0.isEmpty }.sorted { lhs, rhs in
            // What needs attention first: new high risk, tier moves, overdue reviews, then orders by value.
            func rank(_ change: WeeklyChange) -> Int {
                change.enteredHighRisk ? 0 : change.tierMoved ? 1 : change.becameOverdue ? 2 : 3
            }
            return (rank(lhs), rhs.newRevenue, lhs.accountID) < (rank(rhs), lhs.newRevenue, rhs.accountID)
        }
    }
}
