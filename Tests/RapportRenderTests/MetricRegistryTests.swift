import Foundation
import Testing

@testable import Rapport
@testable import RapportAnalyze
@testable import RapportRender

/// The metric registry is the one list of an account's figures: the `when`
/// names, the placeholders and both account exports are made from it.
@Suite struct MetricRegistryTests {
    /// The CSV contract as it stood before the registry (other tools read
    /// these columns, in this order), with the columns added since in their
    /// group: `clv.low` and `clv.high` (issue 28); the open pipeline's three at the end (issue 30). None renamed or removed.
    @Test func theCSVColumnsAreTheContract() {
        #expect(
            Exports.csvColumns == [
                "account_id", "name", "industry", "size_band", "segment", "owner", "value.revenue_12m",
                "value.revenue_lifetime", "value.share_12m", "value.rank", "value.tier", "value.orders",
                "value.first_order", "value.last_order", "clv.model", "clv.p_alive", "clv.expected_purchases",
                "clv.expected_spend", "clv.clv", "clv.low", "clv.high", "risk.score", "risk.band", "opportunity.level",
                "opportunity.families_owned", "opportunity.cadence_days", "opportunity.last_review",
                "opportunity.next_review", "opportunity.overdue", "opportunity.due_this_week", "quadrant", "offers",
                "referrals.made", "referrals.referred_revenue", "referrals.label", "pillars.products",
                "pillars.service", "pillars.community", "pillars.experiences", "pillars.perks", "playbooks",
                "contact_plan", "pipeline.open_amount", "pipeline.weighted_amount", "pipeline.deals",
            ])
        #expect(
            Exports.jsonLayout.map(\.key) == [
                "account_id", "name", "industry", "size_band", "segment", "owner", "value", "clv", "risk",
                "opportunity", "quadrant", "offers", "referrals", "pillars", "playbooks", "contact_plan", "pipeline",
            ])
    }

    /// Every name is listed once.
    @Test func namesAreUnique() {
        #expect(AccountMetrics.byName.count == AccountMetrics.all.count)
    }
}
