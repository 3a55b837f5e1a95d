import RapportAnalyze
import RapportCore

/// `exports/accounts.json`, `exports/accounts.csv` and `exports/model.json`
/// exactly as README, *Exports* lists them, sorted by account id. Other tools read these
/// names: fields may be added, never renamed.
/// The exports as routes: one kind, four files.
struct AccountExports: DataFileKind {
    let name = "export"

    func routes(_ site: PageBuilder) -> [Route] {
        [Exports.accountsJSONPath, Exports.accountsCSVPath, Exports.modelPath, Exports.prospectsPath].map {
            Route(kind: name, path: $0, template: nil)
        }
    }

    func file(_ route: Route, _ site: PageBuilder) -> DataFile { Exports.file(route.path, site.portfolio) }
}

public enum Exports {
    public static let accountsJSONPath = "exports/accounts.json"
    public static let accountsCSVPath = "exports/accounts.csv"
    public static let modelPath = "exports/model.json"
    public static let prospectsPath = "exports/prospects.json"

    /// Every export, whole: for tests and small portfolios.
    public static func files(_ portfolio: Portfolio) -> [OutputFile] {
        [accountsJSONPath, accountsCSVPath, modelPath, prospectsPath].map { path in
            switch file(path, portfolio) {
            case .whole(let file): return file
            case .streamed(let file): return OutputFile(path: file.path, bytes: file.bytes)
            }
        }
    }

    /// The export at `path`; `accounts.json` as chunks of 1,000 accounts,
    /// each made across the cores when it is written.
    static func file(_ path: String, _ portfolio: Portfolio) -> DataFile {
        // `portfolio.accounts` is sorted by id already: shared, not copied.
        switch path {
        case accountsJSONPath: return .streamed(jsonChunks(portfolio.accounts))
        case accountsCSVPath: return .whole(OutputFile(path: path, text: csv(portfolio.accounts)))
        case modelPath: return .whole(OutputFile(path: path, text: model(portfolio).text + "\n"))
        default: return .whole(OutputFile(path: path, text: prospects(portfolio.prospects).text + "\n"))
        }
    }

    static let accountsPerChunk = 1_000

    /// The same bytes as `JSON.array(accounts.map(json)).text + "\n"`, in
    /// chunks: at 100,000 accounts the file is 300 MB, and holding it whole
    /// (as strings, then bytes) was the build's peak memory.
    static func jsonChunks(_ accounts: [AccountAnalysis]) -> StreamedFile {
        let count = accounts.count
        let chunks = max(1, (count + accountsPerChunk - 1) / accountsPerChunk)
        return StreamedFile(path: accountsJSONPath, chunks: chunks) { index in
            guard count > 0 else { return Array("[]\n".utf8) }
            let range = (index * accountsPerChunk)..<min((index + 1) * accountsPerChunk, count)
            let items = Array(range).parallelMap(minimumCount: 16) { position -> String in
                var text = "  "
                json(accounts[position]).write(to: &text, indent: 1)
                return text
            }
            var bytes: [UInt8] = index == 0 ? Array("[\n".utf8) : []
            bytes.reserveCapacity(items.reduce(4) { $0 + $1.utf8.count + 2 })
            for (offset, item) in items.enumerated() {
                bytes += item.utf8
                bytes += (range.lowerBound + offset == count - 1 ? "\n]\n" : ",\n").utf8
            }
            return bytes
        }
    }

    static func money(_ amount: Money) -> JSON { .raw(amount.plain) }
    static func optionalString(_ text: String?) -> JSON { text.map(JSON.string) ?? .null }
    static func day(_ day: Day?) -> JSON { day.map { .string($0.iso) } ?? .null }

