import RapportCore

/// One factor of the risk score: its share of the score, and why.
public struct RiskFactor: Sendable, Equatable {
    public var name: String
    /// Points of the score this factor accounts for.
    public var points: Double
    public var reason: String
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
/// (README, *How the figures are computed*, Risk): a factor without its
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

/// How likely the account is to buy nothing in the coming weeks, by the
/// fitted purchase model: the inactivity factor's severity.
public struct InactivityEstimate: Sendable {
    public var probability: Double
    public var model: String
    public var weeks: Double

    public init(probability: Double, model: String, weeks: Double) {
        self.probability = probability
        self.model = model
        self.weeks = weeks
    }
}

/// Each factor's severity, 0 (all well) to 1 (as bad as it gets), with its
/// reason: what a scorer weighs into a score.
public struct RiskSeverities: Sendable, Equatable {
    /// By `RiskAnalysis.factorOrder`.
    public var values: [Double]
    public var reasons: [String]
}

/// Risk (README, *How the figures are computed*, Risk). Each factor is a
/// severity from 0 to 1 (how bad); a `RiskScorer` weighs them into a score.
/// Every severity only grows when its inputs get worse, so the score never
/// falls when any factor worsens (tested as a property).
public enum RiskAnalysis {
    public static let factorOrder = [
        "inactivity", "spend_decline", "open_problems", "customer_effort", "competitor_contact", "sentiment", "neglect",
    ]

    static func clamp(_ value: Double) -> Double { min(max(value, 0), 1) }

    /// Severities with the hand-set weights (`RiskScorer.handSet`): what
    /// callers without a fitted scorer use.
    public static func compute(
        _ history: AccountHistory, value: ValueMetrics, asOf: Day, settings: ScoringSettings, symbols: SymbolTable,
        format: @Sendable (Money) -> String, inactivity: InactivityEstimate? = nil, data: RiskData = RiskData()
    ) -> RiskMetrics {
        let severities = self.severities(
            history, value: value, asOf: asOf, settings: settings, symbols: symbols, format: format,
            inactivity: inactivity)
        return RiskScorer.handSet(settings, data: data).score(severities, settings: settings)
    }

    public static func severities(
        _ history: AccountHistory, value: ValueMetrics, asOf: Day, settings: ScoringSettings, symbols: SymbolTable,
        format: @Sendable (Money) -> String, inactivity: InactivityEstimate?, reasons withReasons: Bool = true
    ) -> RiskSeverities {
        var values = [Double](repeating: 0, count: factorOrder.count)
        var reasons = [String](repeating: "", count: withReasons ? factorOrder.count : 0)
        // The backtest's earlier snapshots need the severities only: their
        // words were most of the time and memory of scoring 100,000 accounts
        // three times over (perf).
        func record(_ name: String, _ severity: Double, _ reason: @autoclosure () -> String) {
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
                    "\(percent(inactivity.probability)) chance of no order in the next "
                        + "\(Int(saturating: inactivity.weeks)) weeks (\(inactivity.model)); last order \(ago)"
                )
            } else {
                let usual = max(value.typicalIntervalDays ?? 90, 30)
                let ratio = Double(since) / Double(usual)
                let severity = clamp((ratio - 1) / (settings.inactivityFullAt - 1))
                record("inactivity", severity, "last order \(ago); usually every \(usual) days")
            }
        } else {
            record("inactivity", 1, "no orders up to \(asOf.iso)")
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
            let change = decline >= 0 ? "down \(percent(decline))" : "up \(percent(-decline))"
            record(
                "spend_decline",
                severity, "spend \(change): \(format(recent)) in the last 6 months, \(format(prior)) in the 6 before"
            )
        } else if ordersInWindows == 0, let last = value.lastOrder, last < priorWindow.first {
            record(
                "spend_decline",
                1,
                "stopped: no spend in the last 12 months after \(format(value.revenueLifetime)) before (last order \(last.iso))"
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
            record("open_problems", severity, reason)
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
                severity, parts.joined(separator: ", ") + " (\(plural(resolved.count, "ticket")), 6 months)"
            )
        }

        // Competitor contact in the last 12 months.
        let year = DayWindow(endingOn: asOf, length: 365)
        if let mention = history.interactions.first(where: { $0.competitor != nil && year.contains($0.date) }) {
            record("competitor_contact", 1, "\(symbols[mention.competitor!]) named on \(mention.date.iso)")
        } else {
            record("competitor_contact", 0, "no competitor named in 12 months")
        }

        // Sentiment: the latest NPS answer.
        if let latest = history.feedback.first(where: { $0.nps != nil }), let nps = latest.nps {
            let severity = nps <= 6 ? 1.0 : 0
            let group = nps <= 6 ? "a detractor" : nps <= 8 ? "passive" : "a promoter"
            record("sentiment", severity, "latest NPS \(nps) (\(latest.date.iso)), \(group)")
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

        return RiskSeverities(values: values, reasons: reasons)
    }

    /// "1 day", "3 days".
    public static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    static func percent(_ share: Double) -> String { "\(Int(saturating: share * 100)) %" }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int(saturating: value * 10)
        return "\(tenths / 10).\(tenths % 10)"
    }
}
