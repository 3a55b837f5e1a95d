import RapportCore

public struct ReferralMetrics: Sendable, Equatable {
    public var made: Int
    /// 12-month revenue of the accounts this one referred.
    public var referredRevenue: Money
    /// "spender", "sender", "both" or "neither" (docs/methodology.md#referrals).
    public var label: String
    public var reason: Reason
}

public enum ReferralAnalysis {
    /// spender: tier A, no referrals; sender: referrals, not tier A; both:
    /// tier A with referrals; neither: the rest.
    public static func compute(
        made referrals: [Referral], tier: Tier, revenue12m: (AccountID) -> Money
    ) -> ReferralMetrics {
        let referred = Set(referrals.map(\.referredID)).sorted()
        let revenue = referred.reduce(Money.zero) { $0 + revenue12m($1) }
        let made = referrals.count
        let label = tier == .a ? (made > 0 ? "both" : "spender") : (made > 0 ? "sender" : "neither")
        let reason: Reason =
            made == 0
            ? "no referrals made"
            : "referred \(referred.count) account\(referred.count == 1 ? "" : "s") worth \(money: revenue) in 12 months"
        return ReferralMetrics(made: made, referredRevenue: revenue, label: label, reason: reason)
    }
}

/// Where to spend time: the value × risk quadrant (docs/methodology.md#how-the-figures-are-computed).
public enum QuadrantAnalysis {
    public static func quadrant(tier: Tier, riskBand: Level, opportunity: Level) -> Quadrant {
        let highValue = tier == .a
        switch (highValue, riskBand) {
        case (true, .high): return .protect
        case (false, .high): return .rescueOrRelease
        case (_, .low) where highValue || opportunity == .high: return .grow
        default: return .maintain
        }
    }
}
