import RapportAnalyze
import RapportCore

/// What a rep's weekly brief, review packet and e-mail share: the rep's
/// details and key figures.
extension PageBuilder {
    func repContext(_ id: RepID, root: String) -> TemplateContext {
        let rep = model.reps.first { $0.id == id }
        return [
            "name": repName(id), "id": id.text, "email": rep?.email ?? "", "has_email": rep?.email != nil,
            "team": rep?.team ?? "", "has_team": rep?.team != nil,
            "manager": rep?.manager.map { repName($0) } ?? "", "has_manager": rep?.manager != nil,
            "in_reps_table": rep != nil,
        ]
    }

    func repKPIs(_ brief: WeeklyBrief) -> [TemplateContext] {
        let revenue = format.keyFigure(brief.revenue12m)
        let atRisk = format.keyFigure(brief.revenueAtRisk)
        return [
            ["label": "Accounts", "value": Formatting.count(brief.accounts.count), "note": ""],
            ["label": "Revenue, last 12 months", "value": revenue.value, "note": revenue.exact ?? ""],
            [
                "label": "Revenue at risk", "value": atRisk.value,
                "note": (atRisk.exact.map { $0 + ": " } ?? "")
                    + "\(RiskAnalysis.plural(brief.atRisk.count, "account")) at high risk",
            ],
            [
                "label": "Reviews overdue", "value": Formatting.count(brief.overdueCount),
                "note": Self.dueNote(brief),
            ],
        ]
    }

}
