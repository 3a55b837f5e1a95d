import RapportCore

/// What one person (a rep, or the whole team) should look at this week, for
/// a set of accounts: the lists of the weekly brief (docs/guide.md#what-the-portal-shows), each sorted.
///
/// The lists pick accounts of `portfolio.accounts` by position: copies of
/// the 800-byte analyses in the team's and every rep's lists were half a
/// gigabyte at 100,000 accounts.
/// Whom a brief is for: the whole team, or one rep (by rep id) — the
/// ground for portals partitioned per rep (issue 16).
public enum BriefScope: Sendable, Hashable {
    case team
    case rep(RepID)
}

/// The weekly briefs of a portfolio: the team's and one per rep with
/// accounts. Made by the analysis stage, once per build; every page, the
/// feed and the search index read them.
public struct WeeklyBriefs: Sendable {
    public let team: WeeklyBrief
    /// One per owner id with accounts, by owner id.
    public let reps: [RepBrief]

    public init(_ portfolio: Portfolio) {
        team = WeeklyBrief.team(portfolio)
        reps = WeeklyBrief.byOwner(portfolio)
    }
}

/// A rep's brief with the rep's id at hand: rep pages need the id, and a
/// team brief has none.
public struct RepBrief: Sendable {
    public let repID: RepID
    public let brief: WeeklyBrief
}

public struct WeeklyBrief: Sendable {
    public var scope: BriefScope
    /// All accounts in scope, by value rank.
    public var accounts: AccountSelection
    /// Overdue reviews first (oldest due date first), then reviews due in the
    /// next 7 days, by date; ties by account id. These are the accounts of
    /// the week's review packet.
    public var reviews: AccountSelection
    /// Contact-plan items dated in the next 7 days, by date then account id.
    public var contacts: AccountEntries<ContactItem>
    /// High-opportunity accounts with something to offer, by value rank.
    public var opportunities: AccountSelection
    /// High-risk accounts, largest 12-month revenue first.
    public var atRisk: AccountSelection
    /// This week's changes for accounts in scope, in account-id order.
    public var changes: AccountEntries<WeeklyChange>
    /// Open deals past their close date, then those closing in the next 30
    /// days, by close date; ties by account id, then deal id.
    public var deals: AccountEntries<OpenDeal>
    public var revenue12m: Money

    public var revenueAtRisk: Money { atRisk.reduce(Money.zero) { $0 + $1.value.revenue12m } }
    public var overdueCount: Int { reviews.count { $0.opportunity.overdue } }
    public var dueCount: Int { reviews.count { !$0.opportunity.overdue } }

    /// The team's brief: every account of the portfolio.
    public static func team(_ portfolio: Portfolio) -> WeeklyBrief {
        WeeklyBrief(
            scope: .team, positions: portfolio.accounts.indices.map { Int32($0) }, portfolio: portfolio,
            changes: changesByPosition(portfolio))
    }

