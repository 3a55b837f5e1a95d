import RapportAnalyze
import RapportCore

/// `playbooks/<slug>.html`: one page per playbook.
struct PlaybookPages: PageKind {
    let name = "playbook"

    func count(_ site: PageBuilder) -> Int { site.sortedPlaybooks.count }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(
            kind: name, path: site.playbookPath(site.sortedPlaybooks[item].document.id), template: "playbook",
            position: item)
    }

    func inputs(_ route: Route, _ site: PageBuilder) -> [RouteInput] {
        [.navigation, .playbook(site.sortedPlaybooks[route.position].document.id)]
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { site.playbookPage(site.sortedPlaybooks[route.position]) }
}

extension PageBuilder {
    func playbookPage(_ playbook: Playbook) -> Page {
        let path = playbookPath(playbook.document.id)
        var context = base(path: path, title: playbook.document.title, section: "playbooks")
        var row = playbookRow(playbook, root: Page.root(for: path))
        row["html"] = playbook.document.html
        context["playbook"] = row
        return Page(path: path, template: "playbook", context: context)
    }
}
