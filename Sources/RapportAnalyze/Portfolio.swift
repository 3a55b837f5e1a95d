import RapportCore

/// Revenue of one calendar month, for the revenue-by-month chart.
public struct MonthRevenue: Sendable, Equatable {
    public var month: String
    public var revenue: Money
}

/// Counts a rep (and a playbook's `when`) reads at a glance.
public struct AccountGlance: Sendable, Equatable {
    public var openTickets: Int
    public var criticalOpen: Int
    public var upkeep12m: Int
    public var daysSinceLastOrder: Int?
    public var daysSinceLastInteraction: Int?
    public var latestNPS: Int?
}

/// Everything computed for one account.
public struct AccountAnalysis: Sendable {
    public var account: Account
    public var value: ValueMetrics
    /// Orders up to the as-of date, newest first (ties by origin line).
    public var orders: OrderList
    /// The 24 calendar months ending with the as-of month, oldest first.
    public var monthlyRevenue: [MonthRevenue]
    public var sizeBand: String?
    /// Industry × size band, e.g. "Manufacturing · mid".
    public var segment: String
    /// The segment in words: "mid-size Manufacturing accounts".
    public var segmentLabel: String
    public var risk: RiskMetrics
    public var opportunity: OpportunityMetrics
    public var offers: [Offer]
    public var referrals: ReferralMetrics
    public var quadrant: Quadrant
    public var pillars: Pillars
    public var contactPlan: [ContactItem]
    public var clv: CLVMetrics
    public var glance: AccountGlance
    /// Open deals (the `opportunities` table); empty without one.
    public var pipeline = PipelineMetrics()
    /// Ids of the playbooks whose `when` matches, highest priority first.
    public var playbooks: [String]
}

/// The analyze stage's output: every account's metrics plus portfolio totals.
public struct Portfolio: Sendable {
    public var asOf: Day
    /// Sorted by account id.
    public var accounts: [AccountAnalysis]
    public var revenue12m: Money
    public var revenueLifetime: Money
    /// Records dated after the as-of date, left out everywhere.
    public var futureRecordsIgnored: Int
    public var segments: [SegmentSummary] = []
    /// Every customer's answers by industry and size: a pitch for any
    /// segment or prospect.
    public var voices: CustomerVoices?
    /// The proof points of the whole portfolio, what each segment's is set against.
    public var portfolioProof: ProofPoints?
    /// Sorted by prospect id.
    public var prospects: [ProspectBrief] = []
    public var problems: [ProblemCategory] = []
    /// Accounts whose figures changed since the same data as of 7 days earlier.
    public var changes: [WeeklyChange] = []
    /// The lifetime-value model fitted on this portfolio (or why not).
    public var lifetimeModel: LifetimeValue.Model?
    /// How risk is scored in this build: fitted or hand-set weights, and why.
    public var riskScorer: RiskScorer?
    /// The risk score measured against what happened (nil: no account had
    /// a purchase by the backtest date).
    public var backtest: Backtest?
    /// The text of the records' symbols and the products by SKU symbol.
    public var symbols = SymbolTable()
    /// The text of order ids and notes.
    public var texts = TextStore()
    public var catalogue = ProductCatalogue([], symbols: SymbolTable())

    public func count(of tier: Tier) -> Int { accounts.count { $0.value.tier == tier } }

    /// Every account's lifetime value added up, with its range: customers'
    /// own chance and the forecast's miss on the last window.
    public var lifetimeTotal: LifetimeTotal {
        LifetimeTotal(accounts.map(\.clv), miss: lifetimeModel?.calibration?.totalMiss)
    }
}

public enum Analyzer {
    public static let chartMonths = 24

    /// Everything, including what changed since the same data as of seven
    /// days earlier: the analysis runs twice.
    public static func weekly(_ model: SiteModel, asOf: Day, rules: [PlaybookRule] = []) -> Portfolio {
        weekly(model, history: PortfolioHistory(model, asOf: asOf), rules: rules)
    }

