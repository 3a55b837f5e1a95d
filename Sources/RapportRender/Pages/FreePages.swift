import RapportAnalyze
import RapportCore

/// `pages/<slug>.html`: the site's own Markdown pages, in the navigation.
struct FreePages: PageKind {
    let name = "page"

    func count(_ site: PageBuilder) -> Int { site.sortedPages.count }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(kind: name, path: site.freePagePath(site.sortedPages[item].id), template: "page", position: item)
    }

    func inputs(_ route: Route, _ site: PageBuilder) -> [RouteInput] {
        [.navigation, .document(site.sortedPages[route.position].id)]
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { site.freePage(site.sortedPages[route.position]) }
}

extension PageBuilder {
    func freePage(_ document: Document) -> Page {
        let path = freePagePath(document.id)
        var context = base(path: path, title: document.title, section: "page:" + document.id)
        context["document"] = ["title": document.title, "html": document.html] as TemplateContext
        return Page(path: path, template: "page", context: context)
    }
}
