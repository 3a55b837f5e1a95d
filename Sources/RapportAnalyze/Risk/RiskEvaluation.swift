import Foundation
import RapportCore

/// The portfolio as it was known on one day, reduced to what the risk score
/// and the purchase models need. A build computes three: as of its as-of
/// date X, as of X − h (to fit weights and pick the model, and the
/// backtest's date), and as of X − 2h (what a build as of X − h fitted on).
public struct RiskSnapshot: Sendable {
    public var history: PortfolioHistory
    public var values: [AccountID: ValueMetrics]
    /// Per account position; nil for accounts without a purchase yet.
    public var summaries: [CustomerSummary?]
    /// The purchase models that could be fitted and converged.
    public var fits: [PurchaseModel: BGNBD.Fit]
    public var data: RiskData
    public var date: Day { history.asOf }

    /// - Parameter full: false for the earlier snapshots, which need no
    ///   order counts. Every fit depends on this snapshot's customers alone
    ///   (MBG/NBD starts where BG/NBD on the same customers ended, never
    ///   from another window): the backtest must fit exactly as a build on
    ///   its date did.
    public init(_ history: PortfolioHistory, settings: ScoringSettings, fit models: [PurchaseModel], full: Bool = true)
    {
        self.history = history
        let asOf = history.asOf
        var byAccount: [AccountID: OrderList] = [:]
        for account in history.accounts { byAccount[account.account.id] = account.orders }
        values = ValueAnalysis.compute(
            accountIDs: history.accounts.map(\.account.id), ordersByAccount: byAccount, texts: history.texts,
            asOf: asOf, cutoffs: (settings.tierA, settings.tierB), detailed: full)
        summaries = history.accounts.parallelMap { CustomerSummary(orders: $0.orders, asOf: asOf) }
        data = RiskData(history)
        let customers = summaries.compactMap { $0 }
        var fits: [PurchaseModel: BGNBD.Fit] = [:]
        if LifetimeValue.enoughToFit(customers) {
            let seed = models.isEmpty ? nil : BGNBD.fit(customers)
            for model in models {
                let fit = model == .bgnbd ? seed! : model.fit(customers, from: seed?.converged == true ? seed : nil)
                if fit.converged { fits[model] = fit }
            }
        }
        self.fits = fits
    }

    /// For accounts with a purchase by this snapshot's date: whether they
    /// bought nothing from the day after it up to `later`'s date.
    public func outcomes(in later: PortfolioHistory) -> [Bool?] {
        history.accounts.indices.map { position in
            guard summaries[position] != nil else { return nil }
            let id = history.accounts[position].account.id
            guard let index = later.index[id] else { return true }
            return !later.accounts[index].orders.contains { $0.date > date && $0.date <= later.asOf }
        }
    }

    /// Every account's severities, inactivity from `model` when it is fitted.
    /// - Parameter reasons: false leaves the words out (what the backtest and the fit need).
    public func severities(
        model: PurchaseModel?, settings: ScoringSettings, reasons: Bool = true
    ) -> [RiskSeverities] {
        let parameters = model.flatMap { fits[$0]?.parameters }
        let typicalSpend = RiskAnalysis.typicalSpend(values.values)
        return Array(history.accounts.indices).parallelMap { position in
            let item = history.accounts[position]
            let summary = summaries[position]
            let inactivity = parameters.flatMap { p in
                summary.map { InactivityEstimate(model!, $0, weeks: settings.backtestWeeks, p) }
            }
            return RiskAnalysis.severities(
                item, value: values[item.account.id]!, asOf: date, settings: settings, symbols: history.symbols,
                inactivity: inactivity, summary: summary, typicalSpend: typicalSpend,
                reasons: reasons)
        }
    }
}

/// How a build as of one day scores risk: the purchase model it uses, its
/// scorer (fitted or hand-set) and every account's severities. The build
/// and its backtest both come from `evaluate`, so the backtest scores what
/// a build as of the earlier day really showed.
public struct RiskEvaluation: Sendable {
    public var date: Day
    /// The purchase model for P(alive) and inactivity; nil when none could be fitted.
    public var model: PurchaseModel?
    public var modelReason: String
    public var scorer: RiskScorer
    public var severities: [RiskSeverities]

    public struct Window: Sendable {
        public var date: Day
        public var accounts: Int
        public var churned: Int
        /// AUC of 1 − P(alive) per fitted purchase model on that window.
        public var pAliveAUC: [PurchaseModel: Double]
    }

