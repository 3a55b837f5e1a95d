import RapportAnalyze
import RapportCore

/// The prospects list and one page per prospect: the pitch for companies
/// like it, references, first-meeting questions, matching playbooks
/// (docs/guide.md#what-the-portal-shows, Prospects).
struct ProspectPages: PageKind {
    let name = "prospect"

    func count(_ site: PageBuilder) -> Int { site.hasProspects ? site.portfolio.prospects.count : 0 }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(
            kind: name, path: site.prospectPath(site.portfolio.prospects[item].prospect.id), template: "prospect",
            position: item)
    }

    func inputs(_ route: Route, _ site: PageBuilder) -> [RouteInput] {
        [.navigation] + site.portfolio.prospects[route.position].playbooks.map(RouteInput.playbook)
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page {
        site.prospectPage(site.portfolio.prospects[route.position])
    }
}

extension PageBuilder {
    /// Prospects' pages exist when the site has a prospects table.
    var hasProspects: Bool { !model.absentTables.contains("prospects") }

    func prospectRow(_ brief: ProspectBrief, root: String) -> TemplateContext {
        let prospect = brief.prospect
        return [
            "id": prospect.id.text, "name": prospect.name, "href": root + prospectPath(prospect.id),
            "industry": prospect.industry ?? "—",
            "size_band": brief.sizeBand.map(CustomerVoices.sizeWords) ?? "size unknown",
            "stage": prospect.stage ?? "—", "owner": prospect.owner.map { repName($0) } ?? "—",
            "next_meeting": prospect.nextMeeting?.iso ?? "—",
            "meeting_in": brief.daysToMeeting.map { days in
                days == 0 ? "today" : days > 0 ? "in \(RiskAnalysis.plural(days, "day"))" : "\(-days) days ago"
            } ?? "",
            "evidence": PitchContext.strengthWord(brief.pitch.basis.strength), "pitch": brief.pitch.headline,
        ]
    }

    func prospectPage(_ brief: ProspectBrief) -> Page {
        let path = prospectPath(brief.prospect.id)
        var context = base(path: path, title: brief.prospect.name, section: "prospects")
        let root = Page.root(for: path)
        let pitch = PitchContext(format: format, nameCustomers: true)
        var row = prospectRow(brief, root: root)
        row["region"] = brief.prospect.region ?? "—"
        row["note"] = brief.prospect.note ?? ""
        row["has_note"] = brief.prospect.note != nil
        // Set for every prospect, so a portal whose prospects match no
        // segment still has the names its template uses.
        row["has_segment_page"] = false
        row["segment_label"] = ""
        row["segment_href"] = ""
        if let segment = brief.segment, let summary = portfolio.segments.first(where: { $0.key == segment }) {
            row["segment_label"] = summary.label
            row["segment_href"] = root + segmentPath(segment)
            row["has_segment_page"] = true
        }
        context["prospect"] = row
        context["pitch"] = pitch.pitch(brief.pitch)
        context["references"] = brief.references.compactMap { id in
            accountsByID[id].map { position -> TemplateContext in
                let analysis = portfolio.accounts[position]
                var why: [String] = []
                if let score = analysis.glance.latestNPS, score >= 9 { why.append("promoter (\(score))") }
                if analysis.referrals.made > 0 { why.append("referred \(analysis.referrals.made)") }
                return [
                    "name": analysis.account.name, "href": root + accountPath(id), "label": analysis.segmentLabel,
                    "why": why.joined(separator: ", "), "owner": analysis.account.owner.map { repName($0) } ?? "—",
                ]
            }
        }
        context["has_references"] = !brief.references.isEmpty
        context["questions"] = brief.questions
        context["playbooks"] = matchedPlaybooks(brief.playbooks, root: root) {
            fillProspectPlaceholders($0, for: brief)
        }
        context["has_playbooks"] = !brief.playbooks.isEmpty
        return Page(path: path, template: "prospect", context: context)
    }

    func fillProspectPlaceholders(_ playbook: String, for brief: ProspectBrief) -> String {
        guard let parts = playbookParts[playbook] else { return playbooksByID[playbook]?.document.html ?? "" }
        return fill(parts) { name in
            switch brief.lookup(name) {
            case .string(let text): return text
            case .number(let number): return Formatting.tenths(number)
            default: return nil
            }
        }
    }

    /// A rep's prospect meetings from the as-of date to 6 days after.
    func prospectMeetings(owner: RepID, root: String) -> [TemplateContext] {
        portfolio.prospects.filter { $0.prospect.owner == owner && (0...6).contains($0.daysToMeeting ?? -1) }
            .sorted { ($0.daysToMeeting!, $0.prospect.id) < ($1.daysToMeeting!, $1.prospect.id) }
            .map { prospectRow($0, root: root) }
    }
}
