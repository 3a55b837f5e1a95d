import RapportCore

/// One factor of the risk score: its share of the score, and why.
public struct RiskFactor: Sendable, Equatable {
    public var name: String
    /// Points of the score this factor accounts for.
    public var points: Double
    public var reason: Reason
    /// False when the data the factor needs is not in the site (no tickets,
    /// interactions or feedback up to the as-of date): it then counts for nothing.
    public var assessed: Bool = true
}

public struct RiskMetrics: Sendable {
    /// 0–100, the sum of the factors' points, rounded.
    public var score: Int
    public var band: Level
    /// Every factor, in a fixed order; those with no points say why not.
    /// With fitted weights a `baseline` entry comes first: the score of an
    /// account with every factor at 0.
    public var factors: [RiskFactor]
}

/// Which of the risk factors' tables hold any record up to the as-of date
/// (docs/methodology.md#risk): a factor without its
/// data is not assessed, rather than scored as if all were well (or ill).
public struct RiskData: Sendable, Equatable {
    public var orders: Bool
    public var tickets: Bool
    public var interactions: Bool
    public var feedback: Bool

    public init(orders: Bool = true, tickets: Bool = true, interactions: Bool = true, feedback: Bool = true) {
        self.orders = orders
        self.tickets = tickets
        self.interactions = interactions
        self.feedback = feedback
    }

    public init(_ history: PortfolioHistory) {
        orders = history.accounts.contains { !$0.orders.isEmpty }
        tickets = history.accounts.contains { !$0.tickets.isEmpty }
        interactions = history.accounts.contains { !$0.interactions.isEmpty }
        feedback = history.accounts.contains { $0.feedback.contains { $0.nps != nil } }
    }

    /// The table a factor reads, as a user knows it.
    public static func table(of factor: String) -> String {
        switch factor {
        case "open_problems", "customer_effort": return "tickets"
        case "competitor_contact", "neglect": return "interactions"
        case "sentiment": return "feedback"
        default: return "orders"
        }
    }

    public func has(_ table: String) -> Bool {
        switch table {
        case "tickets": return tickets
        case "interactions": return interactions
        case "feedback": return feedback
        default: return orders
        }
    }

    /// Per factor of `RiskAnalysis.factorOrder`.
    public var assessed: [Bool] { RiskAnalysis.factorOrder.map { has(Self.table(of: $0)) } }
}

/// What the fitted purchase model expects of the account in the coming
/// weeks: the chance it buys nothing (the inactivity factor) and how many
/// purchase days it makes (the expected-purchases feature).
public struct InactivityEstimate: Sendable {
    public var probability: Double
    public var model: String
    public var weeks: Double
    /// E[X(t)]; nil when only the probability is known.
    public var expectedPurchases: Double?

    public init(probability: Double, model: String, weeks: Double, expectedPurchases: Double? = nil) {
        self.probability = probability
        self.model = model
        self.weeks = weeks
        self.expectedPurchases = expectedPurchases
    }

    public init(_ model: PurchaseModel, _ summary: CustomerSummary, weeks: Double, _ parameters: BGNBD.Parameters) {
        self.init(
            probability: model.probabilityNoPurchase(summary, weeks: weeks, parameters), model: model.title,
            weeks: weeks, expectedPurchases: model.expectedPurchases(summary, weeks: weeks, parameters))
    }
}

/// Each factor's severity, 0 (all well) to 1 (as bad as it gets), with its
/// reason: what a scorer weighs into a score.
public struct RiskSeverities: Sendable, Equatable {
    /// By `RiskAnalysis.factorOrder`.
    public var values: [Double]
    public var reasons: [Reason]
}

/// Risk (docs/methodology.md#risk). Each factor is a
/// severity from 0 to 1 (how bad); a `RiskScorer` weighs them into a score.
/// Every severity only grows when its inputs get worse, so the score never
/// falls when any factor worsens (tested as a property).
public enum RiskAnalysis {
    public static let factorOrder =
        [
            "inactivity", "spend_decline", "open_problems", "customer_effort", "competitor_contact", "sentiment",
            "neglect",
        ] + purchaseFeatures