    /// The brief for the accounts at `positions` of `portfolio.accounts`.
    /// - Parameter changes: this week's changes of those accounts, with
    ///   their positions, in the portfolio's order (`changesByPosition`).
    public init(
        scope briefScope: BriefScope, positions scope: [Int32], portfolio: Portfolio,
        changes scopeChanges: [(Int32, WeeklyChange)]
    ) {
        let all = portfolio.accounts
        let asOf = portfolio.asOf
        self.scope = briefScope
        func select(_ positions: [Int32]) -> AccountSelection { AccountSelection(all, positions: positions) }
        // The sort keys once, by position: reading them through `all` in
        // every comparison copied whole analyses (perf, 100,000 accounts).
        var ids: [Int32: AccountID] = [:]
        var ranks: [Int32: Int] = [:]
        for position in scope {
            ids[position] = all[Int(position)].account.id
            ranks[position] = all[Int(position)].value.rank
        }
        func id(_ position: Int32) -> AccountID { ids[position]! }
        func rank(_ position: Int32) -> Int { ranks[position]! }
        accounts = select(scope.sorted { rank($0) < rank($1) })
        let due = scope.compactMap { position -> (Int32, Day)? in
            let opportunity = all[Int(position)].opportunity
            guard opportunity.overdue || opportunity.dueThisWeek else { return nil }
            return (position, opportunity.nextReview ?? asOf)
        }
        reviews = select(due.sorted { ($0.1, id($0.0)) < ($1.1, id($1.0)) }.map(\.0))
        let weekEnd = asOf.adding(days: 7)
        contacts = AccountEntries(
            all,
            entries: scope.flatMap { position in
                all[Int(position)].contactPlan.filter { $0.date < weekEnd }.map { (position, $0) }
            }.sorted { ($0.1.date, id($0.0)) < ($1.1.date, id($1.0)) })
        opportunities = select(
            scope.filter { all[Int($0)].opportunity.level == .high && !all[Int($0)].offers.isEmpty }.sorted {
                rank($0) < rank($1)
            })
        func revenue(_ position: Int32) -> Money { all[Int(position)].value.revenue12m }
        atRisk = select(
            scope.filter { all[Int($0)].risk.band == .high }.sorted { (revenue($1), id($0)) < (revenue($0), id($1)) })
        changes = AccountEntries(all, entries: scopeChanges)
        deals = AccountEntries(
            all,
            entries: scope.flatMap { position in
                all[Int(position)].pipeline.deals.filter { $0.pastClose || $0.closingSoon }.map { (position, $0) }
            }.sorted {
                ($0.1.closeDate ?? asOf, id($0.0), $0.1.id) < ($1.1.closeDate ?? asOf, id($1.0), $1.1.id)
            })
        revenue12m = scope.reduce(Money.zero) { $0 + revenue($1) }
    }

    /// One brief per owner id that owns at least one account, by owner id;
    /// accounts without an owner are in no rep's brief (only the team's).
    /// The portfolio's changes, each with its account's position.
    static func changesByPosition(_ portfolio: Portfolio) -> [(Int32, WeeklyChange)] {
        let positionByID = Dictionary(
            portfolio.accounts.enumerated().map { ($1.account.id, Int32($0)) }, uniquingKeysWith: { first, _ in first })
        return portfolio.changes.compactMap { change in positionByID[change.accountID].map { ($0, change) } }
    }

    public static func byOwner(_ portfolio: Portfolio) -> [RepBrief] {
        var grouped: [RepID: [Int32]] = [:]
        // By position: enumerating the analyses copied each one to read its owner.
        for position in portfolio.accounts.indices {
            guard let owner = portfolio.accounts[position].account.owner else { continue }
            grouped[owner, default: []].append(Int32(position))
        }
        // Each change to its rep once: every rep's brief picking its own
        // from all of them was reps × changes (2 s at 100,000 accounts).
        var changes: [RepID: [(Int32, WeeklyChange)]] = [:]
        for (position, change) in changesByPosition(portfolio) {
            guard let owner = portfolio.accounts[Int(position)].account.owner else { continue }
            changes[owner, default: []].append((position, change))
        }
        return grouped.keys.sorted().map {
            RepBrief(
                repID: $0,
                brief: WeeklyBrief(
                    scope: .rep($0), positions: grouped[$0]!, portfolio: portfolio, changes: changes[$0] ?? []))
        }
    }
}

/// Accounts of a portfolio picked by position, read like an array of them.
public struct AccountSelection: RandomAccessCollection, Sendable {
    private let all: [AccountAnalysis]
    private let positions: [Int32]

    init(_ all: [AccountAnalysis], positions: [Int32]) {
        self.all = all
        self.positions = positions
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { positions.count }
    public subscript(index: Int) -> AccountAnalysis { all[Int(positions[index])] }
}

/// Accounts picked by position, each with a detail (a contact item, a
/// change), read like an array of `(account, detail)` pairs.
public struct AccountEntries<Detail: Sendable>: RandomAccessCollection, Sendable {
    private let all: [AccountAnalysis]
    private let entries: [(position: Int32, detail: Detail)]

    init(_ all: [AccountAnalysis], entries: [(Int32, Detail)]) {
        self.all = all
        self.entries = entries.map { (position: $0.0, detail: $0.1) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { entries.count }
    public subscript(index: Int) -> (account: AccountAnalysis, detail: Detail) {
        (all[Int(entries[index].position)], entries[index].detail)
    }
}
