import RapportAnalyze
import RapportCore

/// `reps/<slug>/email.html`: a rep's weekly brief as one self-contained
/// HTML file for e-mail.
struct EmailPages: RepPageKind {
    let name = Route.emailKind
    let template = "email"

    func path(_ repID: RepID, _ site: PageBuilder) -> String { site.emailPath(repID) }

    /// Self-contained: no navigation bar.
    func inputs(_ route: Route, _ site: PageBuilder) -> [RouteInput] { [] }

    func page(_ rep: RepBrief, _ site: PageBuilder) -> Page { site.emailPage(rep) }
}

extension PageBuilder {
    /// The weekly brief as one self-contained HTML file for e-mail: inline
    /// styles, no scripts, no images; links only when `base_url` is set
    /// (relative links break once the file leaves the portal).
    func emailPage(_ rep: RepBrief) -> Page {
        let id = rep.repID, brief = rep.brief
        let path = emailPath(id)
        let root = model.settings.baseURL ?? ""
        var context: TemplateContext = [
            "site": ["title": model.settings.title, "currency": model.settings.currency] as TemplateContext,
            "title": "Weekly brief: \(repName(id))",
            "as_of": portfolio.asOf.iso, "as_of_long": Formatting.longDate(portfolio.asOf),
            "has_links": model.settings.baseURL != nil,
            "portal_href": root + Self.homePath, "brief_href": root + repBriefPath(id),
            "packet_href": root + packetPath(id),
        ]
        context["rep"] = repContext(id, root: root)
        context["kpis"] = repKPIs(brief)
        context.merge(weeklyContext(brief, root: root, limit: 10))
        return Page(path: path, template: "email", context: context)
    }
}

extension Route {
    /// The weekly e-mails' kind: what an encrypted portal also writes, in
    /// clear, to `output/mail/` (docs/guide.md#publishing-privately).
    public static let emailKind = "email"
}
