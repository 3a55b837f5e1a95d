import RapportCore

/// One part of the review meeting: a heading and the points to raise, each
/// grounded in the account's own figures.
public struct AgendaSection: Sendable, Equatable {
    public var topic: String
    public var points: [Reason]
}

/// The account review (docs/guide.md#what-the-portal-shows): it covers how the customer sees us and our company,
/// needs we could meet by selling more, and contact with competitors (asked
/// indirectly); it closes by agreeing the next review.
public enum ReviewAgenda {
    public static func compute(_ a: AccountAnalysis, asOf: Day) -> [AgendaSection] {
        func factor(_ name: String) -> RiskFactor? { a.risk.factors.first { $0.name == name && $0.points > 0 } }

        var seen: [Reason] = ["Ask how working with us has gone since the last review and what they would change."]
        if a.glance.openTickets > 0 {
            let critical = a.glance.criticalOpen > 0 ? " (\(a.glance.criticalOpen) critical)" : ""
            seen.append(
                "Go through the \(RiskAnalysis.plural(a.glance.openTickets, "open ticket"))\(critical) and agree next steps."
            )
        }
        if let nps = a.glance.latestNPS {
            seen.append(
                nps >= 9
                    ? "Their last NPS answer was \(nps): ask what they value most, in their words."
                    : "Their last NPS answer was \(nps): ask what would make it a 10.")
        }
        if let effort = factor("customer_effort") {
            seen.append("Ask where dealing with us takes effort: \(effort.reason).")
        }
        if let spend = factor("spend_decline") { seen.append("Understand the change in spending: \(spend.reason).") }

        var needs: [Reason] = []
        for offer in a.offers.prefix(3) { needs.append("Explore \(offer.family): \(offer.reason).") }
        if needs.isEmpty {
            let owned = a.opportunity.familiesOwned
            needs.append(
                owned.isEmpty
                    ? "No sale to propose: learn what they are trying to achieve this year."
                    : "No sale to propose: help them get more from \(owned.joined(separator: ", ")); never lead with a "
                        + "discount."
            )
        }
        if a.referrals.made > 0 {
            needs.append(
                "Thank them for \(RiskAnalysis.plural(a.referrals.made, "referral")) and ask who else could benefit.")
        }

        var competitors: [Reason] = [
            "Ask indirectly: \"When you last bought from us, which other vendors did you consider?\""
        ]
        if let contact = factor("competitor_contact") { competitors.append("Known contact: \(contact.reason).") }

        let next = asOf.adding(days: a.opportunity.cadenceDays)
        return [
            AgendaSection(topic: "How they see us and our company", points: seen),
            AgendaSection(topic: "Needs we could meet", points: needs),
            AgendaSection(topic: "Contact with competitors", points: competitors),
            AgendaSection(
                topic: "Next steps",
                points: [
                    "Agree the actions above with owners and dates.",
                    "Book the next review by \(date: next) (every \(a.opportunity.cadenceDays) days at \(a.opportunity.level.rawValue) opportunity).",
                ]),
        ]
    }
}
