import RapportAnalyze
import RapportCore

/// Number formats for risk points: one decimal, ".0" dropped.
/// The render stage's view of one site: the model, its analysis and the
/// lookups every page shares (slugs, names, the navigation). What each kind
/// of output file is, and how it is made, lives in its own file under
/// `Pages/` and `DataFiles/`, listed once in `RouteKinds.all`; paths are
/// made in `Routes/SitePaths.swift` only (docs/ARCHITECTURE.md#where-things-live-and-how-to-add-one). Every list
/// that reaches a page is sorted here; templates never decide order.
public struct PageBuilder: Sendable {
    let model: SiteModel
    let portfolio: Portfolio
    let format: Formatting
    let accountSlugs: [AccountID: String]
    let playbookSlugs: [String: String]
    let pageSlugs: [String: String]
    let repNames: [RepID: String]
    let segmentSlugs: [String: String]
    let prospectSlugs: [ProspectID: String]
    /// The team's weekly brief and one per rep with accounts, made by the
    /// analysis stage (`WeeklyBriefs`), not here.
    let briefs: WeeklyBriefs
    var teamBrief: WeeklyBrief { briefs.team }
    /// One per owner id with accounts, by owner id.
    var repBriefs: [RepBrief] { briefs.reps }
    let repSlugs: [RepID: String]
    let sortedPlaybooks: [Playbook]
    let playbooksByID: [String: Playbook]
    /// Playbooks with placeholders, cut at them (`parts(of:)`), by id.
    let playbookParts: [String: [PlaybookPart]]
    let sortedPages: [Document]
    /// Positions in `portfolio.accounts`: copies of the analyses cost 800
    /// bytes each, 80 MB a copy at 100,000 accounts.
    let accountsByID: [AccountID: Int]
    let accountNames: [AccountID: String]
    /// All accounts by value rank, and the owner names for the list's filter.
    let rankedAccounts: [Int]
    let ownerNames: [String]
    /// Set last in `init`, from the rest.
    private(set) var shared = SharedBase()

    /// For tests and tools that have no analysis stage of their own: the
    /// weekly briefs are made here as the pipeline's analysis stage makes them.
    public init(model: SiteModel, portfolio: Portfolio) {
        self.init(model: model, portfolio: portfolio, briefs: WeeklyBriefs(portfolio))
    }

