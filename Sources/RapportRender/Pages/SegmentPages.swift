import RapportAnalyze
import RapportCore

/// `segments/<slug>.html`: a segment's one-page pitch sheet (docs/guide.md#what-the-portal-shows, Segments).
struct SegmentPages: PageKind {
    let name = "segment"

    func count(_ site: PageBuilder) -> Int { site.portfolio.segments.count }

    func route(_ item: Int, _ site: PageBuilder) -> Route {
        Route(
            kind: name, path: site.segmentPath(site.portfolio.segments[item].key), template: "segment", position: item)
    }

    func page(_ route: Route, _ site: PageBuilder) -> Page { site.segmentPage(site.portfolio.segments[route.position]) }
}

extension PageBuilder {
    func segmentPage(_ segment: SegmentSummary) -> Page {
        let path = segmentPath(segment.key)
        var context = base(
            path: path, title: segment.label.prefix(1).uppercased() + segment.label.dropFirst(), section: "segments")
        let root = Page.root(for: path)
        let byID = accountsByID
        let pitch = PitchContext(format: format, nameCustomers: model.settings.pitch.nameCustomers)
        let size = CustomerVoices.sizeWords(segment.sizeBand)
        context["segment"] =
            [
                "label": segment.label, "industry": segment.industry, "size_band": segment.sizeBand,
                "prospect_label": "\(size) \(segment.industry) companies",
                "sheet_title": "\(size.prefix(1).uppercased() + size.dropFirst()) \(segment.industry) companies",
                "accounts_count": segment.accounts.count, "revenue_12m": format.money(segment.revenue12m),
                "pitch": pitch.pitch(segment.pitch),
                "proof": pitch.proof(segment.proof, portfolio: portfolio.portfolioProof),
                "beyond_product": segment.beyondProduct, "has_beyond_product": !segment.beyondProduct.isEmpty,
                "pillars_svg": BarChart.svg(
                    segment.pillars.map {
                        BarChart.Bar(label: $0.name.prefix(1).uppercased() + $0.name.dropFirst(), fraction: $0.mean)
                    }, label: "Loyalty pillars of \(segment.label), strongest first, 0 to 100 %"),
                "pillars": segment.pillars.map {
                    [
                        "name": $0.name.prefix(1).uppercased() + $0.name.dropFirst(),
                        "percent": Int(saturating: $0.mean * 100),
                    ]
                        as TemplateContext
                },
            ] as TemplateContext
        // Positions sorted by rank, not copies of the analyses.
        let accounts = portfolio.accounts
        context["accounts"] = segment.accounts.compactMap { byID[$0] }.sorted {
            accounts[$0].value.rank < accounts[$1].value.rank
        }.map {
            accountRow(accounts[$0], root: root)
        }
        return Page(path: path, template: "segment", context: context)
    }
}
