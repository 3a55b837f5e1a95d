import RapportAnalyze
import RapportCore

/// `segments/index.html`: every segment with its pitch and evidence.
struct SegmentListPage: PageKind {
    let name = "segment-list"

    func count(_ site: PageBuilder) -> Int { 1 }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(kind: name, path: PageBuilder.segmentListPath, template: "segments")
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { site.segmentList() }
}

extension PageBuilder {
    func segmentList() -> Page {
        let path = Self.segmentListPath
        var context = base(path: path, title: "Segments", section: "segments")
        let root = Page.root(for: path)
        context["segments"] = portfolio.segments.map { segment -> TemplateContext in
            [
                "label": segment.label, "href": root + segmentPath(segment.key), "accounts": segment.accounts.count,
                "revenue_12m": format.money(segment.revenue12m), "pitch": segment.pitch.headline,
                "answers": segment.pitch.own.answers, "evidence": PitchContext.strengthWord(segment.pitch.own.strength),
                "nps": segment.pitch.own.nps.map { String($0) } ?? "—",
            ]
        }
        return Page(path: path, template: "segments", context: context)
    }
}
