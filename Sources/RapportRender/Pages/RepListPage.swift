import RapportAnalyze
import RapportCore

/// `reps/index.html`: every rep with accounts, with their week in figures.
struct RepListPage: PageKind {
    let name = "rep-list"

    func count(_ site: PageBuilder) -> Int { 1 }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(kind: name, path: PageBuilder.repListPath, template: "reps")
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { site.repList() }
}

extension PageBuilder {
    func repList() -> Page {
        let path = Self.repListPath
        var context = base(path: path, title: "Reps", section: "reps")
        let root = Page.root(for: path)
        let reps = Dictionary(model.reps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        context["reps"] = repBriefs.map { rep -> TemplateContext in
            let id = rep.repID, brief = rep.brief
            return [
                "name": repName(id), "team": reps[id]?.team ?? "—",
                "href": root + repBriefPath(id), "packet_href": root + packetPath(id),
                "email_href": root + emailPath(id),
                "accounts": brief.accounts.count, "revenue_12m": format.money(brief.revenue12m),
                "overdue": brief.overdueCount, "due": brief.dueCount, "at_risk": brief.atRisk.count,
                "revenue_at_risk": format.money(brief.revenueAtRisk),
            ]
        }
        context["has_reps"] = !repBriefs.isEmpty
        context["unassigned"] = portfolio.accounts.count { $0.account.owner == nil }
        context["has_unassigned"] = portfolio.accounts.contains { $0.account.owner == nil }
        return Page(path: path, template: "reps", context: context)
    }
}