    /// The same, on records already grouped by account: the caller can then
    /// let go of the model's flat tables (`SiteModel.releasingRecords()`), so
    /// a large portfolio's records are not held twice.
    public static func weekly(_ model: SiteModel, history: PortfolioHistory, rules: [PlaybookRule] = []) -> Portfolio {
        let asOf = history.asOf
        let settings = model.settings.scoring
        let lag = Int(saturating: settings.backtestWeeks * 7)
        let current = RiskSnapshot(history, settings: settings, fit: PurchaseModel.allCases)
        let previous = RiskSnapshot(
            history.cut(at: asOf.adding(days: -lag)), settings: settings, fit: PurchaseModel.allCases,
            full: false)
        let earlier = RiskSnapshot(
            history.cut(at: asOf.adding(days: -2 * lag)), settings: settings, fit: PurchaseModel.allCases,
            full: false)
        // The backtest: a build as of h weeks ago, which fitted on the h weeks
        // before that. Done before the accounts' analyses, so the earliest
        // snapshot is let go before they exist: 100k peak 1,876 → 1,765 MB
        // (BENCHMARKS.md, issue 27, fifth session).
        let then = RiskEvaluation.evaluate(
            current: previous, previous: earlier, settings: settings, reasons: false)
        var backtest = Backtest.run(evaluation: then, snapshot: previous, outcomesIn: history, settings: settings)
        // The value forecast's correction, checked one window earlier first:
        // forecast as of X − 2h with the model chosen as of X − h, against
        // what was bought up to X − h.
        let earlierValue = ValueBacktest.run(
            snapshot: earlier, chosen: then.model, choice: then.modelReason, outcomesIn: previous.history,
            settings: settings)
        let calibration = ValueCalibration.learn(latest: backtest?.value, earlier: earlierValue)
        // The backtest's total range gets the miss of the window before it,
        // as this build's total gets the last window's (`LifetimeTotal`).
        if var test = backtest, case .success(var value) = test.value {
            value.widen(byMissOf: try? earlierValue.get())
            test.value = .success(value)
            backtest = test
        }
        let evaluation = RiskEvaluation.evaluate(
            current: current, previous: previous, settings: settings)
        var portfolio = analyze(
            model, history: history, rules: rules, risk: (current, evaluation), calibration: calibration)
        portfolio.backtest = backtest
        // Last week's view reuses this week's fits and weights: a week of
        // data barely moves them, and refitting doubled the time.
        let weekAgo = indicators(
            model, history: history.cut(at: asOf.adding(days: -7)), evaluation: evaluation, fits: current.fits)
        portfolio.changes = WeeklyChanges.compute(now: portfolio, weekAgo: weekAgo)
        return portfolio
    }

    /// Only what "since last week" compares — tier, risk band, overdue — for
    /// the same data as of an earlier day: a full second analysis (offers,
    /// pillars, plans, lifetime value, playbooks) doubled the analysis time.
    static func indicators(
        _ model: SiteModel, history: PortfolioHistory, evaluation: RiskEvaluation,
        fits: [PurchaseModel: BGNBD.Fit]
    ) -> [AccountID: WeeklyIndicators] {
        let asOf = history.asOf
        let settings = model.settings.scoring
        var byAccount: [AccountID: OrderList] = [:]
        for account in history.accounts { byAccount[account.account.id] = account.orders }
        // Not detailed: tiers need revenue only, and no step here reads the order count.
        let values = ValueAnalysis.compute(
            accountIDs: history.accounts.map(\.account.id), ordersByAccount: byAccount, texts: history.texts,
            asOf: asOf, cutoffs: (settings.tierA, settings.tierB), detailed: false)
        let typicalSpend = RiskAnalysis.typicalSpend(values.values)
        let indicators = history.accounts.parallelMap { item -> WeeklyIndicators in
            let value = values[item.account.id]!
            let opportunity = OpportunityAnalysis.compute(
                item, value: value, portfolio: history, settings: settings)
            let summary = CustomerSummary(orders: item.orders, asOf: asOf)
            let inactivity = evaluation.model.flatMap { purchaseModel in
                fits[purchaseModel].flatMap { fit in
                    summary.map { InactivityEstimate(purchaseModel, $0, weeks: settings.backtestWeeks, fit.parameters) }
                }
            }
            // The band is all that is compared: no words.
            let severities = RiskAnalysis.severities(
                item, value: value, asOf: asOf, settings: settings, symbols: history.symbols, inactivity: inactivity,
                summary: summary, typicalSpend: typicalSpend, reasons: false)
            let risk = evaluation.scorer.score(severities, settings: settings)
            return WeeklyIndicators(tier: value.tier, riskBand: risk.band, overdue: opportunity.overdue)
        }
        return Dictionary(
            zip(history.accounts.map(\.account.id), indicators), uniquingKeysWith: { first, _ in first })
    }

