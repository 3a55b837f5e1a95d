import RapportAnalyze
import RapportCore

/// `prospects/index.html`: every prospect with its next meeting and pitch,
/// when the site has a prospects table.
struct ProspectListPage: PageKind {
    let name = "prospect-list"

    func count(_ site: PageBuilder) -> Int { site.hasProspects ? 1 : 0 }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(kind: name, path: PageBuilder.prospectListPath, template: "prospects")
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { site.prospectList() }
}

extension PageBuilder {
    func prospectList() -> Page {
        let path = Self.prospectListPath
        var context = base(path: path, title: "Prospects", section: "prospects")
        let root = Page.root(for: path)
        context["prospects"] = portfolio.prospects.map { prospectRow($0, root: root) }
        context["has_prospects"] = !portfolio.prospects.isEmpty
        return Page(path: path, template: "prospects", context: context)
    }
}
