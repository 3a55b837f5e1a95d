import RapportAnalyze
import RapportCore

/// `playbooks/index.html`: every playbook with its condition.
struct PlaybookListPage: PageKind {
    let name = "playbook-list"

    func count(_ site: PageBuilder) -> Int { 1 }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(kind: name, path: PageBuilder.playbookListPath, template: "playbooks")
    }

    func inputs(_ route: Route, _ site: PageBuilder) -> [RouteInput] {
        [.navigation] + site.sortedPlaybooks.map { .playbook($0.document.id) }
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { site.playbookList() }
}

extension PageBuilder {
    func playbookList() -> Page {
        let path = Self.playbookListPath
        var context = base(path: path, title: "Playbooks", section: "playbooks")
        let root = Page.root(for: path)
        context["playbooks"] = model.playbooks.sorted {
            ($1.priority, $0.document.title) < ($0.priority, $1.document.title)
        }.map { playbookRow($0, root: root) }
        return Page(path: path, template: "playbooks", context: context)
    }

    func playbookRow(_ playbook: Playbook, root: String) -> TemplateContext {
        [
            "id": playbook.document.id,
            "title": playbook.document.title,
            "href": root + playbookPath(playbook.document.id),
            "when": playbook.when ?? "",
            "has_when": playbook.when != nil,
            "pillar": playbook.pillar ?? "",
            "has_pillar": playbook.pillar != nil,
            "priority": playbook.priority,
        ]
    }
}
