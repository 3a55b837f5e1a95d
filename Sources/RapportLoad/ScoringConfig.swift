import RapportCore
import Yams

/// `scoring:` in site.yaml: every threshold and weight of README, *How the
/// figures are computed*. Each
/// value is checked for type and range at its line and column.
enum ScoringConfig {
    typealias Setter = @Sendable (inout ScoringSettings, Double) -> Void

    /// Numeric settings: path → (range, setter).
    static let numbers: [String: (ClosedRange<Double>, Setter)] = [
        "size_bands.small_below": (1...1_000_000, { $0.smallBelow = Int($1) }),
        "size_bands.large_from": (1...10_000_000, { $0.largeFrom = Int($1) }),
        "tiers.a": (0.01...1, { $0.tierA = $1 }),
        "tiers.b": (0.01...1, { $0.tierB = $1 }),
        "risk.medium_from": (0...100, { $0.riskMediumFrom = $1 }),
        "risk.high_from": (0...100, { $0.riskHighFrom = $1 }),
        "risk.inactivity_full_at": (1.01...100, { $0.inactivityFullAt = $1 }),
        "risk.decline_full_at": (0.01...1, { $0.declineFullAt = $1 }),
        "risk.neglect_days": (1...3650, { $0.neglectDays = Int($1) }),
        "opportunity.few_families": (0...1000, { $0.fewFamilies = Int($1) }),
        "opportunity.cadence_days.low": (1...3650, { $0.cadenceDays[.low] = Int($1) }),
        "opportunity.cadence_days.medium": (1...3650, { $0.cadenceDays[.medium] = Int($1) }),
        "opportunity.cadence_days.high": (1...3650, { $0.cadenceDays[.high] = Int($1) }),
        "upkeep_tickets": (1...1000, { $0.upkeepTickets = Int($1) }),
        "contact.follow_up_days": (1...365, { $0.followUpDays = Int($1) }),
        "contact.keep_in_touch_days": (1...3650, { $0.keepInTouchDays = Int($1) }),
        "contact.plan_days": (1...365, { $0.planDays = Int($1) }),
        "clv.horizon_weeks": (1...520, { $0.clvHorizonWeeks = $1 }),
        "clv.annual_discount_rate": (0...1, { $0.clvAnnualDiscountRate = $1 }),
        "backtest.weeks": (1...260, { $0.backtestWeeks = $1 }),
        "backtest.fit_minimum_accounts": (10...10_000_000, { $0.fitMinimumAccounts = Int($1) }),
        "backtest.fit_minimum_churned": (5...10_000_000, { $0.fitMinimumChurned = Int($1) }),
    ]

    static func parse(_ node: Node, yaml: YAMLDocument, _ diagnostics: inout Diagnostics) -> ScoringSettings {
        var settings = ScoringSettings()
        walk(node, path: "", settings: &settings, yaml: yaml, &diagnostics)
        if settings.tierA >= settings.tierB {
            diagnostics.error(
                .invalidSetting, at: yaml.location(of: node), stage: .load,
                "'scoring.tiers': a (\(settings.tierA)) must be below b (\(settings.tierB))")
        }
        if settings.smallBelow >= settings.largeFrom {
            diagnostics.error(
                .invalidSetting, at: yaml.location(of: node), stage: .load,
                "'scoring.size_bands': small_below must be below large_from")
        }
        if settings.riskMediumFrom >= settings.riskHighFrom {
            diagnostics.error(
                .invalidSetting, at: yaml.location(of: node), stage: .load,
                "'scoring.risk': medium_from must be below high_from")
        }
        return settings
    }

    static func walk(
        _ node: Node, path: String, settings: inout ScoringSettings, yaml: YAMLDocument,
        _ diagnostics: inout Diagnostics
    ) {
        for (key, keyNode, value) in yaml.entries(node) {
            let full = path.isEmpty ? key : path + "." + key
            if let (range, set) = numbers[full] {
                guard let text = yaml.string(value, "scoring.\(full)", &diagnostics) else { continue }
                guard let number = Double(text), range.contains(number) else {
                    diagnostics.error(
                        .invalidSetting, at: yaml.location(of: value), stage: .load,
                        "'scoring.\(full)': '\(text)' must be a number from \(range.lowerBound) to \(range.upperBound)")
                    continue
                }
                set(&settings, number)
            } else if full == "clv.model" {
                guard let text = yaml.string(value, "scoring.\(full)", &diagnostics) else { continue }
                if let choice = ScoringSettings.PurchaseModelSetting(rawValue: text.lowercased()) {
                    settings.purchaseModel = choice
                } else {
                    diagnostics.error(
                        .invalidSetting, at: yaml.location(of: value), stage: .load,
                        "'scoring.clv.model': '\(text)' is not auto, bgnbd, mbgnbd or paretonbd")
                }
            } else if full == "risk.weights", value.mapping == nil {
                guard let text = yaml.string(value, "scoring.\(full)", &diagnostics) else { continue }
                switch text {
                case "fitted": settings.riskWeightsMode = .fitted
                case "default": settings.riskWeightsMode = .handSet
                default:
                    diagnostics.error(
                        .invalidSetting, at: yaml.location(of: value), stage: .load,
                        "'scoring.risk.weights': '\(text)' is not fitted, default or a map of points per factor")
                }
            } else if full == "risk.weights" {
                // Points written by hand are used as written: no fitting.
                settings.riskWeightsMode = .handSet
                for (factor, factorNode, weight) in yaml.entries(value) {
                    guard settings.riskWeights[factor] != nil else {
                        diagnostics.error(
                            .unknownSetting, at: yaml.location(of: factorNode), stage: .load,
                            "'scoring.risk.weights': no factor '\(factor)' (factors: "
                                + "\(settings.riskWeights.keys.sorted().joined(separator: ", ")))")
                        continue
                    }
                    let text = weight.scalar?.string ?? ""
                    guard let number = Double(text), number >= 0 else {
                        diagnostics.error(
                            .invalidSetting, at: yaml.location(of: weight), stage: .load,
                            "'scoring.risk.weights.\(factor)': '\(text)' must be a number of points, 0 or more")
                        continue
                    }
                    settings.riskWeights[factor] = number
                }
            } else if full == "upkeep_categories" {
                if let items = SiteConfig.strings(value, "scoring.\(full)", yaml: yaml, &diagnostics) {
                    settings.upkeepCategories = items.map { $0.lowercased() }
                }
            } else if value.mapping != nil
                && (numbers.keys.contains(where: { $0.hasPrefix(full + ".") }) || full == "clv" || full == "risk")
            {
                walk(value, path: full, settings: &settings, yaml: yaml, &diagnostics)
            } else {
                diagnostics.warning(
                    .unknownSetting, at: yaml.location(of: keyNode), stage: .load,
                    "unknown setting 'scoring.\(full)' (see README: scoring)")
            }
        }
    }
}
