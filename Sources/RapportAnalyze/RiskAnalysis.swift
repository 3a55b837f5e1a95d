import RapportCore

/// One factor of the risk score: its share of its weight, and why.
public struct RiskFactor: Sendable, Equatable {
    public var name: String
    /// 0 … the factor's weight.
    public var points: Double
    public var reason: String
}

public struct RiskMetrics: Sendable {
    /// 0–100, the sum of the factors' points, rounded.
    public var score: Int
    public var band: String
    /// Every factor, in a fixed order; those with no points say why not.
    public var factors: [RiskFactor]
}

/// Risk (README, *How the figures are computed*, Risk). Each factor is a number from 0 to 1 (how bad), times its
/// weight. Every factor only grows when its inputs get worse, so the score
/// never falls when any factor worsens (tested as a property).
public enum RiskAnalysis {
    public static let factorOrder = [
        "inactivity", "spend_decline", "open_problems", "customer_effort", "competitor_contact", "sentiment", "neglect",
    ]

    static func clamp(_ value: Double) -> Double { min(max(value, 0), 1) }

    public static func compute(
        _ history: AccountHistory, value: ValueMetrics, asOf: Day, settings: ScoringSettings, symbols: SymbolTable,
        format: (Money) -> String
    ) -> RiskMetrics {
        var severities: [String: (Double, String)] = [:]

        // Inactivity: days since the last order against the usual gap.
        if let last = value.lastOrder {
            let since = asOf.days(since: last)
            let usual = max(value.typicalIntervalDays ?? 90, 30)
            let ratio = Double(since) / Double(usual)
            let severity = clamp((ratio - 1) / (settings.inactivityFullAt - 1))
            severities["inactivity"] = (
                severity,
                "last order \(since == 0 ? "today" : plural(since, "day") + " ago"); usually every \(usual) days"
            )
        } else {
            severities["inactivity"] = (1, "no orders up to \(asOf.iso)")
        }

        // Spend decline: the last 182 days against the 182 before.
        let recentWindow = DayWindow(endingOn: asOf, length: 182)
        let priorWindow = DayWindow(endingOn: asOf.adding(days: -182), length: 182)
        var recent = Money.zero
        var prior = Money.zero
        for order in history.orders {
            if recentWindow.contains(order.date) { recent += order.amount }
            if priorWindow.contains(order.date) { prior += order.amount }
        }
        if prior.cents > 0 {
            let decline = 1 - Double(recent.cents) / Double(prior.cents)
            let severity = clamp(decline / settings.declineFullAt)
            let change = decline >= 0 ? "down \(percent(decline))" : "up \(percent(-decline))"
            severities["spend_decline"] = (
                severity, "spend \(change): \(format(recent)) in the last 6 months, \(format(prior)) in the 6 before"
            )
        } else {
            severities["spend_decline"] = (0, "no spend in the 6 months before the last 6 to compare with")
        }

        // Open problems: count, age of the oldest, severity.
        let open = history.tickets.filter { $0.resolved == nil || $0.resolved! > asOf }
        if open.isEmpty {
            severities["open_problems"] = (0, "no open tickets")
        } else {
            let oldest = open.map { asOf.days(since: $0.opened) }.max()!
            let critical = open.count { $0.severity == .critical }
            let high = open.count { $0.severity == .high }
            let severity = clamp(
                0.25 * Double(open.count) + (oldest > 30 ? 0.25 : 0) + (critical > 0 ? 0.5 : high > 0 ? 0.25 : 0))
            var reason = "\(plural(open.count, "open ticket")), oldest \(plural(oldest, "day"))"
            if critical > 0 { reason += ", \(critical) critical" }
            if high > 0 { reason += ", \(high) high" }
            severities["open_problems"] = (severity, reason)
        }

        // Customer effort: contacts per resolved ticket and effort scores, 6 months.
        let resolved = history.tickets.filter {
            guard let done = $0.resolved else { return false }
            return done <= asOf && recentWindow.contains(done)
        }
        let contacts = resolved.compactMap(\.contacts)
        let efforts = resolved.compactMap(\.effort)
        if contacts.isEmpty && efforts.isEmpty {
            severities["customer_effort"] = (0, "no resolved tickets with contacts or effort in 6 months")
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
            severities["customer_effort"] = (
                severity, parts.joined(separator: ", ") + " (\(plural(resolved.count, "ticket")), 6 months)"
            )
        }

        // Competitor contact in the last 12 months.
        let year = DayWindow(endingOn: asOf, length: 365)
        if let mention = history.interactions.first(where: { $0.competitor != nil && year.contains($0.date) }) {
            severities["competitor_contact"] = (1, "\(symbols[mention.competitor!]) named on \(mention.date.iso)")
        } else {
            severities["competitor_contact"] = (0, "no competitor named in 12 months")
        }

        // Sentiment: the latest NPS answer.
        if let latest = history.feedback.first(where: { $0.nps != nil }), let nps = latest.nps {
            let severity = nps <= 6 ? 1.0 : 0
            let group = nps <= 6 ? "a detractor" : nps <= 8 ? "passive" : "a promoter"
            severities["sentiment"] = (severity, "latest NPS \(nps) (\(latest.date.iso)), \(group)")
        } else {
            severities["sentiment"] = (0, "no NPS answer")
        }

        // Neglect: no interaction of any kind but newsletters recently.
        let personal = history.interactions.first { $0.kind != .newsletter }
        if let personal {
            let since = asOf.days(since: personal.date)
            severities["neglect"] = (
                since > settings.neglectDays ? 1 : 0,
                "last contact \(plural(since, "day")) ago (\(personal.kind.rawValue))"
            )
        } else {
            severities["neglect"] = (1, "no recorded contact")
        }

        let factors = factorOrder.map { name -> RiskFactor in
            let (severity, reason) = severities[name]!
            return RiskFactor(name: name, points: severity * (settings.riskWeights[name] ?? 0), reason: reason)
        }
        let score = Int(factors.reduce(0) { $0 + $1.points }.rounded())
        let band =
            Double(score) >= settings.riskHighFrom
            ? "high" : Double(score) >= settings.riskMediumFrom ? "medium" : "low"
        return RiskMetrics(score: min(score, 100), band: band, factors: factors)
    }

    /// "1 day", "3 days".
    public static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded())) %" }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
