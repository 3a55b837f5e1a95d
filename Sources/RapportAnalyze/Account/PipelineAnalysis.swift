import RapportCore

/// One open deal as the brief lists it.
public struct OpenDeal: Sendable {
    public var id: OpportunityID
    public var stage: String?
    public var amount: Money?
    public var closeDate: Day?
    public var owner: RepID?
    /// The deal's own chance of being won, else the portfolio's win rate.
    public var chance: Double?
    public var nextStep: String?
    /// Its close date is before the as-of date and it is still open.
    public var pastClose: Bool
    /// Its close date is in the 30 days from the as-of date.
    public var closingSoon: Bool
}

/// An account's open pipeline.
public struct PipelineMetrics: Sendable {
    /// Open deals, by close date (none last), then id.
    public var deals: [OpenDeal] = []
    public var openAmount = Money.zero
    /// Σ amount × chance; nil when a deal has neither a probability nor a
    /// measured win rate to stand in for one.
    public var weightedAmount: Money? = .zero
    public var pastClose = 0
    public var closingSoon = 0

    public init() {}
}

/// The open pipeline (docs/methodology.md#the-open-pipeline).
public enum PipelineAnalysis {
    /// Days ahead a close date counts as soon.
    public static let soonDays = 30

    /// Won ÷ (won + lost) over every closed deal: what an open deal without
    /// its own probability is weighed by. nil without closed deals.
    public static func winRate(_ deals: [Opportunity]) -> Double? {
        var won = 0
        var closed = 0
        for deal in deals {
            switch DealStage(deal.stage) {
            case .won:
                won += 1
                closed += 1
            case .lost: closed += 1
            case .open: break
            }
        }
        return closed > 0 ? Double(won) / Double(closed) : nil
    }

    public static func compute(_ deals: [Opportunity], asOf: Day, winRate: Double?) -> PipelineMetrics {
        var metrics = PipelineMetrics()
        let soon = asOf.adding(days: soonDays)
        var weighted = 0.0
        var weighable = true
        for deal in deals where DealStage(deal.stage) == .open {
            let chance = deal.probability ?? winRate
            let pastClose = deal.closeDate.map { $0 < asOf } ?? false
            let closingSoon = deal.closeDate.map { asOf <= $0 && $0 <= soon } ?? false
            metrics.deals.append(
                OpenDeal(
                    id: deal.id, stage: deal.stage, amount: deal.amount, closeDate: deal.closeDate, owner: deal.owner,
                    chance: chance, nextStep: deal.nextStep, pastClose: pastClose, closingSoon: closingSoon))
            let amount = deal.amount ?? .zero
            metrics.openAmount += amount
            if let chance { weighted += Double(amount.cents) * chance } else if amount != .zero { weighable = false }
            if pastClose { metrics.pastClose += 1 }
            if closingSoon { metrics.closingSoon += 1 }
        }
        metrics.weightedAmount = weighable ? Money(roundingCents: weighted) : nil
        // No close date sorts last.
        let never = Day(ordinal: Int.max)
        metrics.deals.sort { ($0.closeDate ?? never, $0.id) < ($1.closeDate ?? never, $1.id) }
        return metrics
    }
}