    /// A pure function of the model, the as-of date, the settings in the
    /// model and the compiled playbook rules.
    public static func analyze(_ model: SiteModel, asOf: Day, rules: [PlaybookRule] = []) -> Portfolio {
        analyze(model, history: PortfolioHistory(model, asOf: asOf), rules: rules)
    }

    /// `risk`: the snapshot as of the as-of date and the risk evaluation
    /// made on it, when the caller has them already (`weekly`).
    static func analyze(
        _ model: SiteModel, history: PortfolioHistory, rules: [PlaybookRule],
        risk: (snapshot: RiskSnapshot, evaluation: RiskEvaluation)? = nil, calibration: ValueCalibration? = nil
    ) -> Portfolio {
        let asOf = history.asOf
        let settings = model.settings.scoring
        let (current, evaluation) =
            risk
            ?? {
                let current = RiskSnapshot(history, settings: settings, fit: PurchaseModel.allCases)
                let lag = Int(saturating: settings.backtestWeeks * 7)
                let previous = RiskSnapshot(
                    history.cut(at: asOf.adding(days: -lag)), settings: settings, fit: PurchaseModel.allCases,
                    full: false)
                return (
                    current,
                    RiskEvaluation.evaluate(current: current, previous: previous, settings: settings)
                )
            }()
        let values = current.values
        let summaries = current.summaries
        let lifetimeModel = {
            var fitted = LifetimeValue.fit(
                summaries.compactMap { $0 }, fits: current.fits, chosen: evaluation.model,
                choice: evaluation.modelReason)
            fitted.calibration = calibration
            return fitted
        }()
        let firstMonth = monthStart(asOf, offset: -(chartMonths - 1))
        let year = DayWindow(endingOn: asOf, length: 365)
        let maintenance = Set(model.products.filter { $0.kind == .maintenance }.compactMap(\.family))
        let names = Dictionary(model.accounts.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })

        // Pass 1: what each account shows on its own, across the cores.
        let partial = Array(history.accounts.indices).parallelMap {
            position -> (OpportunityMetrics, RiskMetrics, AccountGlance) in
            let item = history.accounts[position]
            let value = values[item.account.id]!
            let opportunity = OpportunityAnalysis.compute(
                item, value: value, portfolio: history, settings: settings)
            let risk = evaluation.scorer.score(evaluation.severities[position], settings: settings)
            let open = item.tickets.filter { $0.resolved == nil || $0.resolved! > asOf }
            let counts = AccountGlance(
                openTickets: open.count, criticalOpen: open.count { $0.severity == .critical },
                upkeep12m: item.tickets.count {
                    year.contains($0.opened) && settings.upkeepCategories.contains($0.category ?? "")
                },
                daysSinceLastOrder: value.lastOrder.map { asOf.days(since: $0) },
                daysSinceLastInteraction: item.interactions.first { $0.kind != .newsletter }.map {
                    asOf.days(since: $0.date)
                },
                latestNPS: item.feedback.first { $0.nps != nil }?.nps)
            return (opportunity, risk, counts)
        }

