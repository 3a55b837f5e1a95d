import RapportAnalyze
import RapportCore

/// An account's brief as page data: its own page and every review packet
/// it is in draw it.
extension PageBuilder {
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
        // An owner taken from the account's deals says so (site.yaml `owner_from`).
        row["has_owner_rule"] = account.ownerFrom != nil
        row["owner_rule"] = account.ownerFrom.map(ownerRule) ?? ""
        context["account"] = row
        var valueSection = figures(listed: .value, of: analysis)
        valueSection["accounts"] = portfolio.accounts.count
        valueSection["tier"] = value.tier.rawValue
        valueSection["reasons"] = value.reasons.map(format.words)
        context["value"] = valueSection
        context["chart_svg"] = RevenueChart.svg(
            analysis.monthlyRevenue, format: format, title: "Revenue by month, last 24 months, for \(account.name)")
        context["months"] = analysis.monthlyRevenue.map {
            ["month": Formatting.monthLabel($0.month), "revenue": format.money($0.revenue)] as TemplateContext
        }
        context["section_heading"] = heading
        context["is_packet"] = heading != "h2"
        context.merge(briefSections(analysis, root: root))
        return context
    }

    /// "from its latest order, 2026-05-03": how an owner the account's record
    /// did not name was chosen.
    func ownerRule(_ from: OwnerFrom) -> String {
        let deal = from.deals == .orders ? "order" : "deal"
        var words = "from its \(from.rule == .latest ? "latest" : "largest") \(deal)"
        switch from.rule {
        case .latest: words += from.day.map { ", " + $0.iso } ?? ""
        case .largest:
            words += from.amount.map { ", " + format.money($0) } ?? ""
            words += from.day.map { " on " + $0.iso } ?? ""
        }
        return words
    }

    /// The figures the registry lists in `section`: as rows (`figures`, each
    /// a label and its value) and each by its own name, so a theme may
    /// list them all or place one (`{{value.revenue_12m}}`).
    func figures(listed section: AccountMetric.BriefSection, of analysis: AccountAnalysis) -> TemplateContext {
        var context: TemplateContext = [:]
        var rows: [TemplateContext] = []
        let prefix = section.rawValue + "."
        // Locals, not `self`: a closure that reached for the builder's
        // members copied the whole builder once per figure (callgrind).
        let (format, accounts, naming) = (format, portfolio.accounts.count, repNaming)
        func word(_ metric: AccountMetric) -> String {
            format.figure(metric, metric.read(analysis), accounts: accounts, repName: naming)
        }
        let listed = AccountMetrics.listed(in: section)
        rows.reserveCapacity(listed.count)
        for metric in listed {
            let text = word(metric)
            let note = metric.brief!.note.flatMap { AccountMetrics.byName[$0] }.map(word)
            rows.append(["label": metric.brief!.label, "value": text, "has_note": note != nil, "note": note ?? ""])
            context[metric.name.hasPrefix(prefix) ? String(metric.name.dropFirst(prefix.count)) : metric.name] = text
        }
        context["figures"] = rows
        return context
    }

    static let factorLabels = [
        "inactivity": "Inactivity", "spend_decline": "Spend decline", "open_problems": "Open problems",
        "customer_effort": "Customer effort", "competitor_contact": "Competitor contact", "sentiment": "Sentiment",
        "neglect": "Neglect", "expected_purchases": "Expected purchases", "recency": "Recency",
        "frequency": "Repeat purchases",
        "tenure": "Tenure", "spend": "Spend", "baseline": "Baseline",
    ]

    static let contactLabels = [
        "review_due": "Review", "anniversary": "Anniversary", "post_purchase_followup": "Post-purchase follow-up",
        "keep_in_touch": "Keep in touch", "thank_referrer": "Thank for a referral",
    ]

    /// Risk, opportunity, offers, plan, pillars, referrals, lifetime value and
    /// matched playbooks for the account brief.
    func briefSections(_ a: AccountAnalysis, root: String) -> TemplateContext {
        var sections: TemplateContext = [:]
        let scorer = portfolio.riskScorer
        let fitted = scorer?.kind == .fitted
        let notAssessed = a.risk.factors.filter { !$0.assessed }.map { Self.factorLabels[$0.name] ?? $0.name }
        sections["risk"] =
            [
                "score": a.risk.score, "band": a.risk.band.rawValue, "band_class": "band-" + a.risk.band.rawValue,
                "factors": a.risk.factors.filter { factor in
                    // A purchase feature the weights give nothing is left out:
                    // it says only "0 points" (docs/methodology.md#risk, "Purchase features").
                    guard RiskAnalysis.purchaseFeatures.contains(factor.name),
                        let index = RiskAnalysis.factorOrder.firstIndex(of: factor.name)
                    else { return true }
                    return (scorer?.weights[index] ?? 0) > 0
                }
                .map { factor -> TemplateContext in
                    // Hand-set: points out of the factor's weight, rescaled over
                    // the factors assessed; fitted: a share of the probability.
                    let index = RiskAnalysis.factorOrder.firstIndex(of: factor.name)
                    let weight = index.flatMap { scorer?.kind == .handSet ? scorer?.weights[$0] : nil }
                    return [
                        "label": Self.factorLabels[factor.name] ?? factor.name,
                        "points": factor.assessed ? Formatting.tenths(factor.points) : "—",
                        "has_weight": weight != nil && factor.assessed,
                        "weight": Formatting.tenths(weight ?? 0),
                        "reason": format.words(factor.reason), "active": factor.points > 0,
                    ]
                },
                "fitted": fitted,
                "note": fitted
                    ? "The score is the chance, in this portfolio's own history, that an account like this buys nothing "
                        + "in the next \(Int(saturating: model.settings.scoring.backtestWeeks)) weeks; its points split "
                        + "that chance among the factors."
                    : "Points out of each factor's weight; the weights are set by hand.",
                "scores_href": root + Self.scoresPath,
                "has_not_assessed": !notAssessed.isEmpty,
                "not_assessed": notAssessed.joined(separator: ", "),
            ] as TemplateContext
        let o = a.opportunity
        var opportunity = figures(listed: .opportunity, of: a)
        opportunity["level"] = o.level.rawValue
        opportunity["reasons"] = o.reasons.map(format.words)
        opportunity["overdue"] = o.overdue
        opportunity["due_this_week"] = o.dueThisWeek
        sections["opportunity"] = opportunity
        sections["pipeline"] = pipelineSection(a)
        sections["quadrant"] = ["key": a.quadrant.rawValue, "label": a.quadrant.label] as TemplateContext
        sections["offers"] = a.offers.map {
            ["family": $0.family, "reason": format.words($0.reason)] as TemplateContext
        }
        sections["has_offers"] = !a.offers.isEmpty
        sections["contact_plan"] = a.contactPlan.map {
            ["date": $0.date.iso, "kind": Self.contactLabels[$0.kind] ?? $0.kind, "reason": format.words($0.reason)]
                as TemplateContext
        }
        sections["has_contact_plan"] = !a.contactPlan.isEmpty
        sections["pillars"] = Pillars.names.map { name -> TemplateContext in
            let value = a.pillars.value(name)
            return [
                "name": name.prefix(1).uppercased() + name.dropFirst(), "percent": Int(saturating: value * 100),
                "reason": a.pillars.reasons[name] ?? "",
            ]
        }
        sections["pillars_svg"] = BarChart.svg(
            Pillars.names.map {
                BarChart.Bar(label: $0.prefix(1).uppercased() + $0.dropFirst(), fraction: a.pillars.value($0))
            },
            label: "Loyalty pillars for \(a.account.name), 0 to 100 %")
        sections["agenda"] = ReviewAgenda.compute(a, asOf: portfolio.asOf).map {
            ["topic": $0.topic, "points": $0.points.map(format.words)] as TemplateContext
        }
        sections["brief_id"] = accountSlugs[a.account.id] ?? Slug.make(a.account.id.text)
        sections["referrals"] =
            [
                "label": a.referrals.label, "made": a.referrals.made, "reason": format.words(a.referrals.reason),
                "referred_revenue": format.money(a.referrals.referredRevenue),
            ] as TemplateContext
        let purchases = a.clv.expectedPurchases
        sections["clv"] =
            [
                "model": a.clv.model.name, "is_fallback": a.clv.model == .fallback,
                "p_alive": Percent.whole(a.clv.pAlive),
                "expected_purchases": Int(saturating: purchases),
                "expected_value": format.money(
                    Money(roundingCents: Double(a.clv.expectedSpend.cents) * purchases) ?? .zero),
                "clv": format.money(a.clv.clv), "reason": a.clv.reason,
                "has_range": a.clv.low != nil && a.clv.high != nil,
                "low": a.clv.low.map { format.money($0) } ?? "", "high": a.clv.high.map { format.money($0) } ?? "",
                "horizon_months": Int(saturating: model.settings.scoring.clvHorizonWeeks / 4.345),
                "has_outlook": !a.clv.outlook.isEmpty,
                "outlook_svg": a.clv.outlook.isEmpty
                    ? ""
                    : OutlookChart.svg(
                        a.clv.outlook,
                        label: "Chance \(a.account.name) is still buying if no order comes: "
                            + "\(percent(a.clv.outlook.first!)) today, \(percent(a.clv.outlook.last!)) in "
                            + "\(CLVMetrics.outlookWeeks.last!) weeks"),
                "outlook": outlookRows(a.clv.outlook),
            ] as TemplateContext
        sections["matched_playbooks"] = matchedPlaybooks(a.playbooks, root: root) { fillPlaceholders($0, for: a) }
        sections["has_matched_playbooks"] = !a.playbooks.isEmpty
        let summary = portfolio.segments.first { $0.key == a.segment }
        sections["segment"] =
            [
                "key": a.segment, "label": a.segmentLabel, "href": root + segmentPath(a.segment),
                "values": summary.map { $0.pitch.own.themes.prefix(3).map(\.name).joined(separator: ", ") } ?? "",
                "has_values": !(summary?.pitch.own.themes.isEmpty ?? true),
                "evidence": summary.map { PitchContext.strengthWord($0.pitch.own.strength) } ?? "thin",
            ] as TemplateContext
        return sections
    }

    /// The outlook's table: every fourth week and week 26.
    func outlookRows(_ outlook: [Double]) -> [TemplateContext] {
        zip(CLVMetrics.outlookWeeks, outlook).filter { $0.0 % 4 == 0 || $0.0 == 26 }.map { week, pAlive in
            ["label": week == 0 ? "today" : "in \(week) weeks", "p_alive": percent(pAlive)]
        }
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

    /// The account's open deals (docs/methodology.md#the-open-pipeline).
    func pipelineSection(_ a: AccountAnalysis) -> TemplateContext {
        let pipeline = a.pipeline
        let naming = repNaming
        var summary =
            "\(pipeline.deals.count) open deal\(pipeline.deals.count == 1 ? "" : "s") worth "
            + format.money(pipeline.openAmount)
        if let weighted = pipeline.weightedAmount {
            summary += "; weighed by each deal's chance of being won, \(format.money(weighted))"
        }
        if pipeline.pastClose > 0 { summary += "; \(pipeline.pastClose) past the close date" }
        return [
            "has_deals": !pipeline.deals.isEmpty, "summary": summary + ".",
            "deals": pipeline.deals.map { deal -> TemplateContext in
                [
                    "id": deal.id.text, "stage": deal.stage ?? "—", "amount": deal.amount.map(format.money) ?? "—",
                    "chance": deal.chance.map(Percent.whole) ?? "—", "close_date": deal.closeDate?.iso ?? "—",
                    "past_close": deal.pastClose, "next_step": deal.nextStep ?? "—",
                    "owner": deal.owner.map(naming) ?? "—",
                ]
            },
        ]
    }
}
