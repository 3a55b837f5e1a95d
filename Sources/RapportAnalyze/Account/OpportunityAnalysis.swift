import RapportCore

public struct OpportunityMetrics: Sendable {
    public var level: Level
    /// Product families the account has bought, sorted.
    public var familiesOwned: [String]
    public var cadenceDays: Int
    public var lastReview: Day?
    /// Where `lastReview` came from: "last_review", "review interaction" or "first order".
    public var lastReviewSource: String
    public var nextReview: Day?
    public var overdue: Bool
    public var dueThisWeek: Bool
    /// Budget minus 12-month revenue, when the budget is known.
    public var headroom: Money?
    /// The rule that set the level, with its numbers.
    public var reasons: [Reason]
}

/// Opportunity level and the review schedule (docs/methodology.md#opportunity-and-reviews).
public enum OpportunityAnalysis {
    /// When each family was first bought, from order SKUs.
    static func familyFirstPurchase(_ history: AccountHistory, portfolio: PortfolioHistory) -> [String: Day] {
        let catalogue = portfolio.catalogue
        var first = [Day?](repeating: nil, count: catalogue.families.count)
        for order in history.orders {
            guard let family = catalogue.family(order.sku) else { continue }
            if let seen = first[family], seen <= order.date { continue }
            first[family] = order.date
        }
        var byName: [String: Day] = [:]
        for (family, day) in first.enumerated() { if let day { byName[catalogue.families[family]] = day } }
        return byName
    }

    public static func compute(
        _ history: AccountHistory, value: ValueMetrics, portfolio: PortfolioHistory, settings: ScoringSettings
    ) -> OpportunityMetrics {
        let asOf = portfolio.asOf
        let firsts = familyFirstPurchase(history, portfolio: portfolio)
        let owned = firsts.keys.sorted()
        let catalogue = portfolio.families.count
        let year = DayWindow(endingOn: asOf, length: 365)
        let newFamilies = firsts.filter { year.contains($0.value) }.keys.sorted()
        let band = settings.sizeBand(employees: history.account.employees)
        let headroom = history.account.budget.map { $0 - value.revenue12m }

        let few = catalogue > 0 && (owned.count <= settings.fewFamilies || Double(owned.count) < Double(catalogue) / 2)
        let hasResources: Bool
        let resourceReason: Reason
        if let headroom {
            hasResources = headroom.cents > 0
            resourceReason =
                hasResources ? "budget headroom \(money: headroom)" : "no budget headroom (\(money: headroom))"
        } else if let band {
            hasResources = band != "small"
            resourceReason = "budget unknown; \(band) company"
        } else {
            hasResources = false
            resourceReason = "budget and size unknown"
        }
        let ownsText: Reason =
            catalogue > 0 ? "owns \(owned.count) of \(catalogue) families" : "no product families known"
        let newText: Reason
        if let latest = newFamilies.max(by: { firsts[$0]! < firsts[$1]! }) {
            newText = "bought a new family in 12 months (\(latest), \(date: firsts[latest]!))"
        } else if let lastNew = firsts.values.max() {
            newText = "no new family since \(lastNew.monthKey)"
        } else {
            newText = "no family bought yet"
        }
        // A replacement is due when a product bought earlier reaches its
        // replacement age within the next 90 days.
        var dueReplacement: (String, Day)?
        // The latest order of each product (orders are newest first), by
        // position in the catalogue; then in SKU order.
        let products = portfolio.catalogue.products
        var latest = [Day?](repeating: nil, count: products.count)
        for order in history.orders {
            guard let position = portfolio.catalogue.position(order.sku), latest[position] == nil else { continue }
            latest[position] = order.date
        }
        for position in portfolio.catalogue.bySKU {
            guard let day = latest[position], let months = products[position].replacementMonths, months >= 12
            else { continue }
            let due = day.adding(days: months * 365 / 12)
            if due <= asOf.adding(days: 90), dueReplacement == nil || due < dueReplacement!.1 {
                dueReplacement = (products[position].name, due)
            }
        }
        // The review method's cautious customer buys a single product: one
        // family bought, however often, up to the as-of date (or nothing yet).
        // "Nothing yet" from the order lines themselves, not `value.orders`:
        // last week's indicators skip counting distinct order ids (a text
        // sort per account, 0.7 s at 100,000 accounts), and no line means
        // no order either way.
        let boughtNothing = history.orders.isEmpty
        let cautious = boughtNothing || (catalogue > 0 && owned.count == 1)

        let level: Level
        var reasons: [Reason]
        if few && hasResources && newFamilies.isEmpty {
            level = .high
            reasons = [ownsText, resourceReason, newText]
        } else if !hasResources && cautious {
            level = .low
            reasons = [
                boughtNothing
                    ? "has bought nothing yet"
                    : "cautious buyer (has bought from one product family only: \(owned[0]))",
                resourceReason,
            ]
        } else if catalogue > 0 && owned.count >= catalogue - 1 && dueReplacement == nil {
            level = .low
            reasons = [ownsText, "no replacement due"]
        } else {
            level = .medium
            reasons = [ownsText, resourceReason, newText]
            if let (name, due) = dueReplacement { reasons.append("\(name) due for replacement \(date: due)") }
        }

        // The review schedule: last_review, else the latest review
        // interaction, else the first order; plus the cadence of the level.
        let cadence = settings.cadenceDays[level] ?? 180
        var base: Day?
        var source = "none"
        if let review = history.account.lastReview, review <= asOf {
            base = review
            source = "last_review"
        } else if let review = history.interactions.first(where: { $0.kind == .review }) {
            base = review.date
            source = "review interaction"
        } else if let first = value.firstOrder {
            base = first
            source = "first order"
        }
        let next = base?.adding(days: cadence)
        return OpportunityMetrics(
            level: level, familiesOwned: owned, cadenceDays: cadence, lastReview: base, lastReviewSource: source,
            nextReview: next, overdue: next.map { $0 < asOf } ?? false,
            dueThisWeek: next.map { asOf <= $0 && $0 < asOf.adding(days: 7) } ?? false, headroom: headroom,
            reasons: reasons)
    }
}
