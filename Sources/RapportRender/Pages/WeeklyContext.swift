import RapportAnalyze
import RapportCore

/// The lists of a weekly brief as page data, shared by the home page, a
/// rep's brief and a rep's e-mail.
extension PageBuilder {
    /// The lists of a weekly brief, for the home page (team), a rep's page
    /// and a rep's e-mail. Long lists are cut; the cut is said on the page.
    func weeklyContext(_ brief: WeeklyBrief, root: String, limit: Int = 25) -> TemplateContext {
        var context: TemplateContext = [:]
        func cut<Items: RandomAccessCollection>(
            _ items: Items, _ key: String, _ row: (Items.Element) -> TemplateContext
        ) {
            context[key] = items.prefix(limit).map(row)
            context["has_" + key] = !items.isEmpty
            context[key + "_more"] = max(0, items.count - limit)
            // A section over a number is a theme error (see ContextShape): flags decide.
            context["has_" + key + "_more"] = items.count > limit
        }
        cut(brief.changes, "changes") { entry in
            var row = accountRow(entry.account, root: root)
            row["notes"] = changeNotes(entry.detail, entry.account).joined(separator: "; ")
            return row
        }
        cut(brief.reviews, "reviews") { analysis in
            var row = accountRow(analysis, root: root)
            row["next_review"] = analysis.opportunity.nextReview?.iso ?? "—"
            row["status"] = analysis.opportunity.overdue ? "overdue" : "due"
            row["overdue"] = analysis.opportunity.overdue
            return row
        }
        cut(brief.contacts, "contacts") { entry in
            var row = accountRow(entry.account, root: root)
            row["date"] = entry.detail.date.iso
            row["kind"] = Self.contactLabels[entry.detail.kind] ?? entry.detail.kind
            row["reason"] = format.words(entry.detail.reason)
            return row
        }
        cut(brief.deals, "deals") { entry in
            var row = accountRow(entry.account, root: root)
            row["deal_id"] = entry.detail.id.text
            row["stage"] = entry.detail.stage ?? "—"
            row["amount"] = entry.detail.amount.map(format.money) ?? "—"
            row["close_date"] = entry.detail.closeDate?.iso ?? "—"
            row["past_close"] = entry.detail.pastClose
            return row
        }
        cut(brief.opportunities, "opportunities") { analysis in
            var row = accountRow(analysis, root: root)
            row["offer"] = analysis.offers.first.map { "\($0.family): " + format.words($0.reason) } ?? ""
            return row
        }
        cut(brief.atRisk, "at_risk") { analysis in
            var row = accountRow(analysis, root: root)
            row["risk_score"] = analysis.risk.score
            row["top_reason"] =
                analysis.risk.factors.max { ($0.points, $1.name) < ($1.points, $0.name) }.map {
                    format.words($0.reason)
                } ?? ""
            return row
        }
        context["revenue_at_risk"] = format.money(brief.revenueAtRisk)
        // A rep's own brief need not repeat their name on every line.
        context["show_owner"] = brief.scope == .team
        context["overdue_count"] = brief.overdueCount
        context["due_count"] = brief.dueCount
        return context
    }

    func changeNotes(_ change: WeeklyChange, _ analysis: AccountAnalysis) -> [String] {
        var notes: [String] = []
        if change.enteredHighRisk { notes.append("entered high risk (\(analysis.risk.score))") }
        if change.tierMoved, let before = change.tierBefore {
            notes.append("tier \(before.rawValue) → \(change.tierNow.rawValue)")
        }
        if change.becameOverdue { notes.append("review now overdue") }
        if change.newOrders > 0 {
            notes.append(
                "\(change.newOrders) new order\(change.newOrders == 1 ? "" : "s") (\(format.money(change.newRevenue)))")
        }
        return notes
    }
}