    public static func json(_ a: AccountAnalysis) -> JSON {
        .object([
            ("account_id", .string(a.account.id)),
            ("name", .string(a.account.name)),
            ("industry", optionalString(a.account.industry)),
            ("size_band", optionalString(a.sizeBand)),
            ("segment", .string(a.segment)),
            ("owner", optionalString(a.account.owner)),
            (
                "value",
                .object([
                    ("revenue_12m", money(a.value.revenue12m)),
                    ("revenue_lifetime", money(a.value.revenueLifetime)),
                    ("share_12m", .number(a.value.share12m)),
                    ("rank", .raw(String(a.value.rank))),
                    ("tier", .string(a.value.tier.rawValue)),
                    ("orders", .raw(String(a.value.orders))),
                    ("first_order", day(a.value.firstOrder)),
                    ("last_order", day(a.value.lastOrder)),
                ])
            ),
            (
                "clv",
                .object([
                    ("model", .string(a.clv.model)),
                    ("p_alive", .number(a.clv.pAlive)),
                    ("expected_purchases", .number(a.clv.expectedPurchases)),
                    ("expected_spend", money(a.clv.expectedSpend)),
                    ("clv", money(a.clv.clv)),
                ])
            ),
            (
                "risk",
                .object([
                    ("score", .raw(String(a.risk.score))),
                    ("band", .string(a.risk.band)),
                    (
                        "factors",
                        .array(
                            a.risk.factors.map {
                                .object([
                                    ("name", .string($0.name)), ("points", .number(($0.points * 10).rounded() / 10)),
                                    ("reason", .string($0.reason)),
                                ])
                            })
                    ),
                ])
            ),
            (
                "opportunity",
                .object([
                    ("level", .string(a.opportunity.level)),
                    ("families_owned", .array(a.opportunity.familiesOwned.map(JSON.string))),
                    ("cadence_days", .raw(String(a.opportunity.cadenceDays))),
                    ("last_review", day(a.opportunity.lastReview)),
                    ("next_review", day(a.opportunity.nextReview)),
                    ("overdue", .bool(a.opportunity.overdue)),
                    ("due_this_week", .bool(a.opportunity.dueThisWeek)),
                ])
            ),
            ("quadrant", .string(a.quadrant)),
            (
                "offers",
                .array(
                    a.offers.map {
                        .object([
                            ("family", .string($0.family)), ("lift", .number($0.lift)), ("reason", .string($0.reason)),
                        ])
                    })
            ),
            (
                "referrals",
                .object([
                    ("made", .raw(String(a.referrals.made))),
                    ("referred_revenue", money(a.referrals.referredRevenue)),
                    ("label", .string(a.referrals.label)),
                ])
            ),
            ("pillars", .object(Pillars.names.map { ($0, .number(a.pillars.value($0))) })),
            ("playbooks", .array(a.playbooks.map(JSON.string))),
            (
                "contact_plan",
                .array(
                    a.contactPlan.map {
                        .object([
                            ("date", .string($0.date.iso)), ("kind", .string($0.kind)), ("reason", .string($0.reason)),
                        ])
                    })
            ),
        ])
    }

    /// Metrics that are amounts of money (shown with the currency symbol).
    static let moneyMetrics: Set<String> = [
        "value.revenue_12m", "value.revenue_lifetime", "clv.expected_spend", "clv.clv", "referrals.referred_revenue",
    ]

    static let csvColumns = [
        "account_id", "name", "industry", "size_band", "segment", "owner", "value.revenue_12m",
        "value.revenue_lifetime", "value.share_12m", "value.rank", "value.tier", "value.orders", "value.first_order",
        "value.last_order", "clv.model", "clv.p_alive", "clv.expected_purchases", "clv.expected_spend", "clv.clv",
        "risk.score", "risk.band", "opportunity.level", "opportunity.families_owned", "opportunity.cadence_days",
        "opportunity.last_review", "opportunity.next_review", "opportunity.overdue", "opportunity.due_this_week",
        "quadrant", "offers", "referrals.made", "referrals.referred_revenue", "referrals.label", "pillars.products",
        "pillars.service", "pillars.community", "pillars.experiences", "pillars.perks", "playbooks", "contact_plan",
    ]

