import Foundation
import RapportCore

/// The build's risk score measured against what happened (docs/methodology.md#how-good-are-these-scores): the portfolio
/// evaluated as of h weeks before the as-of date exactly as a build as of that day would, and compared
/// with who bought nothing in the h weeks after.
public struct Backtest: Sendable {
    public var asOf: Day
    public var horizonWeeks: Double
    /// Accounts with a purchase by the backtest date, and those that bought nothing after.
    public var accounts: Int
    public var churned: Int
    public var weights: RiskScorer.Kind
    public var scorerNote: String
    public var riskAUC: Double?
    public var topDecileLift: Double?
    public var bands: [Band]
    public var pAliveModel: PurchaseModel?
    public var pAliveAUC: Double?
    /// AUC of each assessed factor's severity alone, by `RiskAnalysis.factorOrder`,
    /// over every account scored and over the active ones.
    public var factorAUC: [(name: String, auc: Double?, activeAUC: Double?)]
    /// The accounts still active on the backtest date — a purchase in the
    /// h weeks before it, so not already lapsed by the rule the outcome
    /// uses — and those of them that bought nothing after. Over all
    /// accounts a factor's AUC is confounded: a customer who has already
    /// left files no tickets, so problems look protective.
    public var activeAccounts: Int
    public var activeChurned: Int
    public var activeRiskAUC: Double?
    public var roc: [(Double, Double)]
    /// The fitted weights beside the hand-set points, for the scores page.
    public var scorer: RiskScorer
    /// The lifetime-value forecast's trial over the same window, or why there is none.
    public var value: Result<ValueBacktest, ValueBacktest.Missing>

    public struct Band: Sendable {
        public var band: Level
        public var accounts: Int
        public var churned: Int
        public var revenue12m: Money
        /// Mean predicted chance of no purchase (fitted scores only).
        public var meanPredicted: Double?
        public var churnRate: Double? { accounts > 0 ? Double(churned) / Double(accounts) : nil }
    }

    /// Nil when there is no account with a purchase by the backtest date.
    public static func run(
        evaluation: RiskEvaluation, snapshot: RiskSnapshot, outcomesIn later: PortfolioHistory,
        settings: ScoringSettings
    ) -> Backtest? {
        let outcomes = snapshot.outcomes(in: later)
        var scores: [Double] = []
        var labels: [Bool] = []
        var pAlive: [Double] = []
        var perFactor = [[Double]](repeating: [], count: RiskAnalysis.factorOrder.count)
        var active: [Int] = []
        var bands = Level.allCases.map {
            Band(band: $0, accounts: 0, churned: 0, revenue12m: .zero, meanPredicted: nil)
        }
        var predicted = [Double](repeating: 0, count: 3)
        let parameters = evaluation.model.flatMap { snapshot.fits[$0]?.parameters }
        for (position, outcome) in outcomes.enumerated() {
            guard let outcome, let summary = snapshot.summaries[position] else { continue }
            let severities = evaluation.severities[position]
            let score = evaluation.scorer.value(severities)
            scores.append(Double(score))
            labels.append(outcome)
            if let model = evaluation.model, let parameters {
                pAlive.append(1 - model.probabilityAlive(summary, parameters))
            }
            for index in perFactor.indices { perFactor[index].append(severities.values[index]) }
            let value = snapshot.values[snapshot.history.accounts[position].account.id]!
            if let last = value.lastOrder, Double(snapshot.date.days(since: last)) < settings.backtestWeeks * 7 {
                active.append(labels.count - 1)
            }
            let band = RiskScorer.band(score, settings: settings)
            let slot = Level.allCases.firstIndex(of: band)!
            bands[slot].accounts += 1
            if outcome { bands[slot].churned += 1 }
            bands[slot].revenue12m += snapshot.values[snapshot.history.accounts[position].account.id]!.revenue12m
            predicted[slot] += Double(score) / 100
        }
        guard !labels.isEmpty else { return nil }
        if evaluation.scorer.kind == .fitted {
            for slot in bands.indices where bands[slot].accounts > 0 {
                bands[slot].meanPredicted = predicted[slot] / Double(bands[slot].accounts)
            }
        }
        let assessed = evaluation.scorer.assessed
        let activeLabels = active.map { labels[$0] }
        func activeAUC(_ scores: [Double]) -> Double? {
            ScoreQuality.auc(scores: active.map { scores[$0] }, outcomes: activeLabels)
        }
        return Backtest(
            asOf: snapshot.date, horizonWeeks: settings.backtestWeeks, accounts: labels.count,
            churned: labels.count { $0 }, weights: evaluation.scorer.kind, scorerNote: evaluation.scorer.note,
            riskAUC: ScoreQuality.auc(scores: scores, outcomes: labels),
            topDecileLift: ScoreQuality.topDecileLift(scores: scores, outcomes: labels), bands: bands,
            pAliveModel: pAlive.isEmpty ? nil : evaluation.model,
            pAliveAUC: pAlive.isEmpty ? nil : ScoreQuality.auc(scores: pAlive, outcomes: labels),
            factorAUC: RiskAnalysis.factorOrder.enumerated().map { index, name in
                (
                    name, assessed[index] ? ScoreQuality.auc(scores: perFactor[index], outcomes: labels) : nil,
                    assessed[index] ? activeAUC(perFactor[index]) : nil
                )
            },
            activeAccounts: active.count, activeChurned: activeLabels.count { $0 }, activeRiskAUC: activeAUC(scores),
            roc: ScoreQuality.rocCurve(scores: scores, outcomes: labels), scorer: evaluation.scorer,
            value: ValueBacktest.run(
                snapshot: snapshot, chosen: evaluation.model, choice: evaluation.modelReason, outcomesIn: later,
                settings: settings))
    }
}
