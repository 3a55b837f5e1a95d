import RapportAnalyze
import RapportCore

/// `search.html`: search over accounts, reps, segments, prospects and
/// playbooks; its script loads `search-index.json` and matches in the
/// browser, no server needed.
struct SearchPage: PageKind {
    let name = "search"

    func count(_ site: PageBuilder) -> Int { 1 }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(kind: name, path: PageBuilder.searchPath, template: "search")
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { site.searchPage() }
}

extension PageBuilder {
    func searchPage() -> Page {
        let path = Self.searchPath
        var context = base(path: path, title: "Search", section: "search")
        context["index_href"] = Page.root(for: path) + Self.searchIndexPath
        return Page(path: path, template: "search", context: context)
    }
}