    /// One row per account, the JSON's fields flattened; lists are
    /// `;`-separated. Text cells that a spreadsheet would run as a formula
    /// are neutralised.
    static func csv(_ accounts: [AccountAnalysis]) -> String {
        var writer = CSVWriter(header: csvColumns)
        let lines = accounts.parallelMap { a -> String in
            let text = { (value: String?) in CSVWriter.neutralised(value ?? "") }
            return CSVWriter.line([
                text(a.account.id), text(a.account.name), text(a.account.industry), a.sizeBand ?? "", text(a.segment),
                text(a.account.owner), a.value.revenue12m.plain, a.value.revenueLifetime.plain,
                JSON.number(a.value.share12m), String(a.value.rank), a.value.tier.rawValue, String(a.value.orders),
                a.value.firstOrder?.iso ?? "", a.value.lastOrder?.iso ?? "", a.clv.model, JSON.number(a.clv.pAlive),
                JSON.number(a.clv.expectedPurchases), a.clv.expectedSpend.plain, a.clv.clv.plain, String(a.risk.score),
                a.risk.band, a.opportunity.level, text(a.opportunity.familiesOwned.joined(separator: ";")),
                String(a.opportunity.cadenceDays), a.opportunity.lastReview?.iso ?? "",
                a.opportunity.nextReview?.iso ?? "", String(a.opportunity.overdue), String(a.opportunity.dueThisWeek),
                a.quadrant, text(a.offers.map(\.family).joined(separator: ";")), String(a.referrals.made),
                a.referrals.referredRevenue.plain, a.referrals.label, JSON.number(a.pillars.products),
                JSON.number(a.pillars.service), JSON.number(a.pillars.community), JSON.number(a.pillars.experiences),
                JSON.number(a.pillars.perks), text(a.playbooks.joined(separator: ";")),
                text(a.contactPlan.map { "\($0.date.iso) \($0.kind)" }.joined(separator: ";")),
            ])
        }
        writer.append(lines: lines)
        return writer.text
    }

    /// `exports/prospects.json` (README, *Exports*): one object per prospect,
    /// sorted by `prospect_id`; `[]` without a prospects table.
    static func prospects(_ briefs: [ProspectBrief]) -> JSON {
        func text(_ value: String?) -> JSON { value.map { .string($0) } ?? .null }
        return .array(
            briefs.map { brief in
                .object([
                    ("prospect_id", .string(brief.prospect.id)), ("name", .string(brief.prospect.name)),
                    ("industry", text(brief.prospect.industry)), ("size_band", text(brief.sizeBand)),
                    ("segment", text(brief.segment)),
                    (
                        "evidence",
                        .object([
                            ("level", .string(brief.pitch.basis.level.rawValue)),
                            ("from", .string(brief.pitch.basis.label)),
                            ("accounts", .raw(String(brief.pitch.basis.accounts))),
                            ("answers", .raw(String(brief.pitch.basis.answers))),
                            ("strength", .string(brief.pitch.basis.strength.rawValue)),
                        ])
                    ),
                    ("lead_with", .array(brief.pitch.leadWith.map { .string($0) })),
                    ("references", .array(brief.references.map { .string($0) })),
                    ("playbooks", .array(brief.playbooks.map { .string($0) })),
                ])
            })
    }