    /// What the purchase history says beside the seven factors (docs/methodology.md#risk, "Purchase features"): no
    /// hand-set points by default, so they count where the fitted weights find them
    /// useful. On CDNOW a plain logistic regression on recency, frequency,
    /// tenure and spend ranked who lapsed better than the factors alone
    /// (bench/cdnow-reference).
    public static let purchaseFeatures = ["expected_purchases", "recency", "frequency", "tenure", "spend"]

    /// The median lifetime spend of the accounts with a purchase: what the
    /// spend feature weighs an account's against. Nil without any.
    public static func typicalSpend<Values: Collection<ValueMetrics>>(_ values: Values) -> Money? {
        let spends = values.compactMap { $0.firstOrder == nil ? nil : Double($0.revenueLifetime.cents) }
        return Median.of(spends).map { Money(cents: Int64(Int(saturating: $0))) }
    }

    static func clamp(_ value: Double) -> Double { min(max(value, 0), 1) }

    /// Severities with the hand-set weights (`RiskScorer.handSet`): what
    /// callers without a fitted scorer use.
    public static func compute(
        _ history: AccountHistory, value: ValueMetrics, asOf: Day, settings: ScoringSettings, symbols: SymbolTable,
        inactivity: InactivityEstimate? = nil, typicalSpend: Money? = nil,
        data: RiskData = RiskData()
    ) -> RiskMetrics {
        let severities = self.severities(
            history, value: value, asOf: asOf, settings: settings, symbols: symbols,
            inactivity: inactivity, summary: CustomerSummary(orders: history.orders, asOf: asOf),
            typicalSpend: typicalSpend)
        return RiskScorer.handSet(settings, data: data).score(severities, settings: settings)
    }

