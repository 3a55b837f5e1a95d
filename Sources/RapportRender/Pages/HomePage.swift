import RapportAnalyze
import RapportCore

/// `index.html`: the team's week — key figures, the weekly brief's lists,
/// value against risk, quadrants, top accounts, flagged problems.
struct HomePage: PageKind {
    let name = "home"

    func count(_ site: PageBuilder) -> Int { 1 }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(kind: name, path: PageBuilder.homePath, template: "home")
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { site.home() }
}

extension PageBuilder {
    func home() -> Page {
        let path = Self.homePath
        var context = base(path: path, title: "This week", section: "home")
        let root = Page.root(for: path)
        let team = teamBrief
        let revenue = format.keyFigure(portfolio.revenue12m)
        let atRisk = format.keyFigure(team.revenueAtRisk)
        context["kpis"] =
            [
                ["label": "Revenue, last 12 months", "value": revenue.value, "note": revenue.exact ?? ""],
                ["label": "Accounts", "value": Formatting.count(portfolio.accounts.count), "note": ""],
                [
                    "label": "Tier A accounts", "value": Formatting.count(portfolio.count(of: .a)),
                    "note": "together 80 % of 12-month revenue",
                ],
                [
                    "label": "Revenue at risk", "value": atRisk.value,
                    "note": (atRisk.exact.map { $0 + ": " } ?? "") + "12-month revenue of high-risk accounts",
                ],
                [
                    "label": "Reviews overdue", "value": Formatting.count(team.overdueCount),
                    "note": Self.dueNote(team),
                ],
            ] as [TemplateContext]
        context.merge(weeklyContext(team, root: root))
        context["scatter_svg"] = ValueRiskChart.svg(
            portfolio.accounts, highRiskFrom: model.settings.scoring.riskHighFrom, format: format,
            label: "Value against risk: each dot an account, 12-month revenue up (log scale), risk score across")
        context["scatter_note"] =
            portfolio.accounts.count > ValueRiskChart.maximumPoints
            ? "\(ValueRiskChart.maximumPoints) of \(Formatting.count(portfolio.accounts.count)) accounts are shown, "
                + "evenly spread over the ranking." : ""
        // Counted in one pass, and the top ten taken from the ranking made
        // once: filtering and sorting the analyses copied every one of them
        // (760 bytes and their references each) five times.
        var members: [Quadrant: (count: Int, revenue: Money)] = [:]
        for account in portfolio.accounts {
            let sum = members[account.quadrant, default: (0, .zero)]
            members[account.quadrant] = (sum.count + 1, sum.revenue + account.value.revenue12m)
        }
        context["quadrants"] = Quadrant.allCases.map { key -> TemplateContext in
            let sum = members[key, default: (0, .zero)]
            return [
                "label": key.label, "accounts": Formatting.count(sum.count),
                "revenue_12m": format.money(sum.revenue), "meaning": key.meaning,
            ]
        }
        context["top_accounts"] = rankedAccounts.prefix(10).map { accountRow(portfolio.accounts[$0], root: root) }
        let flagged = portfolio.problems.filter { $0.status.isFlagged }
        context["flagged_problems"] = flagged.map {
            ["category": $0.category, "status": $0.status.rawValue, "reason": $0.reason] as TemplateContext
        }
        context["has_flagged_problems"] = !flagged.isEmpty
        context["missing_tables"] = Self.absenceEffects.filter { model.absentTables.contains($0.table) }.map {
            ["table": $0.table, "effect": $0.effect] as TemplateContext
        }
        context["has_missing_tables"] = Self.absenceEffects.contains { model.absentTables.contains($0.table) }
        context["has_future_records"] = portfolio.futureRecordsIgnored > 0
        context["future_records"] = portfolio.futureRecordsIgnored
        return Page(path: path, template: "home", context: context)
    }

    static func dueNote(_ brief: WeeklyBrief) -> String {
        brief.dueCount == 0
            ? "none more due in the next 7 days" : "\(brief.dueCount) more due in the next 7 days"
    }

}
