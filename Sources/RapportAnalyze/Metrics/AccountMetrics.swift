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
    /// Words with figures in them, worded by Render.
    case reason(Reason)
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
        case .records, .reason: return .missing
        }
    }
}

/// One entry of the metric registry: a figure's name (the same in `when`,
/// in `{{placeholders}}`, as the exports' field path and CSV column), its
/// type, what it means, where it goes, how it reads, and how it is read.
/// Adding a figure is one entry in `AccountMetrics.all`; Render words every
/// figure by its `shown` (docs/ARCHITECTURE.md#where-things-live-and-how-to-add-one).
/// A class: every brief and export walks the entries, and copying one
/// retained each of its strings and closures (callgrind, issue 29).
public final class AccountMetric: Sendable {
    public enum Export: Sendable {
        /// Not exported: a count only conditions use.
        case none
        /// In `accounts.json`, not in `accounts.csv`.
        case json
        /// In `accounts.json` and, at the same place in the order, a column
        /// of `accounts.csv`.
        case jsonAndCSV
    }

    /// How a page or a playbook placeholder shows it beyond its type's
    /// default (money with the site's currency, dates as ISO days, nothing as "—").
    public enum Shown: Sendable {
        case asIs
        /// A fraction as a whole percentage: "64 %".
        case percent
        /// A fraction to one decimal, for shares read side by side: "64.0 %".
        case share
        /// A rep id shown as the rep's name.
        case repName
        /// A count of days: "30 days".
        case days
        /// A rank among the portfolio's accounts: "3 of 120".
        case rank
        /// Where the last review date comes from, in words ("last review meeting").
        case reviewSource
    }

    /// The brief's sections a figure can be listed in, each as a label and
    /// its value, in `position` order.
    public enum BriefSection: String, Sendable, CaseIterable {
        case value, opportunity
    }

    public struct BriefPlace: Sendable {
        public let section: BriefSection
        public let position: Int
        public let label: String
        /// Another figure shown beside this one, in brackets: where a date came from.
        public let note: String?
    }

    public let name: String
    /// As `when` and placeholders see it; nil: export only.
    public let type: ExpressionType?
    /// One line for the reference (docs/reference.md#playbook-conditions-when).
    public let doc: String
    public let export: Export
    public let shown: Shown
    /// What a page shows when the account has none (no value, an empty list).
    public let none: String
    /// Where the brief lists it; nil: only where a template names it.
    public let brief: BriefPlace?
    public let read: @Sendable (AccountAnalysis) -> MetricValue
    /// A list of records as one `accounts.csv` cell. Read on its own, so
    /// neither export makes the other's form (the JSON made every plan's
    /// CSV text, the CSV every plan's records).
    public let csvSummary: (@Sendable (AccountAnalysis) -> String)?

    init(
        _ name: String, _ type: ExpressionType?, _ doc: String, export: Export = .jsonAndCSV, shown: Shown = .asIs,
        none: String = "—", brief: (BriefSection, Int, String)? = nil, note: String? = nil,
        csvSummary: (@Sendable (AccountAnalysis) -> String)? = nil,
        _ read: @escaping @Sendable (AccountAnalysis) -> MetricValue
    ) {
        self.name = name
        self.type = type
        self.doc = doc
        self.export = export
        self.shown = shown
        self.none = none
        self.brief = brief.map { BriefPlace(section: $0.0, position: $0.1, label: $0.2, note: note) }
        self.csvSummary = csvSummary
        self.read = read
    }
}

