/// The names a playbook's `when` may use: exactly the field paths of the
/// export contract (README, *Exports*) plus a few counts. The same names are filled
/// per account by `AccountMetrics.lookup`.
public enum MetricNames {
    public static let all: [String: ExpressionType] = [
        "account_id": .string, "name": .string, "industry": .string, "size_band": .string, "segment": .string,
        "owner": .string,
        "value.revenue_12m": .number, "value.revenue_lifetime": .number, "value.share_12m": .number,
        "value.rank": .number, "value.tier": .string, "value.orders": .number, "value.first_order": .date,
        "value.last_order": .date,
        "clv.model": .string, "clv.p_alive": .number, "clv.expected_purchases": .number,
        "clv.expected_spend": .number, "clv.clv": .number,
        "risk.score": .number, "risk.band": .string,
        "opportunity.level": .string, "opportunity.families_owned": .list, "opportunity.cadence_days": .number,
        "opportunity.last_review": .date, "opportunity.next_review": .date, "opportunity.overdue": .bool,
        "opportunity.due_this_week": .bool,
        "quadrant": .string,
        "referrals.made": .number, "referrals.referred_revenue": .number, "referrals.label": .string,
        "pillars.products": .number, "pillars.service": .number, "pillars.community": .number,
        "pillars.experiences": .number, "pillars.perks": .number,
        "tickets.open": .number, "tickets.upkeep_12m": .number, "tickets.critical_open": .number,
        "orders.days_since_last": .number, "interactions.days_since_last": .number, "feedback.nps": .number,
    ]
}