    /// `current` is the snapshot as of the build's day, `previous` the one
    /// h weeks earlier (outcomes run from it to `current`).
    /// - Parameter reasons: false for the backtest's evaluation, whose
    ///   scores are counted, never shown.
    public static func evaluate(
        current: RiskSnapshot, previous: RiskSnapshot?, settings: ScoringSettings,
        reasons: Bool = true
    ) -> RiskEvaluation {
        var window: Window?
        var outcomes: [Bool?] = []
        if let previous {
            outcomes = previous.outcomes(in: current.history)
            let known = outcomes.compactMap { $0 }
            var aucs: [PurchaseModel: Double] = [:]
            for (model, fit) in previous.fits {
                var scores: [Double] = []
                var labels: [Bool] = []
                for (position, outcome) in outcomes.enumerated() {
                    guard let outcome, let summary = previous.summaries[position] else { continue }
                    scores.append(1 - model.probabilityAlive(summary, fit.parameters))
                    labels.append(outcome)
                }
                if let auc = ScoreQuality.auc(scores: scores, outcomes: labels) { aucs[model] = auc }
            }
            window = Window(
                date: previous.date, accounts: known.count, churned: known.count { $0 }, pAliveAUC: aucs)
        }

        // The purchase model: as set, else the one whose P(alive) ranked the
        // window best, else MBG/NBD (it lets one-time buyers drop out).
        let fitted = PurchaseModel.allCases.filter { current.fits[$0] != nil }
        var model: PurchaseModel?
        var modelReason: String
        if let named = PurchaseModel(rawValue: settings.purchaseModel.rawValue) {
            model = current.fits[named] != nil ? named : nil
            modelReason =
                model != nil ? "set in site.yaml" : "\(named.title) is set in site.yaml but could not be fitted"
        } else if let window,
            let best = window.pAliveAUC.filter({ current.fits[$0.key] != nil }).max(by: {
                ($0.value, $0.key == .mbgnbd ? 1 : 0) < ($1.value, $1.key == .mbgnbd ? 1 : 0)
            })
        {
            model = best.key
            modelReason =
                "its P(alive) ranked who stopped buying after \(window.date.iso) best (AUC "
                + window.pAliveAUC.sorted { $0.key < $1.key }.map {
                    "\($0.key.title) \(ScoreQuality.twoDecimals($0.value))"
                }
                .joined(separator: ", ") + ")"
        } else {
            model = fitted.contains(.mbgnbd) ? .mbgnbd : fitted.first
            modelReason = model == nil ? "no purchase model could be fitted" : "no earlier window to compare models on"
        }

        var scorer = RiskScorer.handSet(settings, data: current.data)
        if settings.riskWeightsMode == .handSet {
            scorer.note = "site.yaml sets the points"
        } else if let window, let previous, window.accounts >= settings.fitMinimumAccounts,
            window.churned >= settings.fitMinimumChurned
        {
            let assessed = current.data.assessed
            // The earlier snapshot scored with the model this build uses, fitted as of that day.
            let earlier = previous.severities(
                model: model.flatMap { previous.fits[$0] != nil ? $0 : nil }, settings: settings,
                reasons: false)
            var features: [[Double]] = []
            var labels: [Bool] = []
            for (position, outcome) in outcomes.enumerated() {
                guard let outcome else { continue }
                features.append(assessed.indices.filter { assessed[$0] }.map { earlier[position].values[$0] })
                labels.append(outcome)
            }
            let fit = LogisticFit.fit(features: features, outcomes: labels)
            var weights = [Double](repeating: 0, count: assessed.count)
            for (slot, index) in assessed.indices.filter({ assessed[$0] }).enumerated() {
                weights[index] = fit.coefficients[slot]
            }
            scorer = RiskScorer(
                kind: .fitted, weights: weights, intercept: fit.intercept, assessed: assessed,
                note:
                    "fitted on \(window.accounts) accounts as of \(window.date.iso), \(window.churned) of which "
                    + "bought nothing by \(current.date.iso)")
        } else if let window {
            scorer.note =
                "the window from \(window.date.iso) has \(window.accounts) accounts and "
                + "\(window.churned) that stopped buying; fitting needs \(settings.fitMinimumAccounts) and "
                + "\(settings.fitMinimumChurned)"
        } else {
            scorer.note = "no history before \(current.date.iso) to fit on"
        }
        return RiskEvaluation(
            date: current.date, model: model, modelReason: modelReason, scorer: scorer,
            severities: current.severities(model: model, settings: settings, reasons: reasons))
    }
}