    public static func severities(
        _ history: AccountHistory, value: ValueMetrics, asOf: Day, settings: ScoringSettings, symbols: SymbolTable,
        inactivity: InactivityEstimate?, summary: CustomerSummary?,
        typicalSpend: Money?, reasons withReasons: Bool = true
    ) -> RiskSeverities {
        var values = [Double](repeating: 0, count: factorOrder.count)
        var reasons = [Reason](repeating: Reason(), count: withReasons ? factorOrder.count : 0)
        // The backtest's earlier snapshots need the severities only: their
        // words were most of the time and memory of scoring 100,000 accounts
        // three times over (perf).
        func record(_ name: String, _ severity: Double, _ reason: @autoclosure () -> Reason) {
            let index = factorOrder.firstIndex(of: name)!
            values[index] = severity
            if withReasons { reasons[index] = reason() }
        }

        // Inactivity: the purchase model's chance of no order in the coming
        // weeks; without a fitted model, days since the last order against
        // the usual gap.
        if let last = value.lastOrder {
            let since = asOf.days(since: last)
            let ago = since == 0 ? "today" : plural(since, "day") + " ago"
            if let inactivity {
                record(
                    "inactivity",
                    clamp(inactivity.probability),
                    "\(percent: inactivity.probability) chance of no order in the next "
                        + "\(Int(saturating: inactivity.weeks)) weeks (\(inactivity.model)); last order \(ago)"
                )
            } else {
                let usual = max(value.typicalIntervalDays ?? 90, 30)
                let ratio = Double(since) / Double(usual)
                let severity = clamp((ratio - 1) / (settings.inactivityFullAt - 1))
                record("inactivity", severity, "last order \(ago); usually every \(usual) days")
            }
        } else {
            record("inactivity", 1, "no orders up to \(date: asOf)")
        }

        // Spend decline: the last 182 days against the 182 before; a stop
        // after a history of orders is a full decline.
        let recentWindow = DayWindow(endingOn: asOf, length: 182)
        let priorWindow = DayWindow(endingOn: asOf.adding(days: -182), length: 182)
        var recent = Money.zero
        var prior = Money.zero
        var ordersInWindows = 0
        for order in history.orders {
            if recentWindow.contains(order.date) {
                recent += order.amount
                ordersInWindows += 1
            }
            if priorWindow.contains(order.date) {
                prior += order.amount
                ordersInWindows += 1
            }
        }
        if prior.cents > 0 {
            let decline = 1 - Double(recent.cents) / Double(prior.cents)
            let severity = clamp(decline / settings.declineFullAt)
            let change: Reason = decline >= 0 ? "down \(percent: decline)" : "up \(percent: -decline)"
            record(
                "spend_decline",
                severity, "spend " + change + ": \(money: recent) in the last 6 months, \(money: prior) in the 6 before"
            )
        } else if ordersInWindows == 0, let last = value.lastOrder, last < priorWindow.first {
            record(
                "spend_decline",
                1,
                "stopped: no spend in the last 12 months after \(money: value.revenueLifetime) before (last order \(date: last))"
            )
        } else {
            record("spend_decline", 0, "no spend in the 6 months before the last 6 to compare with")
        }

        // Open problems: count, age of the oldest, severity.
        let open = history.tickets.filter { $0.resolved == nil || $0.resolved! > asOf }
        if open.isEmpty {
            record("open_problems", 0, "no open tickets")
        } else {
            let oldest = open.map { asOf.days(since: $0.opened) }.max()!
            let critical = open.count { $0.severity == .critical }
            let high = open.count { $0.severity == .high }
            let severity = clamp(
                0.25 * Double(open.count) + (oldest > 30 ? 0.25 : 0) + (critical > 0 ? 0.5 : high > 0 ? 0.25 : 0))
            var reason = "\(plural(open.count, "open ticket")), oldest \(plural(oldest, "day"))"
            if critical > 0 { reason += ", \(critical) critical" }
            if high > 0 { reason += ", \(high) high" }
            record("open_problems", severity, Reason(reason))
        }

        // Customer effort: contacts per resolved ticket and effort scores, 6 months.
        let resolved = history.tickets.filter {
            guard let done = $0.resolved else { return false }
            return done <= asOf && recentWindow.contains(done)
        }
        let contacts = resolved.compactMap(\.contacts)
        let efforts = resolved.compactMap(\.effort)
        if contacts.isEmpty && efforts.isEmpty {
            record("customer_effort", 0, "no resolved tickets with contacts or effort in 6 months")
        } else {
            var parts: [String] = []
            var severity = 0.0
            if !contacts.isEmpty {
                let mean = Double(contacts.reduce(0, +)) / Double(contacts.count)
                // One contact per ticket is effortless; four or more is the worst.
                severity = max(severity, clamp((mean - 1) / 3))
                parts.append("\(oneDecimal(mean)) contacts per resolved ticket")
            }
            if !efforts.isEmpty {
                let mean = Double(efforts.reduce(0, +)) / Double(efforts.count)
                // Effort 1–7: 2 or less is easy, 6 or more the worst.
                severity = max(severity, clamp((mean - 2) / 4))
                parts.append("effort \(oneDecimal(mean)) of 7")
            }
            record(
                "customer_effort",
                severity, Reason(parts.joined(separator: ", ") + " (\(plural(resolved.count, "ticket")), 6 months)")
            )
        }

        // Competitor contact in the last 12 months.
        let year = DayWindow(endingOn: asOf, length: 365)
        if let mention = history.interactions.first(where: { $0.competitor != nil && year.contains($0.date) }) {
            record("competitor_contact", 1, "\(symbols[mention.competitor!]) named on \(date: mention.date)")
        } else {
            record("competitor_contact", 0, "no competitor named in 12 months")
        }

        // Sentiment: the latest NPS answer.
        if let latest = history.feedback.first(where: { $0.nps != nil }), let nps = latest.nps {
            let severity = nps <= 6 ? 1.0 : 0
            let group = nps <= 6 ? "a detractor" : nps <= 8 ? "passive" : "a promoter"
            record("sentiment", severity, "latest NPS \(nps) (\(date: latest.date)), \(group)")
        } else {
            record("sentiment", 0, "no NPS answer")
        }

        // Neglect: no interaction of any kind but newsletters recently.
        let personal = history.interactions.first { $0.kind != .newsletter }
        if let personal {
            let since = asOf.days(since: personal.date)
            record(
                "neglect",
                since > settings.neglectDays ? 1 : 0,
                "last contact \(plural(since, "day")) ago (\(personal.kind.rawValue))"
            )
        } else {
            record("neglect", 1, "no recorded contact")
        }

        for feature in purchaseFeatures(
            summary, value: value, inactivity: inactivity, typicalSpend: typicalSpend, weeks: settings.backtestWeeks,
            reasons: withReasons)
        {
            record(feature.name, feature.severity, feature.reason)
        }
        return RiskSeverities(values: values, reasons: reasons)
    }