    public init(model: SiteModel, portfolio: Portfolio, briefs: WeeklyBriefs) {
        self.model = model
        self.portfolio = portfolio
        self.briefs = briefs
        format = Formatting(symbol: model.settings.currencySymbol)
        accountSlugs = Slug.assign(model.accounts.map(\.id))
        playbookSlugs = Slug.assign(model.playbooks.map(\.document.id))
        pageSlugs = Slug.assign(model.freePages.map(\.id))
        repNames = Dictionary(model.reps.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        segmentSlugs = Slug.assign(portfolio.segments.map(\.key))
        prospectSlugs = Slug.assign(portfolio.prospects.map(\.prospect.id))
        repSlugs = Slug.assign(briefs.reps.map(\.repID))
        sortedPlaybooks = model.playbooks.sorted { $0.document.id < $1.document.id }
        playbooksByID = Dictionary(
            model.playbooks.map { ($0.document.id, $0) }, uniquingKeysWith: { first, _ in first })
        playbookParts = playbooksByID.filter { !$0.value.document.placeholders.isEmpty }.mapValues {
            Self.parts(of: $0.document.html)
        }
        sortedPages = model.freePages.sorted { $0.id < $1.id }
        accountsByID = Dictionary(
            portfolio.accounts.indices.map { (portfolio.accounts[$0].account.id, $0) },
            uniquingKeysWith: { first, _ in first })
        accountNames = Dictionary(model.accounts.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let ranks = portfolio.accounts.map { $0.value.rank }
        rankedAccounts = ranks.indices.sorted { ranks[$0] < ranks[$1] }
        let names = repNames
        ownerNames = Set(portfolio.accounts.map { $0.account.owner.map { names[$0] ?? $0.text } ?? "—" }).sorted()
        shared = Self.sharedBase(self)
    }

    /// A playbook's page, from the output root: made here only.

    func repName(_ id: RepID) -> String { repNames[id] ?? id.text }

    /// `repName` as a function holding only the names: handing the method
    /// itself to a closure copied the whole builder per call (callgrind,
    /// BENCHMARKS.md, issue 29).
    var repNaming: @Sendable (RepID) -> String {
        let names = repNames
        return { names[$0] ?? $0.text }
    }

    // MARK: - Shared context

    func base(path: String, title: String, section: String) -> TemplateContext {
        let root = Page.root(for: path)
        return [
            "site": shared.site,
            "root": root,
            "title": title,
            "nav": shared.navigation[root + "\u{1}" + section] ?? navigation(root: root, section: section),
            "as_of": shared.asOf,
            "as_of_long": shared.asOfLong,
            "page_size": model.settings.pageSize,
        ]
    }

    /// What every page's frame shows, made once: a hundred thousand account
    /// pages share one navigation bar.
    struct SharedBase: Sendable {
        var site: TemplateValue = .text("")
        var asOf = ""
        var asOfLong = ""
        /// By root prefix and section, for the depths pages live at.
        var navigation: [String: TemplateValue] = [:]
    }

    static func sharedBase(_ builder: PageBuilder) -> SharedBase {
        var shared = SharedBase()
        shared.site =
            (["title": builder.model.settings.title, "currency": builder.model.settings.currency]
            as TemplateContext).templateValue
        shared.asOf = builder.portfolio.asOf.iso
        shared.asOfLong = Formatting.longDate(builder.portfolio.asOf)
        let sections =
            ["home", "reps", "accounts", "segments", "prospects", "problems", "playbooks", ""]
            + builder.model.freePages.map { "page:" + $0.id }
        for root in ["", "../", "../../"] {
            for section in sections {
                shared.navigation[root + "\u{1}" + section] = builder.navigation(root: root, section: section)
            }
        }
        return shared
    }

    func navigation(root: String, section: String) -> TemplateValue {
        var nav: [TemplateContext] = [
            ["label": "This week", "href": root + Self.homePath, "current": section == "home"],
            ["label": "Reps", "href": root + Self.repListPath, "current": section == "reps"],
            ["label": "Accounts", "href": root + accountListPath(0), "current": section == "accounts"],
            ["label": "Segments", "href": root + Self.segmentListPath, "current": section == "segments"],
        ]
        if hasProspects {
            nav.append(
                ["label": "Prospects", "href": root + Self.prospectListPath, "current": section == "prospects"])
        }
        nav += [
            ["label": "Problems", "href": root + Self.problemsPath, "current": section == "problems"],
            ["label": "Playbooks", "href": root + Self.playbookListPath, "current": section == "playbooks"],
        ]
        for page in sortedPages {
            nav.append([
                "label": page.title, "href": root + freePagePath(page.id),
                "current": section == "page:" + page.id,
            ])
        }
        return nav.templateValue
    }

    func accountRow(_ analysis: AccountAnalysis, root: String) -> TemplateContext {
        let account = analysis.account
        let value = analysis.value
        return [
            "id": account.id.text,
            "name": account.name,
            "href": root + accountPath(account.id),
            "industry": account.industry ?? "—",
            "owner": account.owner.map { repName($0) } ?? "—",
            "tier": value.tier.rawValue,
            "tier_class": "tier-" + value.tier.rawValue.lowercased(),
            "rank": value.rank,
            "revenue_12m": format.money(value.revenue12m),
            "revenue_12m_cents": String(value.revenue12m.cents),
            "share_12m": Percent.oneDecimal(value.share12m),
            "last_order": value.lastOrder?.iso ?? "—",
            "orders": value.orders,
            "owner_href": account.owner.map { root + repBriefPath($0) } ?? "",
            "has_owner_page": account.owner != nil,
            "risk_score": analysis.risk.score,
            "risk_band": analysis.risk.band.rawValue,
            "risk_class": "band-" + analysis.risk.band.rawValue,
            "next_review": analysis.opportunity.nextReview?.iso ?? "—",
            "review_overdue": analysis.opportunity.overdue,
        ]
    }

    /// What the portal cannot show without each optional table, said on the
    /// home page so a missing export is never mistaken for "no problems".
    static let absenceEffects: [(table: String, effect: String)] = [
        ("reps", "owners are shown by their id"),
        ("products", "products are shown by SKU, without families"),
        ("tickets", "no service, problem or effort figures"),
        ("interactions", "no contact history, reviews or competitor mentions"),
        ("feedback", "no NPS, value themes or quotes"),
        ("referrals", "no referral figures"),
    ]

    /// The text of a record's symbol.
    var symbols: SymbolTable { portfolio.symbols }

    /// An order line's product: its name from the catalogue, else the SKU as
    /// written, else a dash.
    func productName(_ sku: Interned<SKU>?) -> String {
        guard let sku else { return "—" }
        return portfolio.catalogue.product(sku)?.name ?? symbols[sku.symbol]
    }

    func percent(_ fraction: Double) -> String { Formatting.wholePercent(fraction) }
}
