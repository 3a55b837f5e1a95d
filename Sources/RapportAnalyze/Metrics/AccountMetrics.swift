import RapportCore

/// One figure of an account, typed. `when` conditions, playbook
/// placeholders and the exports are all made from these values.
public enum MetricValue: Sendable {
    /// nil: the account has none (no industry, no owner).
    case text(String?)
    /// nil: the account has none (no range for the simple estimate).
    case money(Money?)
    /// nil: the account has none (no order yet, no NPS answer).
    case integer(Int?)
    case decimal(Double)
    case date(Day?)
    case flag(Bool)
    case list([String])
    /// A list of small records (risk factors, offers, the contact plan):
    /// only in the exports, and in `accounts.csv` as the metric's
    /// `csvSummary`.
    case records([[(key: String, value: MetricValue)]])

    /// As a `when` condition reads it: money in major units, nothing as
    /// missing (every comparison with it is false).
    public var expressionValue: ExpressionValue {
        switch self {
        case .text(let text): return text.map(ExpressionValue.string) ?? .missing
        case .money(let amount): return amount.map { .number($0.major) } ?? .missing
        case .integer(let number): return number.map { .number(Double($0)) } ?? .missing
        case .decimal(let number): return .number(number)
        case .date(let day): return day.map(ExpressionValue.date) ?? .missing
        case .flag(let flag): return .bool(flag)
        case .list(let items): return .list(items.map(ExpressionValue.string))
        case .records: return .missing
        }
    }
}

/// One entry of the metric registry: a figure's name (the same in `when`,
/// in `{{placeholders}}`, as the exports' field path and CSV column), its
/// type, where it goes, how a playbook shows it, and how it is read.
/// Adding a figure is one entry in `AccountMetrics.all` (docs/ARCHITECTURE.md#where-things-live-and-how-to-add-one).
public struct AccountMetric: Sendable {
    public enum Export: Sendable {
        /// Not exported: a count only conditions use.
        case none
        /// In `accounts.json`, not in `accounts.csv`.
        case json
        /// In `accounts.json` and, at the same place in the order, a column
        /// of `accounts.csv`.
        case jsonAndCSV
    }

    /// How a playbook placeholder shows it beyond its type's default.
    public enum Shown: Sendable {
        case asIs
        /// A fraction shown as a whole percentage.
        case percent
        /// A rep id shown as the rep's name.
        case repName
    }

    public let name: String
    /// As `when` and placeholders see it; nil: export only.
    public let type: ExpressionType?
    public let export: Export
    public let shown: Shown
    public let read: @Sendable (AccountAnalysis) -> MetricValue
    /// A list of records as one `accounts.csv` cell. Read on its own, so
    /// neither export makes the other's form (the JSON made every plan's
    /// CSV text, the CSV every plan's records).
    public let csvSummary: (@Sendable (AccountAnalysis) -> String)?

    init(
        _ name: String, _ type: ExpressionType?, export: Export = .jsonAndCSV, shown: Shown = .asIs,
        csvSummary: (@Sendable (AccountAnalysis) -> String)? = nil,
        _ read: @escaping @Sendable (AccountAnalysis) -> MetricValue
    ) {
        self.name = name
        self.type = type
        self.export = export
        self.shown = shown
        self.csvSummary = csvSummary
        self.read = read
    }
}

