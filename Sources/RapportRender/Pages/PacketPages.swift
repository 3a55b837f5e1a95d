import RapportAnalyze
import RapportCore

/// `reps/<slug>/packet.html`: a rep's review packet for the coming week,
/// printed as one document (and to PDF with `build --pdf`).
struct PacketPages: RepPageKind {
    let name = Route.reviewPacketKind
    let template = "packet"

    func path(_ repID: RepID, _ site: PageBuilder) -> String { site.packetPath(repID) }

    /// Every brief in it shows the playbooks its account matches.
    func inputs(_ route: Route, _ site: PageBuilder) -> [RouteInput] {
        [.navigation]
            + Set(site.repBriefs[route.position].brief.reviews.flatMap(\.playbooks)).sorted().map(RouteInput.playbook)
    }

    func page(_ rep: RepBrief, _ site: PageBuilder) -> Page { site.packetPage(rep) }
}

extension PageBuilder {
    /// Every review overdue or due in the next 7 days, one brief per account
    /// and a cover sheet: one document to print before the week's meetings.
    func packetPage(_ rep: RepBrief) -> Page {
        let id = rep.repID, brief = rep.brief
        let path = packetPath(id)
        var context = base(path: path, title: "Review packet: \(repName(id))", section: "reps")
        let root = Page.root(for: path)
        context["rep"] = repContext(id, root: root)
        context["week_end"] = Formatting.longDate(portfolio.asOf.adding(days: 6))
        context["briefs"] = brief.reviews.map { analysis -> TemplateContext in
            var briefContext = briefContext(analysis, root: root, heading: "h3")
            briefContext["review_status"] = analysis.opportunity.overdue ? "overdue" : "due"
            return briefContext
        }
        context["has_briefs"] = !brief.reviews.isEmpty
        return Page(path: path, template: "packet", context: context)
    }
}

extension Route {
    /// The kind of the review packets, which `build --pdf` prints.
    public static let reviewPacketKind = "packet"
}
