import RapportAnalyze
import RapportCore

/// `reps/<slug>/index.html`: a rep's weekly brief.
struct RepBriefPages: RepPageKind {
    let name = "rep-brief"
    let template = "rep"

    func path(_ repID: RepID, _ site: PageBuilder) -> String { site.repBriefPath(repID) }

    func page(_ rep: RepBrief, _ site: PageBuilder) -> Page { site.repPage(rep) }
}

extension PageBuilder {
    func repPage(_ rep: RepBrief) -> Page {
        let id = rep.repID, brief = rep.brief
        let path = repBriefPath(id)
        var context = base(path: path, title: "Weekly brief: \(repName(id))", section: "reps")
        let root = Page.root(for: path)
        context["rep"] = repContext(id, root: root)
        context["kpis"] = repKPIs(brief)
        context.merge(weeklyContext(brief, root: root))
        context["accounts"] = brief.accounts.map { accountRow($0, root: root) }
        context["packet_count"] = brief.reviews.count
        let meetings = prospectMeetings(owner: id, root: root)
        context["prospect_meetings"] = meetings
        context["has_prospect_meetings"] = !meetings.isEmpty
        return Page(path: path, template: "rep", context: context)
    }
}
