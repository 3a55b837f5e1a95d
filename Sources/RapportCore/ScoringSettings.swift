/// Every threshold and weight, with the defaults documented in docs/methodology.md#how-the-figures-are-computed;
/// site.yaml `scoring:` overrides them.
public struct ScoringSettings: Sendable, Equatable {
    // Size bands by employees (docs/methodology.md#segments).
    public var smallBelow = 50
    public var largeFrom = 1_000

    // Value tiers by cumulative 12-month share.
    public var tierA = 0.80
    public var tierB = 0.95

    /// Points each risk factor can add; they sum to 100. Customer effort
    /// outweighs sentiment: in the Customer Contact Council's study (Dixon,
    /// Freeman & Toman, "Stop Trying to Delight Your Customers", HBR 2010)
    /// effort, not satisfaction, predicted repurchase.
    public var riskWeights: [String: Double] = [
        "inactivity": 20, "spend_decline": 15, "open_problems": 15, "customer_effort": 20,
        "competitor_contact": 10, "sentiment": 8, "neglect": 12,
        // The purchase features count where the fitted weights find them
        // useful; a site may give them points of its own.
        "expected_purchases": 0, "recency": 0, "frequency": 0, "tenure": 0, "spend": 0,
    ]
    /// Where the weights come from (`risk.weights`): fitted to the
    /// portfolio's own history when the backtest window has enough accounts
    /// and churn, else the points above; a map of points in site.yaml, or
    /// `default`, always uses the points.
    public var riskWeightsMode = RiskWeightsMode.fitted
    public var riskMediumFrom = 30.0
    public var riskHighFrom = 55.0
    /// Days since the last order, in multiples of the typical interval, at
    /// which inactivity counts in full.
    public var inactivityFullAt = 3.0
    /// Spend decline (last 6 months against the 6 before) that counts in full.
    public var declineFullAt = 0.5
    /// Days without any interaction that count as neglect.
    public var neglectDays = 90

    // Opportunity (docs/methodology.md#opportunity-and-reviews).
    public var fewFamilies = 2
    public var cadenceDays: [Level: Int] = [.low: 365, .medium: 180, .high: 90]

    /// Ticket categories that mean the equipment needs upkeep.
    public var upkeepCategories: [String] = ["maintenance", "upkeep", "repair"]
    public var upkeepTickets = 3

    // Contact plan (docs/methodology.md#contact-plan).
    public var followUpDays = 14
    public var keepInTouchDays = 60
    public var planDays = 30

    // Lifetime value (docs/methodology.md#lifetime-value).
    public var clvHorizonWeeks = 52.0
    public var clvAnnualDiscountRate = 0.10
    /// The purchase model of the briefs: `auto` takes the one whose P(alive)
    /// ranked the backtest's outcomes best.
    public var purchaseModel = PurchaseModelSetting.auto

    // Backtest (docs/methodology.md#how-good-are-these-scores).
    /// Weeks between the backtest date and the as-of date, and the outcome
    /// window: "churned" is no purchase in these weeks.
    public var backtestWeeks = 26.0
    /// Weights are fitted only on a window with at least this many accounts and churned accounts.
    public var fitMinimumAccounts = 200
    public var fitMinimumChurned = 30

    public init() {}

    public enum RiskWeightsMode: String, Sendable, Equatable {
        case fitted, handSet
    }

    public enum PurchaseModelSetting: String, Sendable, Equatable, CaseIterable {
        case auto, bgnbd, mbgnbd, paretonbd
    }

    public func sizeBand(employees: Int?) -> String? {
        guard let employees else { return nil }
        return employees < smallBelow ? "small" : employees < largeFrom ? "mid" : "large"
    }
}