/// The metric registry: every figure of an account, in the exports' order
/// (docs/reference.md#exports: fields may be added, never renamed or moved).
public enum AccountMetrics {
    public static let all: [AccountMetric] = [
        .init("account_id", .string, "the account's id, as in accounts.csv") { .text($0.account.id.text) },
        .init("name", .string, "the account's name") { .text($0.account.name) },
        .init("industry", .string, "the account's industry; missing when not given") { .text($0.account.industry) },
        .init("size_band", .string, "small, medium or large, from employees and the size bands") {
            .text($0.sizeBand)
        },
        .init("segment", .string, "the segment key: industry and size band, or the account's own segment") {
            .text($0.segment)
        },
        .init("owner", .string, "the owning rep's id", shown: .repName) { .text($0.account.owner?.text) },
        .init(
            "value.revenue_12m", .number, "revenue in the 12 months to the as-of date",
            brief: (.value, 1, "Revenue, last 12 months")
        ) { .money($0.value.revenue12m) },
        .init(
            "value.revenue_lifetime", .number, "revenue from every order up to the as-of date",
            brief: (.value, 4, "Lifetime revenue")
        ) { .money($0.value.revenueLifetime) },
        .init(
            "value.share_12m", .number, "the account's share of the portfolio's 12-month revenue, 0–1",
            shown: .share, brief: (.value, 2, "Share of portfolio")
        ) { .decimal($0.value.share12m) },
        .init(
            "value.rank", .number, "rank by 12-month revenue, 1 the highest", shown: .rank,
            brief: (.value, 3, "Rank")
        ) { .integer($0.value.rank) },
        .init("value.tier", .string, "A, B or C: the accounts that make up the top 50 %, the next 30 %, the rest") {
            .text($0.value.tier.rawValue)
        },
        .init(
            "value.orders", .number, "orders up to the as-of date (lines with one order id count once)",
            brief: (.value, 5, "Orders")
        ) { .integer($0.value.orders) },
        .init(
            "value.first_order", .date, "the day of the first order", brief: (.value, 7, "First order")
        ) { .date($0.value.firstOrder) },
        .init(
            "value.last_order", .date, "the day of the latest order", brief: (.value, 8, "Last order")
        ) { .date($0.value.lastOrder) },
        .init("clv.model", .string, "the purchase model the lifetime value comes from") {
            .text($0.clv.model.name)
        },
        .init("clv.p_alive", .number, "the chance the account is still buying, 0–1", shown: .percent) {
            .decimal($0.clv.pAlive)
        },
        .init("clv.expected_purchases", .number, "purchases expected over the lifetime value's horizon") {
            .decimal($0.clv.expectedPurchases)
        },
        .init("clv.expected_spend", .number, "the expected amount of one purchase") { .money($0.clv.expectedSpend) },
        .init("clv.clv", .number, "lifetime value over the horizon, discounted") { .money($0.clv.clv) },
        .init("clv.low", .number, "the low end of the lifetime value's likely range") { .money($0.clv.low) },
        .init("clv.high", .number, "the high end of the lifetime value's likely range") { .money($0.clv.high) },
        .init("risk.score", .number, "the risk score, 0–100") { .integer($0.risk.score) },
        .init("risk.band", .string, "low, medium or high") { .text($0.risk.band.rawValue) },
        .init("risk.factors", nil, "each factor's name, points and reason", export: .json) { a in
            .records(
                a.risk.factors.map {
                    [
                        ("name", .text($0.name)), ("points", .decimal(($0.points * 10).rounded() / 10)),
                        ("reason", .reason($0.reason)),
                    ]
                })
        },
        .init("opportunity.level", .string, "low, medium or high") { .text($0.opportunity.level.rawValue) },
        .init(
            "opportunity.families_owned", .list, "the product families the account has bought", none: "none known",
            brief: (.opportunity, 1, "Families owned")
        ) { .list($0.opportunity.familiesOwned) },
        .init(
            "opportunity.cadence_days", .number, "days between reviews at the account's opportunity level",
            shown: .days, brief: (.opportunity, 2, "Review every")
        ) { .integer($0.opportunity.cadenceDays) },
        .init(
            "opportunity.last_review", .date, "the last review, or what stands in for it",
            brief: (.opportunity, 3, "Last review"), note: "opportunity.last_review_source"
        ) { .date($0.opportunity.lastReview) },
        .init(
            "opportunity.next_review", .date, "the last review plus the cadence",
            brief: (.opportunity, 4, "Next review")
        ) { .date($0.opportunity.nextReview) },
        .init("opportunity.overdue", .bool, "the next review is before the as-of date") {
            .flag($0.opportunity.overdue)
        },
        .init("opportunity.due_this_week", .bool, "the next review is in the 7 days from the as-of date") {
            .flag($0.opportunity.dueThisWeek)
        },
        .init("quadrant", .string, "protect, grow, maintain or rescue_or_release") { .text($0.quadrant.rawValue) },
        .init(
            "offers", nil, "product families to offer, each with its lift and reason",
            csvSummary: { a in a.offers.map(\.family).joined(separator: ";") }
        ) { a in
            .records(
                a.offers.map {
                    [("family", .text($0.family)), ("lift", .decimal($0.lift)), ("reason", .reason($0.reason))]
                })
        },
        .init("referrals.made", .number, "referrals the account has made") { .integer($0.referrals.made) },
        .init("referrals.referred_revenue", .number, "12-month revenue of the accounts it referred") {
            .money($0.referrals.referredRevenue)
        },
        .init("referrals.label", .string, "spender, sender, both or neither") { .text($0.referrals.label) },
        .init("pillars.products", .number, "the products pillar, 0–1") { .decimal($0.pillars.products) },
        .init("pillars.service", .number, "the service pillar, 0–1") { .decimal($0.pillars.service) },
        .init("pillars.community", .number, "the community pillar, 0–1") { .decimal($0.pillars.community) },
        .init("pillars.experiences", .number, "the experiences pillar, 0–1") { .decimal($0.pillars.experiences) },
        .init("pillars.perks", .number, "the perks pillar, 0–1") { .decimal($0.pillars.perks) },
        .init("playbooks", nil, "the ids of the playbooks that apply") { .list($0.playbooks) },
        .init(
            "contact_plan", nil, "what to do in the plan's days: date, kind and reason",
            csvSummary: { a in a.contactPlan.map { "\($0.date.iso) \($0.kind)" }.joined(separator: ";") }
        ) { a in
            .records(
                a.contactPlan.map {
                    [("date", .text($0.date.iso)), ("kind", .text($0.kind)), ("reason", .reason($0.reason))]
                })
        },
        .init("pipeline.open_amount", .number, "the amount of the account's open deals") {
            .money($0.pipeline.openAmount)
        },
        .init(
            "pipeline.weighted_amount", .number,
            "open deals' amounts, each times its probability or else the portfolio's win rate"
        ) { .money($0.pipeline.weightedAmount) },
        .init("pipeline.deals", .number, "open deals") { .integer($0.pipeline.deals.count) },
        .init("pipeline.past_close", .number, "open deals whose close date has passed", export: .none) {
            .integer($0.pipeline.pastClose)
        },
        .init("pipeline.closing_30d", .number, "open deals closing in the 30 days from the as-of date", export: .none) {
            .integer($0.pipeline.closingSoon)
        },
        .init("tickets.open", .number, "tickets open on the as-of date", export: .none) {
            .integer($0.glance.openTickets)
        },
        .init("tickets.upkeep_12m", .number, "upkeep tickets in 12 months", export: .none) {
            .integer($0.glance.upkeep12m)
        },
        .init("tickets.critical_open", .number, "critical tickets open", export: .none) {
            .integer($0.glance.criticalOpen)
        },
        .init("orders.days_since_last", .number, "days since the latest order", export: .none) {
            .integer($0.glance.daysSinceLastOrder)
        },
        .init("interactions.days_since_last", .number, "days since the latest interaction", export: .none) {
            .integer($0.glance.daysSinceLastInteraction)
        },
        .init("feedback.nps", .number, "the latest NPS answer, 0–10", export: .none) {
            .integer($0.glance.latestNPS)
        },
        .init(
            "value.average_order", .number, "lifetime revenue ÷ orders", export: .none,
            brief: (.value, 6, "Average order")
        ) { .money($0.value.averageOrder) },
        .init(
            "opportunity.last_review_source", .string,
            "where the last review date comes from: last_review, review interaction, first order or none",
            export: .none, shown: .reviewSource
        ) { .text($0.opportunity.lastReviewSource) },
        .init(
            "value.typical_interval_days", .number, "the median days between order days", export: .none,
            shown: .days, brief: (.value, 9, "Typical interval")
        ) { .integer($0.value.typicalIntervalDays) },
    ]

    /// The figures the brief lists in `section`, in their order.
    public static func listed(in section: AccountMetric.BriefSection) -> [AccountMetric] {
        listedBySection[section] ?? []
    }

    /// Made once: every brief, and every packet's copy of it, asks.
    static let listedBySection: [AccountMetric.BriefSection: [AccountMetric]] = Dictionary(
        grouping: all.filter { $0.brief != nil }, by: { $0.brief!.section }
    ).mapValues { $0.sorted { $0.brief!.position < $1.brief!.position } }

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