        // Pass 2: what needs the whole portfolio (co-ownership, referred revenue).
        let offerInputs = history.accounts.enumerated().map { position, item in
            let band = settings.sizeBand(employees: item.account.employees)
            return OfferAnalysis.Account(
                id: item.account.id, segment: segmentKey(item.account.industry, band),
                segmentLabel: segmentLabel(item.account.industry, band),
                owned: Set(partial[position].0.familiesOwned),
                upkeepTickets12m: partial[position].2.upkeep12m >= settings.upkeepTickets
                    ? partial[position].2.upkeep12m : 0)
        }
        let offers = OfferAnalysis.compute(offerInputs, families: history.families, maintenanceFamilies: maintenance)
        let matching = PlaybookMatching(rules)
        let winRate = PipelineAnalysis.winRate(model.opportunities)
        let dealsByAccount = Dictionary(grouping: model.opportunities, by: \.account)
        let analyses = Array(history.accounts.indices).parallelMap { position -> AccountAnalysis in
            let item = history.accounts[position]
            let value = values[item.account.id]!
            let (opportunity, risk, counts) = partial[position]
            let band = settings.sizeBand(employees: item.account.employees)
            var analysis = AccountAnalysis(
                account: item.account, value: value, orders: item.orders,
                monthlyRevenue: monthly(item.orders, from: firstMonth, asOf: asOf), sizeBand: band,
                segment: segmentKey(item.account.industry, band),
                segmentLabel: segmentLabel(item.account.industry, band),
                risk: risk, opportunity: opportunity, offers: offers[item.account.id] ?? [],
                referrals: ReferralAnalysis.compute(
                    made: item.referralsMade, tier: value.tier, revenue12m: { values[$0]?.revenue12m ?? .zero }),
                quadrant: QuadrantAnalysis.quadrant(
                    tier: value.tier, riskBand: risk.band, opportunity: opportunity.level),
                pillars: PillarAnalysis.compute(
                    item, familiesOwned: opportunity.familiesOwned.count, catalogue: history.families.count, asOf: asOf),
                contactPlan: ContactPlan.compute(
                    item, value: value, opportunity: opportunity, asOf: asOf, settings: settings, names: names),
                clv: lifetimeModel.usable && summaries[position] != nil
                    ? LifetimeValue.fitted(
                        summaries[position]!, model: lifetimeModel, settings: settings,
                        seed: ValueSimulation.seed(item.account.id.text))
                        ?? LifetimeValue.fallback(
                            item, value: value, asOf: asOf, settings: settings,
                            reason: LifetimeValue.notFinite(lifetimeModel, settings: settings))
                    : LifetimeValue.fallback(
                        item, value: value, asOf: asOf, settings: settings, reason: lifetimeModel.reason),
                glance: counts,
                playbooks: [])
            if let deals = dealsByAccount[item.account.id] {
                analysis.pipeline = PipelineAnalysis.compute(deals, asOf: asOf, winRate: winRate)
            }
            analysis.playbooks = matching.playbooks(for: analysis)
            return analysis
        }
        let segments = SegmentAnalysis.compute(analyses, history: history, settings: model.settings.pitch)
        let prospects = ProspectAnalysis.compute(
            model.prospects, voices: segments.voices, analyses: analyses, segments: segments.segments,
            matching: matching,
            settings: settings, asOf: asOf)
        return Portfolio(
            asOf: asOf, accounts: analyses,
            revenue12m: analyses.reduce(.zero) { $0 + $1.value.revenue12m },
            revenueLifetime: analyses.reduce(.zero) { $0 + $1.value.revenueLifetime },
            futureRecordsIgnored: history.futureRecordsIgnored,
            segments: segments.segments, voices: segments.voices, portfolioProof: segments.portfolioProof,
            prospects: prospects,
            problems: ProblemAnalysis.compute(history),
            lifetimeModel: lifetimeModel, riskScorer: evaluation.scorer, symbols: history.symbols, texts: history.texts,
            catalogue: history.catalogue)
    }

    static func segmentKey(_ industry: String?, _ band: String?) -> String {
        "\(industry ?? "Unknown industry") · \(band ?? "unknown size")"
    }

    static func segmentLabel(_ industry: String?, _ band: String?) -> String {
        let size = band.map { $0 == "mid" ? "mid-size" : $0 } ?? "unknown-size"
        return "\(size) \(industry ?? "unknown-industry") accounts"
    }

    static func monthStart(_ day: Day, offset: Int) -> Day {
        let (year, month, _) = day.components
        let index = year * 12 + (month - 1) + offset
        return Day(year: index / 12, month: index % 12 + 1, day: 1)!
    }

    static func monthly(_ orders: OrderList, from first: Day, asOf: Day) -> [MonthRevenue] {
        // By month number, not by "YYYY-MM" key: a string per order showed in perf.
        let (firstYear, firstMonth, _) = first.components
        var totals = [Money](repeating: .zero, count: chartMonths)
        for order in orders where order.date >= first {
            let (year, month, _) = order.date.components
            let index = (year - firstYear) * 12 + (month - firstMonth)
            if index >= 0 && index < chartMonths { totals[index] += order.amount }
        }
        return (0..<chartMonths).map { offset in
            MonthRevenue(month: monthStart(first, offset: offset).monthKey, revenue: totals[offset])
        }
    }
}
