import RapportAnalyze
import RapportCore

/// Turns the model and its analysis into pages and their contexts. Every
/// list that reaches a page is sorted here; templates never decide order.
public struct PageBuilder {
    let model: SiteModel
    let portfolio: Portfolio
    let format: Formatting
    let accountSlugs: [String: String]
    let playbookSlugs: [String: String]
    let pageSlugs: [String: String]
    let repNames: [String: String]
    let productNames: [String: String]

    public init(model: SiteModel, portfolio: Portfolio) {
        self.model = model
        self.portfolio = portfolio
        format = Formatting(symbol: model.settings.currencySymbol)
        accountSlugs = Slug.assign(model.accounts.map(\.id))
        playbookSlugs = Slug.assign(model.playbooks.map(\.document.id))
        pageSlugs = Slug.assign(model.pages.map(\.id))
        repNames = Dictionary(model.reps.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        productNames = Dictionary(model.products.map { ($0.sku, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    public func accountPath(_ id: String) -> String { "accounts/\(accountSlugs[id] ?? Slug.make(id)).html" }

    public func pages() -> [Page] {
        var pages = [home(), accountList()]
        pages += portfolio.accounts.map(accountPage)
        pages.append(playbookList())
        pages += model.playbooks.sorted { $0.document.id < $1.document.id }.map(playbookPage)
        pages += model.pages.sorted { $0.id < $1.id }.map(freePage)
        return pages
    }

    // MARK: - Shared context

    func base(path: String, title: String, section: String) -> [String: Any] {
        let root = Page.root(for: path)
        var nav: [[String: Any]] = [
            ["label": "This week", "href": root + "index.html", "current": section == "home"],
            ["label": "Accounts", "href": root + "accounts/index.html", "current": section == "accounts"],
            ["label": "Playbooks", "href": root + "playbooks/index.html", "current": section == "playbooks"],
        ]
        for page in model.pages.sorted(by: { $0.id < $1.id }) {
            nav.append([
                "label": page.title, "href": root + "pages/\(pageSlugs[page.id]!).html",
                "current": section == "page:" + page.id,
            ])
        }
        return [
            "site": ["title": model.settings.title, "currency": model.settings.currency],
            "root": root,
            "title": title,
            "nav": nav,
            "as_of": portfolio.asOf.iso,
            "as_of_long": Formatting.longDate(portfolio.asOf),
        ]
    }

    func accountRow(_ analysis: AccountAnalysis, root: String) -> [String: Any] {
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
        context["kpis"] = [
            ["label": "Revenue, last 12 months", "value": format.money(portfolio.revenue12m)],
            ["label": "Accounts", "value": String(portfolio.accounts.count)],
            [
                "label": "Tier A accounts", "value": String(portfolio.count(of: .a)),
                "note": "together 80 % of 12-month revenue",
            ],
            ["label": "Lifetime revenue", "value": format.money(portfolio.revenueLifetime)],
        ].map { kpi in kpi.merging(["note": ""]) { current, _ in current } }
        let top = portfolio.accounts.sorted { $0.value.rank < $1.value.rank }.prefix(10)
        context["top_accounts"] = top.map { accountRow($0, root: root) }
        context["missing_tables"] = Self.absenceEffects.filter { model.absentTables.contains($0.table) }.map {
            ["table": $0.table, "effect": $0.effect]
        }
        context["has_missing_tables"] = Self.absenceEffects.contains { model.absentTables.contains($0.table) }
        context["has_future_records"] = portfolio.futureRecordsIgnored > 0
        context["future_records"] = portfolio.futureRecordsIgnored
        return Page(path: path, template: "home", context: context)
    }

    func accountList() -> Page {
        let path = "accounts/index.html"
        var context = base(path: path, title: "Accounts", section: "accounts")
        let root = Page.root(for: path)
        context["accounts"] = portfolio.accounts.sorted { $0.value.rank < $1.value.rank }.map {
            accountRow($0, root: root)
        }
        context["count"] = portfolio.accounts.count
        return Page(path: path, template: "accounts", context: context)
    }

    func accountPage(_ analysis: AccountAnalysis) -> Page {
        let account = analysis.account
        let value = analysis.value
        let path = accountPath(account.id)
        var context = base(path: path, title: account.name, section: "accounts")
        let root = Page.root(for: path)
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
        context["orders"] = analysis.orders.map { order -> [String: Any] in
            [
                "date": order.date.iso,
                "order_id": order.orderID ?? "—",
                "product": order.sku.map { productNames[$0] ?? $0 } ?? "—",
                "quantity": order.quantity.map { String($0) } ?? "—",
                "amount": format.exactMoney(order.amount),
            ]
        }
        context["has_orders"] = !analysis.orders.isEmpty
        return Page(path: path, template: "account", context: context)
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

    func playbookRow(_ playbook: Playbook, root: String) -> [String: Any] {
        [
            "id": playbook.document.id,
            "title": playbook.document.title,
            "href": root + "playbooks/\(playbookSlugs[playbook.document.id]!).html",
            "when": playbook.when ?? "",
            "has_when": playbook.when != nil,
            "pillar": playbook.pillar ?? "",
            "has_pillar": playbook.pillar != nil,
            "priority": playbook.priority,
        ]
    }

    func playbookPage(_ playbook: Playbook) -> Page {
        let path = "playbooks/\(playbookSlugs[playbook.document.id]!).html"
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
