import RapportAnalyze
import RapportCore

/// `pages/<slug>.html`: the site's own Markdown pages, in the navigation.
struct FreePages: PageKind {
    let name = "page"

    func routes(_ site: PageBuilder) -> [Route] {
        site.sortedPages.indices.map {
            Route(kind: name, path: site.freePagePath(site.sortedPages[$0].id), template: "page", item: $0)
        }
    }

    func inputs(_ route: Route, _ site: PageBuilder) -> [RouteInput] {
        [.navigation, .document(site.sortedPages[route.item].id)]
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { site.freePage(site.sortedPages[route.item]) }
}

extension PageBuilder {
    func freePage(_ document: Document) -> Page {
        let path = freePagePath(document.id)
        var context = base(path: path, title: document.title, section: "page:" + document.id)
        context["document"] = ["title": document.title, "html": document.html]
        return Page(path: path, template: "page", context: context)
    }
}
