import RapportAnalyze
import RapportCore

/// Turns the model and its analysis into pages and their contexts. Every
/// list that reaches a page is sorted here; templates never decide order.
/// Number formats for risk points: one decimal, ".0" dropped.
enum RiskAnalysisFormat {
    static func points(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
    }
}

public struct PageBuilder {
    let model: SiteModel
    let portfolio: Portfolio
    let format: Formatting
    let accountSlugs: [String: String]
    let playbookSlugs: [String: String]
    let pageSlugs: [String: String]
    let repNames: [String: String]
    let segmentSlugs: [String: String]
    let prospectSlugs: [String: String]
    let teamBrief: WeeklyBrief
    /// One per owner id with accounts, by owner id.
    let repBriefs: [RepBrief]
    let repSlugs: [String: String]
    let sortedPlaybooks: [Playbook]
    let playbooksByID: [String: Playbook]
    /// Playbooks with placeholders, cut at them (`parts(of:)`), by id.
    let playbookParts: [String: [PlaybookPart]]
    let sortedPages: [Document]
    /// Positions in `portfolio.accounts`: copies of the analyses cost 800
    /// bytes each, 80 MB a copy at 100,000 accounts.
    let accountsByID: [String: Int]
    let accountNames: [String: String]
    /// All accounts by value rank, and the owner names for the list's filter.
    let rankedAccounts: [Int]
    let ownerNames: [String]
    /// Set last in `init`, from the rest.
    private(set) var shared = SharedBase()

