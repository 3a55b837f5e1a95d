import RapportAnalyze
import RapportCore

/// `problems/index.html`: ticket categories and which are flagged.
struct ProblemsPage: PageKind {
    let name = "problems"

    func count(_ site: PageBuilder) -> Int { 1 }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(kind: name, path: PageBuilder.problemsPath, template: "problems")
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { site.problemsPage() }
}

extension PageBuilder {
    func problemsPage() -> Page {
        let path = Self.problemsPath
        var context = base(path: path, title: "Problems", section: "problems")
        context["categories"] = portfolio.problems.map { problem -> TemplateContext in
            [
                "category": problem.category, "recent": problem.recent, "status": problem.status.rawValue,
                "flagged": problem.status.isFlagged, "reason": problem.reason,
                "median_days": problem.medianDaysToResolve.map { String($0) } ?? "—",
                "effort": problem.meanEffort.map { Formatting.tenths($0) } ?? "—",
            ]
        }
        context["has_categories"] = !portfolio.problems.isEmpty
        context["no_tickets_table"] = model.absentTables.contains("tickets")
        return Page(path: path, template: "problems", context: context)
    }
}
