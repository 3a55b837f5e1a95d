import RapportCore

/// What one person (a rep, or the whole team) should look at this week, for
/// a set of accounts: the lists of the weekly brief (SPEC §5), each sorted.
public struct WeeklyBrief: Sendable {
    /// The owner id the brief is for; nil for the team.
    public var ownerID: String?
    /// All accounts in scope, by value rank.
    public var accounts: [AccountAnalysis]
    /// Overdue reviews first (oldest due date first), then reviews due in the
    /// next 7 days, by date; ties by account id. These are the accounts of
    /// the week's review packet.
    public var reviews: [AccountAnalysis]
    /// Contact-plan items dated in the next 7 days, by date then account id.
    public var contacts: [(account: AccountAnalysis, item: ContactItem)]
    /// High-opportunity accounts with something to offer, by value rank.
    public var opportunities: [AccountAnalysis]
    /// High-risk accounts, largest 12-month revenue first.
    public var atRisk: [AccountAnalysis]
    /// This week's changes for accounts in scope, in account-id order.
    public var changes: [(account: AccountAnalysis, change: WeeklyChange)]
    public var revenue12m: Money

    public var revenueAtRisk: Money { atRisk.reduce(Money.zero) { $0 + $1.value.revenue12m } }
    public var overdueCount: Int { reviews.count { $0.opportunity.overdue } }
    public var dueCount: Int { reviews.count { !$0.opportunity.overdue } }

    /// The brief for `accounts` (a subset of `portfolio.accounts`).
    public init(ownerID: String?, accounts scope: [AccountAnalysis], portfolio: Portfolio) {
        let asOf = portfolio.asOf
        self.ownerID = ownerID
        accounts = scope.sorted { $0.value.rank < $1.value.rank }
        reviews = scope.filter { $0.opportunity.overdue || $0.opportunity.dueThisWeek }.sorted {
            ($0.opportunity.nextReview ?? asOf, $0.account.id) < ($1.opportunity.nextReview ?? asOf, $1.account.id)
        }
        let weekEnd = asOf.adding(days: 7)
        contacts = scope.flatMap { analysis in
            analysis.contactPlan.filter { $0.date < weekEnd }.map { (account: analysis, item: $0) }
        }.sorted { ($0.item.date, $0.account.account.id) < ($1.item.date, $1.account.account.id) }
        opportunities = scope.filter { $0.opportunity.level == "high" && !$0.offers.isEmpty }.sorted {
            $0.value.rank < $1.value.rank
        }
        atRisk = scope.filter { $0.risk.band == "high" }.sorted {
            ($1.value.revenue12m, $0.account.id) < ($0.value.revenue12m, $1.account.id)
        }
        let inScope = Dictionary(scope.map { ($0.account.id, $0) }, uniquingKeysWith: { first, _ in first })
        changes = portfolio.changes.compactMap { change in
            inScope[change.accountID].map { (account: $0, change: change) }
        }
        revenue12m = scope.reduce(Money.zero) { $0 + $1.value.revenue12m }
    }

    /// One brief per owner id that owns at least one account, by owner id;
    /// accounts without an owner are in no rep's brief (only the team's).
    public static func byOwner(_ portfolio: Portfolio) -> [WeeklyBrief] {
        var grouped: [String: [AccountAnalysis]] = [:]
        for analysis in portfolio.accounts {
            guard let owner = analysis.account.owner else { continue }
            grouped[owner, default: []].append(analysis)
        }
        return grouped.keys.sorted().map { WeeklyBrief(ownerID: $0, accounts: grouped[$0]!, portfolio: portfolio) }
    }
}