    public init(model: SiteModel, portfolio: Portfolio) {
        self.model = model
        self.portfolio = portfolio
        format = Formatting(symbol: model.settings.currencySymbol)
        accountSlugs = Slug.assign(model.accounts.map(\.id))
        playbookSlugs = Slug.assign(model.playbooks.map(\.document.id))
        pageSlugs = Slug.assign(model.pages.map(\.id))
        repNames = Dictionary(model.reps.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        segmentSlugs = Slug.assign(portfolio.segments.map(\.key))
        prospectSlugs = Slug.assign(portfolio.prospects.map(\.prospect.id))
        teamBrief = WeeklyBrief.team(portfolio)
        repBriefs = WeeklyBrief.byOwner(portfolio)
        repSlugs = Slug.assign(repBriefs.map(\.repID))
        sortedPlaybooks = model.playbooks.sorted { $0.document.id < $1.document.id }
        playbooksByID = Dictionary(
            model.playbooks.map { ($0.document.id, $0) }, uniquingKeysWith: { first, _ in first })
        playbookParts = playbooksByID.filter { !$0.value.document.placeholders.isEmpty }.mapValues {
            Self.parts(of: $0.document.html)
        }
        sortedPages = model.pages.sorted { $0.id < $1.id }
        accountsByID = Dictionary(
            portfolio.accounts.indices.map { (portfolio.accounts[$0].account.id, $0) },
            uniquingKeysWith: { first, _ in first })
        accountNames = Dictionary(model.accounts.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let ranks = portfolio.accounts.map { $0.value.rank }
        rankedAccounts = ranks.indices.sorted { ranks[$0] < ranks[$1] }
        let names = repNames
        ownerNames = Set(portfolio.accounts.map { $0.account.owner.map { names[$0] ?? $0 } ?? "—" }).sorted()
        shared = Self.sharedBase(self)
    }

    /// A playbook's page, from the output root: made here only.
    func playbookPath(_ id: String) -> String { "playbooks/\(playbookSlugs[id] ?? Slug.make(id)).html" }

    func repName(_ id: String) -> String { repNames[id] ?? id }
    func repPath(_ id: String) -> String { "reps/\(repSlugs[id] ?? Slug.make(id))/" }

    public func accountPath(_ id: String) -> String { "accounts/\(accountSlugs[id] ?? Slug.make(id)).html" }

    /// Every page of the portal, in output order, as a recipe: cheap to list,
    /// built into a context only when it is rendered, so a large portal never
    /// holds all its page contexts at once.
    public enum Recipe: Sendable, Hashable {
        case home, accounts(Int), account(Int), reps, rep(Int), packet(Int), email(Int), segments, segment(Int)
        case problems, playbooks, playbook(Int), free(Int), search, scores, prospects, prospect(Int)
    }

    public func recipes() -> [Recipe] {
        var recipes: [Recipe] = [.home]
        recipes += (0..<accountListPages).map(Recipe.accounts)
        recipes += portfolio.accounts.indices.map(Recipe.account)
        recipes.append(.reps)
        for index in repBriefs.indices { recipes += [.rep(index), .packet(index), .email(index)] }
        recipes.append(.segments)
        recipes += portfolio.segments.indices.map(Recipe.segment)
        if hasProspects {
            recipes.append(.prospects)
            recipes += portfolio.prospects.indices.map(Recipe.prospect)
        }
        recipes += [.problems, .playbooks]
        recipes += sortedPlaybooks.indices.map(Recipe.playbook)
        recipes += sortedPages.indices.map(Recipe.free)
        recipes += [.search, .scores]
        return recipes
    }

    public func page(_ recipe: Recipe) -> Page {
        switch recipe {
        case .home: return home()
        case .accounts(let page): return accountList(page)
        case .account(let index): return accountPage(portfolio.accounts[index])
        case .reps: return repList()
        case .rep(let index): return repPage(repBriefs[index])
        case .packet(let index): return packetPage(repBriefs[index])
        case .email(let index): return emailPage(repBriefs[index])
        case .segments: return segmentList()
        case .segment(let index): return segmentPage(portfolio.segments[index])
        case .problems: return problemsPage()
        case .playbooks: return playbookList()
        case .playbook(let index): return playbookPage(sortedPlaybooks[index])
        case .free(let index): return freePage(sortedPages[index])
        case .search: return searchPage()
        case .scores: return scoresPage()
        case .prospects: return prospectList()
        case .prospect(let index): return prospectPage(portfolio.prospects[index])
        }
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
            + builder.model.pages.map { "page:" + $0.id }
        for root in ["", "../", "../../"] {
            for section in sections {
                shared.navigation[root + "\u{1}" + section] = builder.navigation(root: root, section: section)
            }
        }
        return shared
    }

    func navigation(root: String, section: String) -> TemplateValue {
        var nav: [TemplateContext] = [
            ["label": "This week", "href": root + "index.html", "current": section == "home"],
            ["label": "Reps", "href": root + "reps/index.html", "current": section == "reps"],
            ["label": "Accounts", "href": root + "accounts/index.html", "current": section == "accounts"],
            ["label": "Segments", "href": root + "segments/index.html", "current": section == "segments"],
        ]
        if hasProspects {
            nav.append(
                ["label": "Prospects", "href": root + "prospects/index.html", "current": section == "prospects"])
        }
        nav += [
            ["label": "Problems", "href": root + "problems/index.html", "current": section == "problems"],
            ["label": "Playbooks", "href": root + "playbooks/index.html", "current": section == "playbooks"],
        ]
        for page in sortedPages {
            nav.append([
                "label": page.title, "href": root + "pages/\(pageSlugs[page.id]!).html",
                "current": section == "page:" + page.id,
            ])
        }
        return nav.templateValue
    }

    func accountRow(_ analysis: AccountAnalysis, root: String) -> TemplateContext {
        let account = analysis.account
        let value = analysis.value
        return [
            "id": account.id,
            "name": account.name,
            "href": root + accountPath(account.id),
            "industry": account.industry ?? "—",
            "owner": account.owner.map { repNames[$0] ?? $0 } ?? "—",
            "tier": value.tier.rawValue,
            "tier_class": "tier-" + value.tier.rawValue.lowercased(),
            "rank": value.rank,
            "revenue_12m": format.money(value.revenue12m),
            "revenue_12m_cents": String(value.revenue12m.cents),
            "share_12m": ValueAnalysis.percent(value.share12m),
            "last_order": value.lastOrder?.iso ?? "—",
            "orders": value.orders,
            "owner_href": account.owner.map { root + repPath($0) + "index.html" } ?? "",
            "has_owner_page": account.owner != nil,
            "risk_score": analysis.risk.score,
            "risk_band": analysis.risk.band,
            "risk_class": "band-" + analysis.risk.band,
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

    // MARK: - Pages

    func home() -> Page {
        let path = "index.html"
        var context = base(path: path, title: "This week", section: "home")
        let root = Page.root(for: path)
        let team = teamBrief
        let revenue = format.keyFigure(portfolio.revenue12m)
        let atRisk = format.keyFigure(team.revenueAtRisk)
        context["kpis"] = [
            ["label": "Revenue, last 12 months", "value": revenue.value, "note": revenue.exact ?? ""],
            ["label": "Accounts", "value": Formatting.count(portfolio.accounts.count)],
            [
                "label": "Tier A accounts", "value": Formatting.count(portfolio.count(of: .a)),
                "note": "together 80 % of 12-month revenue",
            ],
            [
                "label": "Revenue at risk", "value": atRisk.value,
                "note": (atRisk.exact.map { $0 + ": " } ?? "") + "12-month revenue of high-risk accounts",
            ],
            [
                "label": "Reviews overdue", "value": Formatting.count(team.overdueCount),
                "note": Self.dueNote(team),
            ],
        ].map { kpi in kpi.merging(["note": ""]) { current, _ in current } }
        context.merge(weeklyContext(team, root: root)) { _, new in new }
        context["scatter_svg"] = ValueRiskChart.svg(
            portfolio.accounts, highRiskFrom: model.settings.scoring.riskHighFrom, format: format,
            label: "Value against risk: each dot an account, 12-month revenue up (log scale), risk score across")
        context["scatter_note"] =
            portfolio.accounts.count > ValueRiskChart.maximumPoints
            ? "\(ValueRiskChart.maximumPoints) of \(Formatting.count(portfolio.accounts.count)) accounts are shown, "
                + "evenly spread over the ranking." : ""
        context["quadrants"] = Self.quadrantLabels.keys.sorted().map { key -> TemplateContext in
            let members = portfolio.accounts.filter { $0.quadrant == key }
            return [
                "label": Self.quadrantLabels[key]!, "accounts": Formatting.count(members.count),
                "revenue_12m": format.money(members.reduce(Money.zero) { $0 + $1.value.revenue12m }),
                "meaning": Self.quadrantMeanings[key]!,
            ]
        }
        let top = portfolio.accounts.sorted { $0.value.rank < $1.value.rank }.prefix(10)
        context["top_accounts"] = top.map { accountRow($0, root: root) }
        let flagged = portfolio.problems.filter { $0.status != "steady" }
        context["flagged_problems"] = flagged.map {
            ["category": $0.category, "status": $0.status, "reason": $0.reason]
        }
        context["has_flagged_problems"] = !flagged.isEmpty
        context["missing_tables"] = Self.absenceEffects.filter { model.absentTables.contains($0.table) }.map {
            ["table": $0.table, "effect": $0.effect]
        }
        context["has_missing_tables"] = Self.absenceEffects.contains { model.absentTables.contains($0.table) }
        context["has_future_records"] = portfolio.futureRecordsIgnored > 0
        context["future_records"] = portfolio.futureRecordsIgnored
        return Page(path: path, template: "home", context: context)
    }

    static func dueNote(_ brief: WeeklyBrief) -> String {
        brief.dueCount == 0
            ? "none more due in the next 7 days" : "\(brief.dueCount) more due in the next 7 days"
    }

    static let quadrantMeanings = [
        "protect": "high value, high risk: act first", "grow": "high value or opportunity, low risk: sell more",
        "rescue_or_release": "lower value, high risk: decide whether to invest",
        "maintain": "everything else: keep the rhythm",
    ]

    /// The lists of a weekly brief, for the home page (team), a rep's page
    /// and a rep's e-mail. Long lists are cut; the cut is said on the page.
    func weeklyContext(_ brief: WeeklyBrief, root: String, limit: Int = 25) -> TemplateContext {
        var context: TemplateContext = [:]
        func cut<Items: RandomAccessCollection>(
            _ items: Items, _ key: String, _ row: (Items.Element) -> TemplateContext
        ) {
            context[key] = items.prefix(limit).map(row)
            context["has_" + key] = !items.isEmpty
            context[key + "_more"] = max(0, items.count - limit)
            // A section over a number is a theme error (see ContextShape): flags decide.
            context["has_" + key + "_more"] = items.count > limit
        }
        cut(brief.changes, "changes") { entry in
            var row = accountRow(entry.account, root: root)
            row["notes"] = changeNotes(entry.detail, entry.account).joined(separator: "; ")
            return row
        }
        cut(brief.reviews, "reviews") { analysis in
            var row = accountRow(analysis, root: root)
            row["next_review"] = analysis.opportunity.nextReview?.iso ?? "—"
            row["status"] = analysis.opportunity.overdue ? "overdue" : "due"
            row["overdue"] = analysis.opportunity.overdue
            return row
        }
        cut(brief.contacts, "contacts") { entry in
            var row = accountRow(entry.account, root: root)
            row["date"] = entry.detail.date.iso
            row["kind"] = Self.contactLabels[entry.detail.kind] ?? entry.detail.kind
            row["reason"] = entry.detail.reason
            return row
        }
        cut(brief.opportunities, "opportunities") { analysis in
            var row = accountRow(analysis, root: root)
            row["offer"] = analysis.offers.first.map { "\($0.family): \($0.reason)" } ?? ""
            return row
        }
        cut(brief.atRisk, "at_risk") { analysis in
            var row = accountRow(analysis, root: root)
            row["risk_score"] = analysis.risk.score
            row["top_reason"] =
                analysis.risk.factors.max { ($0.points, $1.name) < ($1.points, $0.name) }?.reason ?? ""
            return row
        }
        context["revenue_at_risk"] = format.money(brief.revenueAtRisk)
        // A rep's own brief need not repeat their name on every line.
        context["show_owner"] = brief.scope == .team
        context["overdue_count"] = brief.overdueCount
        context["due_count"] = brief.dueCount
        return context
    }

    func changeNotes(_ change: WeeklyChange, _ analysis: AccountAnalysis) -> [String] {
        var notes: [String] = []
        if change.enteredHighRisk { notes.append("entered high risk (\(analysis.risk.score))") }
        if change.tierMoved, let before = change.tierBefore {
            notes.append("tier \(before.rawValue) → \(change.tierNow.rawValue)")
        }
        if change.becameOverdue { notes.append("review now overdue") }
        if change.newOrders > 0 {
            notes.append(
                "\(change.newOrders) new order\(change.newOrders == 1 ? "" : "s") (\(format.money(change.newRevenue)))")
        }
        return notes
    }

    /// Accounts per page of the accounts list (site.yaml `accounts_per_page`,
    /// default 1,000): a 100,000-row table is 58 MB that no browser shows
    /// usefully; search finds any account.
    var accountsPerPage: Int { max(1, model.settings.accountsPerPage) }

    var accountListPages: Int { max(1, (portfolio.accounts.count + accountsPerPage - 1) / accountsPerPage) }

    func accountListPath(_ page: Int) -> String { page == 0 ? "accounts/index.html" : "accounts/page-\(page + 1).html" }

    func accountList(_ page: Int) -> Page {
        let path = accountListPath(page)
        var context = base(
            path: path, title: page == 0 ? "Accounts" : "Accounts, page \(page + 1)", section: "accounts")
        let root = Page.root(for: path)
        let first = page * accountsPerPage
        let last = min(first + accountsPerPage, rankedAccounts.count)
        context["accounts"] = rankedAccounts[first..<last].map { accountRow(portfolio.accounts[$0], root: root) }
        context["count"] = portfolio.accounts.count
        context["first_rank"] = first + 1
        context["last_rank"] = last
        context["owners"] = ownerNames
        let pages = accountListPages
        context["has_pages"] = pages > 1
        context["page_number"] = page + 1
        context["page_count"] = pages
        context["pages"] = (0..<pages).map { index -> TemplateContext in
            [
                "number": index + 1, "href": root + accountListPath(index), "current": index == page,
                "first_rank": index * accountsPerPage + 1,
            ]
        }
        context["has_previous"] = page > 0
        context["previous_href"] = page > 0 ? root + accountListPath(page - 1) : ""
        context["has_next"] = page + 1 < pages
        context["next_href"] = page + 1 < pages ? root + accountListPath(page + 1) : ""
        return Page(path: path, template: "accounts", context: context)
    }

    /// The text of a record's symbol.
    var symbols: SymbolTable { portfolio.symbols }

    /// An order line's product: its name from the catalogue, else the SKU as
    /// written, else a dash.
    func productName(_ sku: Symbol?) -> String {
        guard let sku else { return "—" }
        return portfolio.catalogue.product(sku)?.name ?? symbols[sku]
    }

    static let orderKeys = ["date", "order_id", "product", "quantity", "amount"]

    func accountPage(_ analysis: AccountAnalysis) -> Page {
        let path = accountPath(analysis.account.id)
        var context = base(path: path, title: analysis.account.name, section: "accounts")
        context.merge(briefContext(analysis, root: Page.root(for: path), heading: "h2")) { _, new in new }
        // Typed values straight away: the order table is the largest part of
        // most briefs, and boxing each cell first showed in the profile.
        let texts = portfolio.texts
        context["orders"] = TemplateValue.list(
            analysis.orders.map { order in
                .object(
                    TemplateObject(
                        keys: Self.orderKeys,
                        values: [
                            .text(order.date.iso), .text(order.orderID.map { texts[$0] } ?? "—"),
                            .text(productName(order.sku)), .text(order.quantity.map { String($0) } ?? "—"),
                            .text(format.exactMoney(order.amount)),
                        ]))
            })
        context["has_orders"] = !analysis.orders.isEmpty
        return Page(path: path, template: "account", context: context)
    }

    /// Everything of an account's brief, for its page and for review
    /// packets; `heading` is the level of the brief's section headings.
    func briefContext(_ analysis: AccountAnalysis, root: String, heading: String) -> TemplateContext {
        let account = analysis.account
        let value = analysis.value
        var context: TemplateContext = [:]
        var row = accountRow(analysis, root: root)
        row["region"] = account.region ?? "—"
        row["employees"] = account.employees.map { String($0) } ?? "—"
        row["customer_since"] = account.customerSince?.iso ?? "—"
        row["status"] = account.status ?? "—"
        context["account"] = row
        context["value"] = [
            "revenue_12m": format.money(value.revenue12m),
            "revenue_lifetime": format.money(value.revenueLifetime),
            "share_12m": ValueAnalysis.percent(value.share12m),
            "rank": value.rank,
            "accounts": portfolio.accounts.count,
            "tier": value.tier.rawValue,
            "orders": value.orders,
            "average_order": value.averageOrder.map(format.money) ?? "—",
            "first_order": value.firstOrder?.iso ?? "—",
            "last_order": value.lastOrder?.iso ?? "—",
            "typical_interval": value.typicalIntervalDays.map { "\($0) days" } ?? "—",
            "reasons": value.reasons,
        ]
        context["chart_svg"] = RevenueChart.svg(
            analysis.monthlyRevenue, format: format, title: "Revenue by month, last 24 months, for \(account.name)")
        context["months"] = analysis.monthlyRevenue.map {
            ["month": Formatting.monthLabel($0.month), "revenue": format.money($0.revenue)]
        }
        context["h"] = heading
        context["is_packet"] = heading != "h2"
        context.merge(briefSections(analysis, root: root)) { _, new in new }
        return context
    }

    static let factorLabels = [
        "inactivity": "Inactivity", "spend_decline": "Spend decline", "open_problems": "Open problems",
        "customer_effort": "Customer effort", "competitor_contact": "Competitor contact", "sentiment": "Sentiment",
        "neglect": "Neglect", "baseline": "Baseline",
    ]
    static let contactLabels = [
        "review_due": "Review", "anniversary": "Anniversary", "post_purchase_followup": "Post-purchase follow-up",
        "keep_in_touch": "Keep in touch", "thank_referrer": "Thank for a referral",
    ]
    static let quadrantLabels = [
        "protect": "Protect", "grow": "Grow", "rescue_or_release": "Rescue or release", "maintain": "Maintain",
    ]

    /// Risk, opportunity, offers, plan, pillars, referrals, lifetime value and
    /// matched playbooks for the account brief.
    func briefSections(_ a: AccountAnalysis, root: String) -> TemplateContext {
        var sections: TemplateContext = [:]
        let scorer = portfolio.riskScorer
        let fitted = scorer?.kind == .fitted
        let notAssessed = a.risk.factors.filter { !$0.assessed }.map { Self.factorLabels[$0.name] ?? $0.name }
        sections["risk"] = [
            "score": a.risk.score, "band": a.risk.band, "band_class": "band-" + a.risk.band,
            "factors": a.risk.factors.map { factor -> TemplateContext in
                // Hand-set: points out of the factor's weight, rescaled over
                // the factors assessed; fitted: a share of the probability.
                let index = RiskAnalysis.factorOrder.firstIndex(of: factor.name)
                let weight = index.flatMap { scorer?.kind == .handSet ? scorer?.weights[$0] : nil }
                return [
                    "label": Self.factorLabels[factor.name] ?? factor.name,
                    "points": factor.assessed ? RiskAnalysisFormat.points(factor.points) : "—",
                    "has_weight": weight != nil && factor.assessed,
                    "weight": RiskAnalysisFormat.points(weight ?? 0),
                    "reason": factor.reason, "active": factor.points > 0,
                ]
            },
            "fitted": fitted,
            "note": fitted
                ? "The score is the chance, in this portfolio's own history, that an account like this buys nothing "
                    + "in the next \(Int(model.settings.scoring.backtestWeeks.rounded())) weeks; its points split "
                    + "that chance among the factors."
                : "Points out of each factor's weight; the weights are set by hand.",
            "scores_href": root + Self.scoresPath,
            "has_not_assessed": !notAssessed.isEmpty,
            "not_assessed": notAssessed.joined(separator: ", "),
        ]
        let o = a.opportunity
        sections["opportunity"] = [
            "level": o.level, "reasons": o.reasons, "families": o.familiesOwned.joined(separator: ", "),
            "has_families": !o.familiesOwned.isEmpty, "cadence_days": o.cadenceDays,
            "last_review": o.lastReview?.iso ?? "—",
            "last_review_source": [
                "last_review": "recorded review date", "review interaction": "last review meeting",
                "first order": "no review yet: first order", "none": "no review or order yet",
            ][o.lastReviewSource] ?? o.lastReviewSource,
            "next_review": o.nextReview?.iso ?? "—", "overdue": o.overdue, "due_this_week": o.dueThisWeek,
        ]
        sections["quadrant"] = ["key": a.quadrant, "label": Self.quadrantLabels[a.quadrant] ?? a.quadrant]
        sections["offers"] = a.offers.map { ["family": $0.family, "reason": $0.reason] }
        sections["has_offers"] = !a.offers.isEmpty
        sections["contact_plan"] = a.contactPlan.map {
            ["date": $0.date.iso, "kind": Self.contactLabels[$0.kind] ?? $0.kind, "reason": $0.reason]
        }
        sections["has_contact_plan"] = !a.contactPlan.isEmpty
        sections["pillars"] = Pillars.names.map { name -> TemplateContext in
            let value = a.pillars.value(name)
            return [
                "name": name.prefix(1).uppercased() + name.dropFirst(), "percent": Int((value * 100).rounded()),
                "reason": a.pillars.reasons[name] ?? "",
            ]
        }
        sections["pillars_svg"] = BarChart.svg(
            Pillars.names.map {
                BarChart.Bar(label: $0.prefix(1).uppercased() + $0.dropFirst(), fraction: a.pillars.value($0))
            },
            label: "Loyalty pillars for \(a.account.name), 0 to 100 %")
        sections["agenda"] = ReviewAgenda.compute(a, asOf: portfolio.asOf).map {
            ["topic": $0.topic, "points": $0.points] as TemplateContext
        }
        sections["brief_id"] = accountSlugs[a.account.id] ?? Slug.make(a.account.id)
        sections["referrals"] = [
            "label": a.referrals.label, "made": a.referrals.made, "reason": a.referrals.reason,
            "referred_revenue": format.money(a.referrals.referredRevenue),
        ]
        let purchases = a.clv.expectedPurchases
        sections["clv"] = [
            "model": a.clv.model, "is_fallback": a.clv.model == "fallback",
            "p_alive": "\(Int((a.clv.pAlive * 100).rounded())) %",
            "expected_purchases": Int(purchases.rounded()),
            "expected_value": format.money(
                Money(cents: Int64((Double(a.clv.expectedSpend.cents) * purchases).rounded()))),
            "clv": format.money(a.clv.clv), "reason": a.clv.reason,
            "horizon_months": Int((model.settings.scoring.clvHorizonWeeks / 4.345).rounded()),
            "has_outlook": !a.clv.outlook.isEmpty,
            "outlook_svg": a.clv.outlook.isEmpty
                ? ""
                : OutlookChart.svg(
                    a.clv.outlook,
                    label: "Chance \(a.account.name) is still buying if no order comes: "
                        + "\(percent(a.clv.outlook.first!)) today, \(percent(a.clv.outlook.last!)) in "
                        + "\(CLVMetrics.outlookWeeks.last!) weeks"),
            "outlook": zip(CLVMetrics.outlookWeeks, a.clv.outlook).filter { $0.0 % 4 == 0 || $0.0 == 26 }.map {
                ["label": $0.0 == 0 ? "today" : "in \($0.0) weeks", "p_alive": percent($0.1)]
            },
        ]
        sections["matched_playbooks"] = matchedPlaybooks(a.playbooks, root: root) { fillPlaceholders($0, for: a) }
        sections["has_matched_playbooks"] = !a.playbooks.isEmpty
        let summary = portfolio.segments.first { $0.key == a.segment }
        sections["segment"] = [
            "key": a.segment, "label": a.segmentLabel, "href": root + segmentPath(a.segment),
            "values": summary.map { $0.pitch.own.themes.prefix(3).map(\.name).joined(separator: ", ") } ?? "",
            "has_values": !(summary?.pitch.own.themes.isEmpty ?? true),
            "evidence": summary.map { PitchContext.strengthWord($0.pitch.own.strength) } ?? "thin",
        ]
        return sections
    }

    /// Playbooks shown on a brief or a prospect's page, each filled by `html`.
    func matchedPlaybooks(_ ids: [String], root: String, html: (String) -> String) -> [TemplateContext] {
        ids.compactMap { id -> TemplateContext? in
            guard let playbook = playbooksByID[id] else { return nil }
            return [
                "title": playbook.document.title, "href": root + playbookPath(id),
                "html": html(id), "when": playbook.when ?? "",
            ]
        }
    }

    func percent(_ fraction: Double) -> String { Formatting.wholePercent(fraction) }

    /// The playbook's HTML with `{{name}}` placeholders replaced by the
    /// account's values, escaped. Markdown is rendered once per playbook at
    /// load; only the substitution happens per account.
    func fillPlaceholders(_ playbook: String, for a: AccountAnalysis) -> String {
        guard let parts = playbookParts[playbook] else { return playbooksByID[playbook]?.document.html ?? "" }
        return fill(parts, for: a)
    }

    func fill(_ parts: [PlaybookPart], for a: AccountAnalysis) -> String {
        fill(parts) { placeholderValue($0, a) }
    }

    /// `parts` with each placeholder's value (escaped; percent-encoded in a
    /// link), or as written where `value` has none.
    func fill(_ parts: [PlaybookPart], value: (String) -> String?) -> String {
        var result = ""
        for part in parts {
            switch part {
            case .html(let html): result += html
            case .placeholder(let name): HTML.escape(value(name) ?? "{{\(name)}}", into: &result)
            case .linkPlaceholder(let name, let original):
                if let value = value(name) {
                    HTML.escape(Self.percentEncoded(value), into: &result)
                } else {
                    result += original
                }
            }
        }
        return result
    }

    /// A playbook's HTML cut at its `{{name}}` placeholders, once per build:
    /// searching each brief's copy for them showed in the render profile.
    enum PlaybookPart: Sendable {
        case html(String)
        case placeholder(String)
        /// In a link target, where Markdown percent-encoded the braces
        /// (`%7B%7Baccount.id%7D%7D`): the value is percent-encoded too.
        case linkPlaceholder(String, original: String)
    }

    /// A value for a link target: every byte but RFC 3986's unreserved
    /// characters as %XX, so an id with `/`, `?` or `"` stays one path segment.
    static func percentEncoded(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                bytes.append(byte)
            default: bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One pass over the bytes: `{{name}}` in text, `%7B%7Bname%7D%7D` in
    /// link targets. A form without its closing braces is not looked for
    /// again, so the pass stays linear (a 10 MB playbook took 92 s when each
    /// placeholder searched and copied the rest of the text).
    static func parts(of html: String) -> [PlaybookPart] {
        let bytes = Array(html.utf8)
        var parts: [PlaybookPart] = []
        var pending = 0
        var index = 0
        var plainOpen = true
        var encodedOpen = true
        var nextEncodedClose: Int?
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func find(_ pattern: [UInt8], from start: Int) -> Int? {
            var i = start
            while i + pattern.count <= bytes.count {
                var matched = true
                for (offset, byte) in pattern.enumerated() where lowercase(bytes[i + offset]) != byte {
                    matched = false
                    break
                }
                if matched { return i }
                i += 1
            }
            return nil
        }
        func lowercase(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
        let plain = (open: Array("{{".utf8), close: Array("}}".utf8))
        let encoded = (open: Array("%7b%7b".utf8), close: Array("%7d%7d".utf8))
        while index < bytes.count {
            let byte = bytes[index]
            if plainOpen, byte == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == byte {
                guard let close = find(plain.close, from: index + 2) else {
                    plainOpen = false
                    continue
                }
                parts.append(.html(text(pending..<index)))
                parts.append(.placeholder(text(index + 2..<close).filter { $0 != " " }))
                index = close + 2
                pending = index
                continue
            }
            if encodedOpen, byte == UInt8(ascii: "%"), index + 6 <= bytes.count,
                bytes[index..<index + 6].map(lowercase) == encoded.open
            {
                // The first close after an opening is the same for every
                // opening before it: found once, so a run of stray openings
                // is not searched to the end again and again.
                if nextEncodedClose.map({ $0 < index + 6 }) ?? true {
                    nextEncodedClose = find(encoded.close, from: index + 6)
                }
                guard let close = nextEncodedClose else {
                    encodedOpen = false
                    continue
                }
                // Only a name that could be a placeholder (letters, digits,
                // '.', '_', spaces as %20): a stray "%7B%7B" in a URL stays
                // as it was. Checked byte by byte up to the first that
                // cannot be in one, before any text is made.
                var cursor = index + 6
                var name: [UInt8] = []
                while cursor < close {
                    let next = bytes[cursor]
                    if next == UInt8(ascii: "%"), cursor + 3 <= close, bytes[cursor + 1] == UInt8(ascii: "2"),
                        bytes[cursor + 2] == UInt8(ascii: "0")
                    {
                        cursor += 3
                    } else if next == UInt8(ascii: " ") {
                        cursor += 1
                    } else if (next | 0x20 >= 0x61 && next | 0x20 <= 0x7A) || (next >= 0x30 && next <= 0x39)
                        || next == UInt8(ascii: ".") || next == UInt8(ascii: "_")
                    {
                        name.append(next)
                        cursor += 1
                    } else {
                        break
                    }
                }
                if cursor == close && !name.isEmpty {
                    let name = String(decoding: name, as: UTF8.self)
                    parts.append(.html(text(pending..<index)))
                    parts.append(.linkPlaceholder(name, original: text(index..<close + 6)))
                    index = close + 6
                    pending = index
                    continue
                }
            }
            index += 1
        }
        parts.append(.html(text(pending..<bytes.count)))
        return parts
    }

    func placeholderValue(_ name: String, _ a: AccountAnalysis) -> String? {
        guard let metric = PlaybookPlaceholders.metric(name) else { return nil }
        if metric == "owner" { return a.account.owner.map(repName) ?? "—" }
        let value = a.lookup(metric)
        switch value {
        case .missing: return "—"
        case .number(let number) where Exports.moneyMetrics.contains(metric):
            return format.money(Money(cents: Int64((number * 100).rounded())))
        case .number(let number) where metric == "value.share_12m" || metric == "clv.p_alive":
            return percent(number)
        case .list(let items):
            return items.map { item in
                if case .string(let text) = item { text } else { item.description }
            }.joined(separator: ", ")
        case .bool(let flag): return flag ? "yes" : "no"
        case .string(let text): return text
        default: return value.description
        }
    }

    func segmentPath(_ key: String) -> String { "segments/\(segmentSlugs[key] ?? Slug.make(key)).html" }

    func segmentList() -> Page {
        let path = "segments/index.html"
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

    func segmentPage(_ segment: SegmentSummary) -> Page {
        let path = segmentPath(segment.key)
        var context = base(
            path: path, title: segment.label.prefix(1).uppercased() + segment.label.dropFirst(), section: "segments")
        let root = Page.root(for: path)
        let byID = accountsByID
        let pitch = PitchContext(format: format, nameCustomers: model.settings.pitch.nameCustomers)
        let size = CustomerVoices.sizeWords(segment.sizeBand)
        context["segment"] = [
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
                    "percent": Int(($0.mean * 100).rounded()),
                ]
                    as TemplateContext
            },
        ]
        context["accounts"] = segment.accounts.compactMap { byID[$0].map { portfolio.accounts[$0] } }.sorted {
            $0.value.rank < $1.value.rank
        }.map {
            accountRow($0, root: root)
        }
        return Page(path: path, template: "segment", context: context)
    }

    func problemsPage() -> Page {
        let path = "problems/index.html"
        var context = base(path: path, title: "Problems", section: "problems")
        context["categories"] = portfolio.problems.map { problem -> TemplateContext in
            [
                "category": problem.category, "recent": problem.recent, "status": problem.status,
                "flagged": problem.status != "steady", "reason": problem.reason,
                "median_days": problem.medianDaysToResolve.map { String($0) } ?? "—",
                "effort": problem.meanEffort.map { RiskAnalysisFormat.points($0) } ?? "—",
            ]
        }
        context["has_categories"] = !portfolio.problems.isEmpty
        context["no_tickets_table"] = model.absentTables.contains("tickets")
        return Page(path: path, template: "problems", context: context)
    }

    func playbookList() -> Page {
        let path = "playbooks/index.html"
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

    func playbookPage(_ playbook: Playbook) -> Page {
        let path = playbookPath(playbook.document.id)
        var context = base(path: path, title: playbook.document.title, section: "playbooks")
        var row = playbookRow(playbook, root: Page.root(for: path))
        row["html"] = playbook.document.html
        context["playbook"] = row
        return Page(path: path, template: "playbook", context: context)
    }

    func freePage(_ document: Document) -> Page {
        let path = "pages/\(pageSlugs[document.id]!).html"
        var context = base(path: path, title: document.title, section: "page:" + document.id)
        context["document"] = ["title": document.title, "html": document.html]
        return Page(path: path, template: "page", context: context)
    }
}
