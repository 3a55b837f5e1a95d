import RapportCore
import Yams

/// `scoring:` in site.yaml: every threshold and weight of docs/methodology.md#how-the-figures-are-computed. Each
/// value is checked for type and range at its line and column.
enum ScoringConfig {
    typealias Setter = @Sendable (inout ScoringSettings, Double) -> Void

    /// A numeric setting: its range, whether it counts things (a whole
    /// number: 1.5 days would be silently cut to 1), and where it goes.
    struct Number: Sendable {
        var range: ClosedRange<Double>
        var whole: Bool
        var set: Setter

        static func whole(_ range: ClosedRange<Double>, _ set: @escaping @Sendable (inout ScoringSettings, Int) -> Void)
            -> Number
        {
            Number(range: range, whole: true, set: { set(&$0, Int(exactly: $1) ?? 0) })
        }

        static func fraction(_ range: ClosedRange<Double>, _ set: @escaping Setter) -> Number {
            Number(range: range, whole: false, set: set)
        }
    }

    /// Numeric settings by path below `scoring.`.
    static let numbers: [String: Number] = [
        "size_bands.small_below": .whole(1...1_000_000) { $0.smallBelow = $1 },
        "size_bands.large_from": .whole(1...10_000_000) { $0.largeFrom = $1 },
        "tiers.a": .fraction(0.01...1) { $0.tierA = $1 },
        "tiers.b": .fraction(0.01...1) { $0.tierB = $1 },
        "risk.medium_from": .fraction(0...100) { $0.riskMediumFrom = $1 },
        "risk.high_from": .fraction(0...100) { $0.riskHighFrom = $1 },
        "risk.inactivity_full_at": .fraction(1.01...100) { $0.inactivityFullAt = $1 },
        "risk.decline_full_at": .fraction(0.01...1) { $0.declineFullAt = $1 },
        "risk.neglect_days": .whole(1...3650) { $0.neglectDays = $1 },
        "opportunity.few_families": .whole(0...1000) { $0.fewFamilies = $1 },
        "opportunity.cadence_days.low": .whole(1...3650) { $0.cadenceDays[.low] = $1 },
        "opportunity.cadence_days.medium": .whole(1...3650) { $0.cadenceDays[.medium] = $1 },
        "opportunity.cadence_days.high": .whole(1...3650) { $0.cadenceDays[.high] = $1 },
        "upkeep_tickets": .whole(1...1000) { $0.upkeepTickets = $1 },
        "contact.follow_up_days": .whole(1...365) { $0.followUpDays = $1 },
        "contact.keep_in_touch_days": .whole(1...3650) { $0.keepInTouchDays = $1 },
        "contact.plan_days": .whole(1...365) { $0.planDays = $1 },
        "clv.horizon_weeks": .fraction(1...520) { $0.clvHorizonWeeks = $1 },
        "clv.annual_discount_rate": .fraction(0...1) { $0.clvAnnualDiscountRate = $1 },
        "backtest.weeks": .fraction(1...260) { $0.backtestWeeks = $1 },
        "backtest.fit_minimum_accounts": .whole(10...10_000_000) { $0.fitMinimumAccounts = $1 },
        "backtest.fit_minimum_churned": .whole(5...10_000_000) { $0.fitMinimumChurned = $1 },
    ]

    /// Points a risk factor may be given by hand: finite, and small enough
    /// that seven of them add up without overflow.
    static let weightRange: ClosedRange<Double> = 0...1_000_000

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
            if let setting = numbers[full] {
                guard let text = yaml.string(value, "scoring.\(full)", &diagnostics) else { continue }
                let range = setting.range
                guard let number = Double(text), range.contains(number), !setting.whole || number == number.rounded()
                else {
                    let bounds =
                        setting.whole
                        ? "a whole number from \(Int(exactly: range.lowerBound) ?? 0) to \(Int(exactly: range.upperBound) ?? 0)"
                        : "a number from \(range.lowerBound) to \(range.upperBound)"
                    diagnostics.error(
                        .invalidSetting, at: yaml.location(of: value), stage: .load,
                        "'scoring.\(full)': '\(text)' must be \(bounds)")
                    continue
                }
                setting.set(&settings, number)
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
                    guard let number = Double(text), weightRange.contains(number) else {
                        diagnostics.error(
                            .invalidSetting, at: yaml.location(of: weight), stage: .load,
                            "'scoring.risk.weights.\(factor)': '\(text)' must be a number of points from 0 to "
                                + "\(Int(exactly: weightRange.upperBound) ?? 0)")
                        continue
                    }
                    settings.riskWeights[factor] = number
                }
                // The points are rescaled to add up to 100: they need some
                // to rescale (docs/methodology.md#risk).
                if settings.riskWeights.values.reduce(0, +) <= 0 {
                    diagnostics.error(
                        .invalidSetting, at: yaml.location(of: value), stage: .load,
                        "'scoring.risk.weights': the points add up to 0; give at least one factor some points")
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
                    "unknown setting 'scoring.\(full)' (see docs/reference.md#siteyaml)")
            }
        }
    }
}

extension SiteConfig {
    /// A number site.yaml accepts, at its path, with the values it accepts.
    public struct NumericSetting: Sendable {
        public var path: String
        public var range: ClosedRange<Double>
        public var whole: Bool
    }

    /// Every numeric setting of site.yaml (docs/reference.md#siteyaml and *How the
    /// figures are computed*): what `fuzz/run settings` tries over its range
    /// and beyond.
    public static let numericSettings: [NumericSetting] =
        [
            NumericSetting(
                path: "accounts_per_page", range: Double(pageRange.lowerBound)...Double(pageRange.upperBound),
                whole: true),
            NumericSetting(
                path: "pitch.strong_answers", range: Double(answersRange.lowerBound)...Double(answersRange.upperBound),
                whole: true),
            NumericSetting(
                path: "pitch.some_answers", range: Double(answersRange.lowerBound)...Double(answersRange.upperBound),
                whole: true),
        ]
        + ScoringConfig.numbers.keys.sorted().map {
            NumericSetting(
                path: "scoring." + $0, range: ScoringConfig.numbers[$0]!.range, whole: ScoringConfig.numbers[$0]!.whole)
        }
        + ScoringSettings().riskWeights.keys.sorted().map {
            NumericSetting(path: "scoring.risk.weights." + $0, range: ScoringConfig.weightRange, whole: false)
        }
}