/// The metric registry: every figure of an account, in the exports' order
/// (docs/reference.md#exports: fields may be added, never renamed or moved).
public enum AccountMetrics {
    public static let all: [AccountMetric] = [
        .init("account_id", .string) { .text($0.account.id.text) },
        .init("name", .string) { .text($0.account.name) },
        .init("industry", .string) { .text($0.account.industry) },
        .init("size_band", .string) { .text($0.sizeBand) },
        .init("segment", .string) { .text($0.segment) },
        .init("owner", .string, shown: .repName) { .text($0.account.owner?.text) },
        .init("value.revenue_12m", .number) { .money($0.value.revenue12m) },
        .init("value.revenue_lifetime", .number) { .money($0.value.revenueLifetime) },
        .init("value.share_12m", .number, shown: .percent) { .decimal($0.value.share12m) },
        .init("value.rank", .number) { .integer($0.value.rank) },
        .init("value.tier", .string) { .text($0.value.tier.rawValue) },
        .init("value.orders", .number) { .integer($0.value.orders) },
        .init("value.first_order", .date) { .date($0.value.firstOrder) },
        .init("value.last_order", .date) { .date($0.value.lastOrder) },
        .init("clv.model", .string) { .text($0.clv.model.name) },
        .init("clv.p_alive", .number, shown: .percent) { .decimal($0.clv.pAlive) },
        .init("clv.expected_purchases", .number) { .decimal($0.clv.expectedPurchases) },
        .init("clv.expected_spend", .number) { .money($0.clv.expectedSpend) },
        .init("clv.clv", .number) { .money($0.clv.clv) },
        .init("clv.low", .number) { .money($0.clv.low) },
        .init("clv.high", .number) { .money($0.clv.high) },
        .init("risk.score", .number) { .integer($0.risk.score) },
        .init("risk.band", .string) { .text($0.risk.band.rawValue) },
        .init("risk.factors", nil, export: .json) { a in
            .records(
                a.risk.factors.map {
                    [
                        ("name", .text($0.name)), ("points", .decimal(($0.points * 10).rounded() / 10)),
                        ("reason", .text($0.reason)),
                    ]
                })
        },
        .init("opportunity.level", .string) { .text($0.opportunity.level.rawValue) },
        .init("opportunity.families_owned", .list) { .list($0.opportunity.familiesOwned) },
        .init("opportunity.cadence_days", .number) { .integer($0.opportunity.cadenceDays) },
        .init("opportunity.last_review", .date) { .date($0.opportunity.lastReview) },
        .init("opportunity.next_review", .date) { .date($0.opportunity.nextReview) },
        .init("opportunity.overdue", .bool) { .flag($0.opportunity.overdue) },
        .init("opportunity.due_this_week", .bool) { .flag($0.opportunity.dueThisWeek) },
        .init("quadrant", .string) { .text($0.quadrant.rawValue) },
        .init("offers", nil, csvSummary: { a in a.offers.map(\.family).joined(separator: ";") }) { a in
            .records(
                a.offers.map {
                    [("family", .text($0.family)), ("lift", .decimal($0.lift)), ("reason", .text($0.reason))]
                })
        },
        .init("referrals.made", .number) { .integer($0.referrals.made) },
        .init("referrals.referred_revenue", .number) { .money($0.referrals.referredRevenue) },
        .init("referrals.label", .string) { .text($0.referrals.label) },
        .init("pillars.products", .number) { .decimal($0.pillars.products) },
        .init("pillars.service", .number) { .decimal($0.pillars.service) },
        .init("pillars.community", .number) { .decimal($0.pillars.community) },
        .init("pillars.experiences", .number) { .decimal($0.pillars.experiences) },
        .init("pillars.perks", .number) { .decimal($0.pillars.perks) },
        .init("playbooks", nil) { .list($0.playbooks) },
        .init(
            "contact_plan", nil,
            csvSummary: { a in a.contactPlan.map { "\($0.date.iso) \($0.kind)" }.joined(separator: ";") }
        ) { a in
            .records(
                a.contactPlan.map {
                    [("date", .text($0.date.iso)), ("kind", .text($0.kind)), ("reason", .text($0.reason))]
                })
        },
        .init("tickets.open", .number, export: .none) { .integer($0.glance.openTickets) },
        .init("tickets.upkeep_12m", .number, export: .none) { .integer($0.glance.upkeep12m) },
        .init("tickets.critical_open", .number, export: .none) { .integer($0.glance.criticalOpen) },
        .init("orders.days_since_last", .number, export: .none) { .integer($0.glance.daysSinceLastOrder) },
        .init("interactions.days_since_last", .number, export: .none) {
            .integer($0.glance.daysSinceLastInteraction)
        },
        .init("feedback.nps", .number, export: .none) { .integer($0.glance.latestNPS) },
    ]

    public static let byName: [String: AccountMetric] = Dictionary(
        all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The names a `when` condition may use, with their types.
    public static let conditionNames: [String: ExpressionType] = Dictionary(
        all.compactMap { metric in metric.type.map { (metric.name, $0) } }, uniquingKeysWith: { first, _ in first })
}

/// The names a playbook's `when` may use (docs/guide.md#playbooks-and-pages):
/// the registry's, under the name the expression checker knows.
public enum MetricNames {
    public static var all: [String: ExpressionType] { AccountMetrics.conditionNames }
}

extension AccountAnalysis {
    /// A figure by its registry name, as `when` reads it; missing for a
    /// name the registry does not have.
    public func lookup(_ name: String) -> ExpressionValue {
        AccountMetrics.byName[name]?.read(self).expressionValue ?? .missing
    }
}