    /// The purchase features' severities, each 1 / (1 + how much): fewer
    /// expected purchases, fewer repeat purchases, a shorter tenure and less
    /// spend are each worse, never better.
    static func purchaseFeatures(
        _ summary: CustomerSummary?, value: ValueMetrics, inactivity: InactivityEstimate?, typicalSpend: Money?,
        weeks: Double, reasons: Bool
    ) -> [(name: String, severity: Double, reason: Reason)] {
        var features: [(name: String, severity: Double, reason: Reason)] = []
        // Words only when asked: the backtest scores 100,000 accounts without them.
        func record(_ name: String, _ severity: Double, _ reason: @autoclosure () -> Reason) {
            features.append((name, severity, reasons ? reason() : Reason()))
        }
        guard let summary else {
            for name in purchaseFeatures { record(name, 1, "no orders yet") }
            return features
        }
        let horizon = plural(Int(saturating: weeks), "week")
        // A fit at the edge of its range can give a non-finite expectation
        // (max(NaN, 0) is NaN): one such severity would poison the weights' fit.
        if let expected = inactivity?.expectedPurchases, expected.isFinite, let model = inactivity?.model {
            record(
                "expected_purchases", 1 / (1 + max(expected, 0)),
                "expected to buy on \(oneDecimal(expected)) days in the next \(horizon) (\(model))")
        } else {
            // Without a fitted model: the account's own rate of repeat purchases so far.
            let rate = summary.age > 0 ? Double(summary.frequency) / summary.age : 0
            record(
                "expected_purchases", 1 / (1 + rate * weeks),
                "on its past rate, \(oneDecimal(rate * weeks)) purchase days in the next \(horizon)")
        }
        let since = max(summary.age - summary.recency, 0)
        record(
            "recency", min(since / (2 * weeks), 1),
            Reason("last purchase " + (since < 1 ? "this week" : duration(weeks: since) + " ago")))
        let tenure = duration(weeks: summary.age)
        record(
            "frequency", 1 / (1 + Double(summary.frequency)),
            Reason("bought " + (summary.frequency == 0 ? "once" : "\(summary.frequency + 1) times") + " in \(tenure)"))
        record(
            "tenure", 1 / (1 + summary.age / weeksPerYear),
            "a customer for \(tenure)" + (value.firstOrder.map { " (first order \(date: $0))" } ?? Reason()))
        if let typicalSpend, typicalSpend.cents > 0 {
            let ratio = Double(max(value.revenueLifetime.cents, 0)) / Double(typicalSpend.cents)
            record(
                "spend", 1 / (1 + ratio),
                "\(money: value.revenueLifetime) bought in all, \(oneDecimal(ratio))× the portfolio's typical "
                    + "\(money: typicalSpend)")
        } else {
            record("spend", 0, "no typical spend in the portfolio to weigh it against")
        }
        return features
    }

    static let weeksPerYear = 365.25 / 7

    /// "3 weeks", "7 months", "4.2 years", to the nearest.
    static func duration(weeks: Double) -> String {
        if weeks < 8 { return plural(Int(saturating: weeks), "week") }
        if weeks < weeksPerYear { return plural(Int(saturating: weeks / weeksPerYear * 12), "month") }
        return "\(oneDecimal(weeks / weeksPerYear)) years"
    }

    /// "1 day", "3 days".
    public static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int(saturating: value * 10)
        return "\(tenths / 10).\(tenths % 10)"
    }
}
