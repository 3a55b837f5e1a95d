import RapportAnalyze
import RapportCore

/// `reps/`: the team list, and per rep the weekly brief, the combined review
/// packet for the coming week, and the weekly brief as an e-mail.
extension PageBuilder {
    /// Where the review packets go, one per rep with accounts.
    public func packetPaths() -> [String] { repBriefs.map { repPath($0.repID) + "packet.html" } }

    func repList() -> Page {
        let path = "reps/index.html"
        var context = base(path: path, title: "Reps", section: "reps")
        let root = Page.root(for: path)
        let reps = Dictionary(model.reps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        context["reps"] = repBriefs.map { rep -> TemplateContext in
            let id = rep.repID, brief = rep.brief
            return [
                "name": repName(id), "team": reps[id]?.team ?? "—",
                "href": root + repPath(id) + "index.html", "packet_href": root + repPath(id) + "packet.html",
                "email_href": root + repPath(id) + "email.html",
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

    func repContext(_ id: String, root: String) -> TemplateContext {
        let rep = model.reps.first { $0.id == id }
        return [
            "name": repName(id), "id": id, "email": rep?.email ?? "", "has_email": rep?.email != nil,
            "team": rep?.team ?? "", "has_team": rep?.team != nil,
            "manager": rep?.manager.map(repName) ?? "", "has_manager": rep?.manager != nil,
            "in_reps_table": rep != nil,
        ]
    }

    func repKPIs(_ brief: WeeklyBrief) -> [TemplateContext] {
        let revenue = format.keyFigure(brief.revenue12m)
        let atRisk = format.keyFigure(brief.revenueAtRisk)
        return [
            ["label": "Accounts", "value": Formatting.count(brief.accounts.count), "note": ""],
            ["label": "Revenue, last 12 months", "value": revenue.value, "note": revenue.exact ?? ""],
            [
                "label": "Revenue at risk", "value": atRisk.value,
                "note": (atRisk.exact.map { $0 + ": " } ?? "")
                    + "\(RiskAnalysis.plural(brief.atRisk.count, "account")) at high risk",
            ],
            [
                "label": "Reviews overdue", "value": Formatting.count(brief.overdueCount),
                "note": Self.dueNote(brief),
            ],
        ]
    }

    func repPage(_ rep: RepBrief) -> Page {
        let id = rep.repID, brief = rep.brief
        let path = repPath(id) + "index.html"
        var context = base(path: path, title: "Weekly brief: \(repName(id))", section: "reps")
        let root = Page.root(for: path)
        context["rep"] = repContext(id, root: root)
        context["kpis"] = repKPIs(brief)
        context.merge(weeklyContext(brief, root: root)) { _, new in new }
        context["accounts"] = brief.accounts.map { accountRow($0, root: root) }
        context["packet_count"] = brief.reviews.count
        let meetings = prospectMeetings(owner: id, root: root)
        context["prospect_meetings"] = meetings
        context["has_prospect_meetings"] = !meetings.isEmpty
        return Page(path: path, template: "rep", context: context)
    }

    /// Every review overdue or due in the next 7 days, one brief per account
    /// and a cover sheet: one document to print before the week's meetings.
    func packetPage(_ rep: RepBrief) -> Page {
        let id = rep.repID, brief = rep.brief
        let path = repPath(id) + "packet.html"
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

    /// The weekly brief as one self-contained HTML file for e-mail: inline
    /// styles, no scripts, no images; links only when `base_url` is set
    /// (relative links break once the file leaves the portal).
    func emailPage(_ rep: RepBrief) -> Page {
        let id = rep.repID, brief = rep.brief
        let path = repPath(id) + "email.html"
        let root = model.settings.baseURL ?? ""
        var context: TemplateContext = [
            "site": ["title": model.settings.title, "currency": model.settings.currency],
            "title": "Weekly brief: \(repName(id))",
            "as_of": portfolio.asOf.iso, "as_of_long": Formatting.longDate(portfolio.asOf),
            "has_links": model.settings.baseURL != nil,
            "portal_href": root + "index.html", "brief_href": root + repPath(id) + "index.html",
            "packet_href": root + repPath(id) + "packet.html",
        ]
        context["rep"] = repContext(id, root: root)
        context["kpis"] = repKPIs(brief)
        context.merge(weeklyContext(brief, root: root, limit: 10)) { _, new in new }
        return Page(path: path, template: "email", context: context)
    }
}
