import RapportCore

public struct ContactItem: Sendable, Equatable {
    public var date: Day
    /// review_due, anniversary, post_purchase_followup, keep_in_touch, thank_referrer.
    public var kind: String
    public var reason: Reason
    /// The other account the reason names (the one a referrer referred),
    /// and the reason without its name: what a portal that may not name
    /// that account shows instead (docs/guide.md#publishing-privately).
    public var names: AccountID?
    public var unnamedReason: Reason?

    public init(date: Day, kind: String, reason: Reason, names: AccountID? = nil, unnamedReason: Reason? = nil) {
        self.date = date
        self.kind = kind
        self.reason = reason
        self.names = names
        self.unnamedReason = unnamedReason
    }
}

/// The contact plan (docs/methodology.md#how-the-figures-are-computed): what to do for the account in the next 30 days
/// (by default).
public enum ContactPlan {
    public static func compute(
        _ history: AccountHistory, value: ValueMetrics, opportunity: OpportunityMetrics, asOf: Day,
        settings: ScoringSettings, names: [AccountID: String]
    ) -> [ContactItem] {
        let last = asOf.adding(days: settings.planDays - 1)
        var items: [ContactItem] = []
        if let next = opportunity.nextReview, next <= last {
            let reason: Reason =
                next < asOf
                ? "review overdue since \(date: next) (every \(opportunity.cadenceDays) days)"
                : "review due \(date: next) (every \(opportunity.cadenceDays) days)"
            items.append(ContactItem(date: max(next, asOf), kind: "review_due", reason: reason))
        }
        func anniversary(of day: Day, _ what: String) {
            let (year, month, dayOfMonth) = day.components
            let (thisYear, _, _) = asOf.components
            for candidateYear in [thisYear, thisYear + 1] where candidateYear > year {
                let date =
                    Day(year: candidateYear, month: month, day: dayOfMonth)
                    ?? Day(year: candidateYear, month: month, day: dayOfMonth - 1)!
                if asOf <= date && date <= last {
                    let years = candidateYear - year
                    items.append(
                        ContactItem(
                            date: date, kind: "anniversary",
                            reason: "\(years) year\(years == 1 ? "" : "s") since \(what) (\(date: day))"))
                }
            }
        }
        if let since = history.account.customerSince { anniversary(of: since, "becoming a customer") }
        if let first = value.firstOrder { anniversary(of: first, "the first order") }
        if let recent = history.orders.first, asOf.days(since: recent.date) < settings.followUpDays {
            let lines = history.orders.filter { $0.date == recent.date }
            let amount = lines.reduce(Money.zero) { $0 + $1.amount }
            let date = max(asOf, recent.date.adding(days: 7))
            items.append(
                ContactItem(
                    date: min(date, last), kind: "post_purchase_followup",
                    reason: "order of \(date: recent.date) (\(money: amount)): thank them, check it works, "
                        + "one related suggestion"))
        }
        if value.tier != .c {
            let personal = history.interactions.first { $0.kind != .newsletter }
            let since = personal.map { asOf.days(since: $0.date) }
            if since.map({ $0 >= settings.keepInTouchDays }) ?? true {
                items.append(
                    ContactItem(
                        date: asOf, kind: "keep_in_touch",
                        reason: "tier \(value.tier.rawValue) account with "
                            + (since.map { "no contact in \($0) days" } ?? "no recorded contact")))
            }
        }
        for referral in history.referralsMade {
            guard let date = referral.date, asOf.days(since: date) < settings.planDays else { continue }
            items.append(
                ContactItem(
                    date: asOf, kind: "thank_referrer",
                    reason: "referred \(names[referral.referredID] ?? referral.referredID.text) on \(date: date)",
                    names: referral.referredID, unnamedReason: "referred an account on \(date: date)"))
        }
        // Sorted by the words too, so a day's two anniversaries keep one order.
        return items.sorted {
            ($0.date, $0.kind, $0.reason.orderingKey) < ($1.date, $1.kind, $1.reason.orderingKey)
        }
    }
}