    static func model(_ portfolio: Portfolio) -> JSON {
        let model = portfolio.lifetimeModel
        var members: [(String, JSON)] = []
        if let model, model.usable, let gammaGamma = model.gammaGamma {
            // Every purchase model fitted, under its own name; the briefs use `purchase_model`.
            for kind in PurchaseModel.allCases {
                guard let fit = model.fits[kind] else {
                    members.append(
                        (kind.rawValue, .object([("fitted", .bool(false)), ("reason", .string("did not converge"))])))
                    continue
                }
                let p = fit.parameters
                members.append(
                    (
                        kind.rawValue,
                        .object([
                            ("r", .number(p.r)), ("alpha", .number(p.alpha)),
                            kind == .paretonbd ? ("s", .number(p.s)) : ("a", .number(p.a)),
                            kind == .paretonbd ? ("beta", .number(p.beta)) : ("b", .number(p.b)),
                            ("log_likelihood", .number(fit.logLikelihood)),
                            ("customers", .raw(String(fit.customers))), ("converged", .bool(fit.converged)),
                        ])
                    ))
            }
            members.append(("purchase_model", .string(model.purchaseModel!.rawValue)))
            members.append(("purchase_model_reason", .string(model.choice)))
            let g = gammaGamma.parameters
            members.append(
                (
                    "gamma_gamma",
                    .object([
                        ("p", .number(g.p)), ("q", .number(g.q)), ("gamma", .number(g.gamma)),
                        ("log_likelihood", .number(gammaGamma.logLikelihood)),
                        ("customers", .raw(String(gammaGamma.customers))), ("converged", .bool(gammaGamma.converged)),
                    ])
                ))
        } else {
            let reason = model?.reason ?? "no orders"
            for kind in PurchaseModel.allCases {
                members.append((kind.rawValue, .object([("fitted", .bool(false)), ("reason", .string(reason))])))
            }
            members.append(("gamma_gamma", .object([("fitted", .bool(false)), ("reason", .string(reason))])))
        }
        if let scorer = portfolio.riskScorer { members.append(("risk", riskScorer(scorer, portfolio.lifetimeModel))) }
        members.append(("backtest", backtest(portfolio)))
        members.append(("as_of", .string(portfolio.asOf.iso)))
        return .object(members)
    }

    /// How this build scores risk: the weights per factor (coefficients when fitted).
    static func riskScorer(_ scorer: RiskScorer, _ model: LifetimeValue.Model?) -> JSON {
        var members: [(String, JSON)] = [("weights", .string(scorer.kind.rawValue)), ("note", .string(scorer.note))]
        if scorer.kind == .fitted { members.append(("intercept", .number(scorer.intercept))) }
        members.append(
            (
                scorer.kind == .fitted ? "coefficients" : "points",
                .object(
                    RiskAnalysis.factorOrder.enumerated().map { index, name in
                        (name, scorer.assessed[index] ? .number(scorer.weights[index]) : .null)
                    })
            ))
        return .object(members)
    }

    /// `backtest` of `exports/model.json` (README, *How good are these scores*).
    static func backtest(_ portfolio: Portfolio) -> JSON {
        guard let test = portfolio.backtest else {
            return .object([
                ("fitted", .bool(false)),
                ("reason", .string("no account had a purchase by the backtest date: too little history")),
            ])
        }
        func optional(_ value: Double?) -> JSON { value.map { .number($0) } ?? .null }
        return .object([
            ("as_of", .string(test.asOf.iso)), ("horizon_weeks", .number(test.horizonWeeks)),
            ("accounts", .raw(String(test.accounts))), ("churned", .raw(String(test.churned))),
            ("weights", .string(test.weights.rawValue)), ("note", .string(test.scorerNote)),
            (
                "risk",
                .object([
                    ("auc", optional(test.riskAUC)), ("top_decile_lift", optional(test.topDecileLift)),
                    (
                        "bands",
                        .object(
                            test.bands.map { band in
                                var fields: [(String, JSON)] = [
                                    ("accounts", .raw(String(band.accounts))), ("churned", .raw(String(band.churned))),
                                    ("revenue_12m", .raw(band.revenue12m.plain)),
                                ]
                                if let mean = band.meanPredicted { fields.append(("mean_predicted", .number(mean))) }
                                return (band.band, .object(fields))
                            })
                    ),
                ])
            ),
            (
                "p_alive",
                .object([
                    ("model", test.pAliveModel.map { .string($0.rawValue) } ?? .null),
                    ("auc", optional(test.pAliveAUC)),
                ])
            ),
            (
                "factors",
                .object(test.factorAUC.map { ($0.name, .object([("auc", optional($0.auc))])) })
            ),
        ])
    }
}
