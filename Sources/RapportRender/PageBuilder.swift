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
    let productNames: [String: String]

    public init(model: SiteModel, portfolio: Portfolio) {
        self.model = model
        self.portfolio = portfolio
        format = Formatting(symbol: model.settings.currencySymbol)
        accountSlugs = Slug.assign(model.accounts.map(\.id))
        playbookSlugs = Slug.assign(model.playbooks.map(\.document.id))
        pageSlugs = Slug.assign(model.pages.map(\.id))
        repNames = Dictionary(model.reps.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        segmentSlugs = Slug.assign(portfolio.segments.map(\.key))
        productNames = Dictionary(model.products.map { ($0.sku, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    public func accountPath(_ id: String) -> String { "accounts/\(accountSlugs[id] ?? Slug.make(id)).html" }

    public func pages() -> [Page] {
        var pages = [home(), accountList()]
        pages += portfolio.accounts.map(accountPage)
        pages.append(segmentList())
        pages += portfolio.segments.map(segmentPage)
        pages.append(problemsPage())
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
            ["label": "Segments", "href": root + "segments/index.html", "current": section == "segments"],
            ["label": "Problems", "href": root + "problems/index.html", "current": section == "problems"],
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
            [
                "label": "Revenue at risk",
                "value": format.money(
                    portfolio.accounts.filter { $0.risk.band == "high" }.reduce(Money.zero) { $0 + $1.value.revenue12m }
                ),
                "note": "12-month revenue of high-risk accounts",
            ],
            [
                "label": "Reviews overdue", "value": String(portfolio.accounts.count { $0.opportunity.overdue }),
                "note": "\(portfolio.accounts.count { $0.opportunity.dueThisWeek }) more due this week",
            ],
        ].map { kpi in kpi.merging(["note": ""]) { current, _ in current } }
        let top = portfolio.accounts.sorted { $0.value.rank < $1.value.rank }.prefix(10)
        context["top_accounts"] = top.map { accountRow($0, root: root) }
        let atRisk = portfolio.accounts.filter { $0.risk.band == "high" }.sorted {
            $0.value.revenue12m != $1.value.revenue12m
                ? $0.value.revenue12m > $1.value.revenue12m : $0.account.id < $1.account.id
        }
        let revenueAtRisk = atRisk.reduce(Money.zero) { $0 + $1.value.revenue12m }
        context["revenue_at_risk"] = format.money(revenueAtRisk)
        context["at_risk"] = atRisk.prefix(10).map { analysis -> [String: Any] in
            var row = accountRow(analysis, root: root)
            row["risk_score"] = analysis.risk.score
            row["top_reason"] =
                analysis.risk.factors.max { ($0.points, $1.name) < ($1.points, $0.name) }?.reason ?? ""
            return row
        }
        context["has_at_risk"] = !atRisk.isEmpty
        let reviews = portfolio.accounts.filter { $0.opportunity.overdue || $0.opportunity.dueThisWeek }.sorted {
            ($0.opportunity.nextReview ?? portfolio.asOf, $0.account.id)
                < ($1.opportunity.nextReview ?? portfolio.asOf, $1.account.id)
        }
        context["reviews"] = reviews.prefix(25).map { analysis -> [String: Any] in
            var row = accountRow(analysis, root: root)
            row["next_review"] = analysis.opportunity.nextReview?.iso ?? "—"
            row["status"] = analysis.opportunity.overdue ? "overdue" : "this week"
            return row
        }
        context["reviews_more"] = max(0, reviews.count - 25)
        context["has_reviews"] = !reviews.isEmpty
        let byID = Dictionary(uniqueKeysWithValues: portfolio.accounts.map { ($0.account.id, $0) })
        context["changes"] = portfolio.changes.compactMap { change -> [String: Any]? in
            guard let analysis = byID[change.accountID] else { return nil }
            var notes: [String] = []
            if change.enteredHighRisk { notes.append("entered high risk (\(analysis.risk.score))") }
            if change.tierMoved, let before = change.tierBefore {
                notes.append("tier \(before.rawValue) → \(change.tierNow.rawValue)")
            }
            if change.becameOverdue { notes.append("review now overdue") }
            if change.newOrders > 0 {
                notes.append(
                    "\(change.newOrders) new order\(change.newOrders == 1 ? "" : "s") (\(format.money(change.newRevenue)))"
                )
            }
            var row = accountRow(analysis, root: root)
            row["notes"] = notes.joined(separator: "; ")
            return row
        }
        context["has_changes"] = !portfolio.changes.isEmpty
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
        context.merge(briefSections(analysis, root: root)) { _, new in new }
        return Page(path: path, template: "account", context: context)
    }

    static let factorLabels = [
        "inactivity": "Inactivity", "spend_decline": "Spend decline", "open_problems": "Open problems",
        "customer_effort": "Customer effort", "competitor_contact": "Competitor contact", "sentiment": "Sentiment",
        "neglect": "Neglect",
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
    func briefSections(_ a: AccountAnalysis, root: String) -> [String: Any] {
        let settings = model.settings.scoring
        let playbooks = Dictionary(
            model.playbooks.map { ($0.document.id, $0) }, uniquingKeysWith: { first, _ in first })
        var sections: [String: Any] = [:]
        sections["risk"] = [
            "score": a.risk.score, "band": a.risk.band, "band_class": "band-" + a.risk.band,
            "factors": a.risk.factors.map { factor -> [String: Any] in
                let weight = settings.riskWeights[factor.name] ?? 0
                return [
                    "label": Self.factorLabels[factor.name] ?? factor.name,
                    "points": RiskAnalysisFormat.points(factor.points), "weight": RiskAnalysisFormat.points(weight),
                    "reason": factor.reason, "active": factor.points > 0,
                    "percent": weight > 0 ? Int((factor.points / weight * 100).rounded()) : 0,
                ]
            },
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
        sections["pillars"] = Pillars.names.map { name -> [String: Any] in
            let value = a.pillars.value(name)
            return [
                "name": name.prefix(1).uppercased() + name.dropFirst(), "percent": Int((value * 100).rounded()),
                "reason": a.pillars.reasons[name] ?? "",
            ]
        }
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
            "horizon_months": Int((settings.clvHorizonWeeks / 4.345).rounded()),
        ]
        sections["matched_playbooks"] = a.playbooks.compactMap { id -> [String: Any]? in
            guard let playbook = playbooks[id] else { return nil }
            return [
                "title": playbook.document.title, "href": root + "playbooks/\(playbookSlugs[id]!).html",
                "html": playbook.document.html, "when": playbook.when ?? "",
            ]
        }
        sections["has_matched_playbooks"] = !a.playbooks.isEmpty
        let summary = portfolio.segments.first { $0.key == a.segment }
        sections["segment"] = [
            "key": a.segment, "label": a.segmentLabel, "href": root + segmentPath(a.segment),
            "values": summary.map { $0.themes.prefix(3).map(\.name).joined(separator: ", ") } ?? "",
            "has_values": !(summary?.themes.isEmpty ?? true),
        ]
        return sections
    }

    func segmentPath(_ key: String) -> String { "segments/\(segmentSlugs[key] ?? Slug.make(key)).html" }

    func segmentList() -> Page {
        let path = "segments/index.html"
        var context = base(path: path, title: "Segments", section: "segments")
        let root = Page.root(for: path)
        context["segments"] = portfolio.segments.map { segment -> [String: Any] in
            [
                "label": segment.label, "href": root + segmentPath(segment.key), "accounts": segment.accounts.count,
                "revenue_12m": format.money(segment.revenue12m), "pitch": segment.pitch,
                "nps": segment.nps.map { String($0) } ?? "—",
            ]
        }
        return Page(path: path, template: "segments", context: context)
    }

    func segmentPage(_ segment: SegmentSummary) -> Page {
        let path = segmentPath(segment.key)
        var context = base(
            path: path, title: segment.label.prefix(1).uppercased() + segment.label.dropFirst(), section: "segments")
        let root = Page.root(for: path)
        let byID = Dictionary(uniqueKeysWithValues: portfolio.accounts.map { ($0.account.id, $0) })
        let names = Dictionary(model.accounts.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        context["segment"] = [
            "label": segment.label, "industry": segment.industry, "size_band": segment.sizeBand,
            "pitch": segment.pitch, "accounts_count": segment.accounts.count,
            "revenue_12m": format.money(segment.revenue12m),
            "nps": segment.nps.map { String($0) } ?? "—", "nps_answers": segment.npsAnswers,
            "retention": segment.retention.map { ValueAnalysis.percent($0) } ?? "—",
            "themes": segment.themes.prefix(6).map {
                ["name": $0.name, "accounts": RiskAnalysis.plural($0.accounts, "account"), "weight": $0.weight]
                    as [String: Any]
            },
            "has_themes": !segment.themes.isEmpty,
            "quotes": segment.quotes.map {
                ["quote": $0.quote, "account": names[$0.accountID] ?? $0.accountID, "date": $0.date.iso]
            },
            "has_quotes": !segment.quotes.isEmpty,
            "pillars": segment.pillars.map {
                [
                    "name": $0.name.prefix(1).uppercased() + $0.name.dropFirst(),
                    "percent": Int(($0.mean * 100).rounded()),
                ]
                    as [String: Any]
            },
        ]
        context["accounts"] = segment.accounts.compactMap { byID[$0] }.sorted { $0.value.rank < $1.value.rank }.map {
            accountRow($0, root: root)
        }
        return Page(path: path, template: "segment", context: context)
    }

    func problemsPage() -> Page {
        let path = "problems/index.html"
        var context = base(path: path, title: "Problems", section: "problems")
        context["categories"] = portfolio.problems.map { problem -> [String: Any] in
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
