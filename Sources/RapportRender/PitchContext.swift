import RapportAnalyze
import RapportCore

/// A pitch, its evidence and proof points as template values: one shape
/// for segment pages (and their printed pitch sheets) and prospect pages.
struct PitchContext {
    let format: Formatting
    /// Whether quotes are signed with the customer's name (`pitch.name_customers`).
    let nameCustomers: Bool

    static func percent(_ fraction: Double) -> String { Formatting.wholePercent(fraction) }

    static func strengthWord(_ strength: EvidenceStrength) -> String {
        switch strength {
        case .strong: return "strong"
        case .some: return "some"
        case .thin: return "thin"
        }
    }

    func voice(_ voice: CustomerVoice) -> TemplateContext {
        [
            "label": voice.label, "level": voice.level.rawValue, "accounts": voice.accounts,
            "answers": voice.answers, "strength": Self.strengthWord(voice.strength),
            "nps": voice.nps.map { String($0) } ?? "—", "nps_answers": voice.npsAnswers,
            "has_themes": !voice.themes.isEmpty,
            "themes": voice.themes.prefix(6).map { theme -> TemplateContext in
                [
                    "name": theme.name, "answers": theme.answers, "of": voice.answers,
                    "share": Self.percent(theme.share), "strength": Self.strengthWord(theme.strength),
                ]
            },
            "has_quotes": !voice.quotes.isEmpty,
            "quotes": voice.quotes.map { quote -> TemplateContext in
                [
                    "quote": quote.text, "signed": nameCustomers ? quote.accountName : quote.anonymous,
                    "year": String(quote.date.components.year),
                ]
            },
        ]
    }

    func pitch(_ pitch: Pitch) -> TemplateContext {
        [
            "headline": pitch.headline, "fallback": pitch.fallback ?? "", "has_fallback": pitch.fallback != nil,
            "lead_with": pitch.leadWith.joined(separator: ", "), "own": voice(pitch.own),
            "basis": voice(pitch.basis), "borrowed": pitch.basis.level != .segment,
        ]
    }

    /// Each proof point beside the portfolio's, as rows; `highlights`, for
    /// the printed sheet, the first three where the segment does at least as
    /// well as all customers (or that have no better or worse: the typical
    /// order) — a sheet handed to a prospect leads with strengths; the page
    /// on screen shows every row.
    func proof(_ proof: ProofPoints, portfolio: ProofPoints?) -> TemplateContext {
        struct Row {
            var name: String
            var value: String?
            var portfolio: String?
            /// Whether the segment does at least as well; nil: neither.
            var asGood: Bool?
        }
        func row(
            _ name: String, _ path: KeyPath<ProofPoints, Double?>, higherIsBetter: Bool,
            _ show: (Double) -> String
        ) -> Row {
            let mine = proof[keyPath: path], theirs = portfolio?[keyPath: path]
            let asGood = mine.flatMap { mine in theirs.map { higherIsBetter ? mine >= $0 : mine <= $0 } }
            return Row(name: name, value: mine.map(show), portfolio: theirs.map(show), asGood: asGood)
        }
        func days(_ value: Double) -> String { "\(Formatting.tenths(value)) days" }
        func years(_ value: Double) -> String { "\(Formatting.tenths(value)) years" }
        let growth: (Double) -> String = { ($0 >= 0 ? "+" : "−") + Self.percent(abs($0)) }
        let rows = [
            row("Retention", \.retention, higherIsBetter: true, Self.percent),
            row("Median days to resolve a ticket", \.medianDaysToResolve, higherIsBetter: false, days),
            row("Median time as a customer", \.medianTenureYears, higherIsBetter: true, years),
            row("Revenue growth, 12 months", \.growth12m, higherIsBetter: true, growth),
            row("Customers who refer others", \.referrerShare, higherIsBetter: true, Self.percent),
            row("Mean effort to get help (1 easy – 7 hard)", \.meanEffort, higherIsBetter: false) {
                Formatting.tenths($0)
            },
            Row(
                name: "Typical order", value: proof.typicalOrder.map(format.money),
                portfolio: portfolio?.typicalOrder.map(format.money), asGood: nil),
        ]
        let highlights = rows.filter { $0.value != nil && $0.asGood != false }.prefix(3)
        func context(_ row: Row) -> TemplateContext {
            ["name": row.name, "value": row.value ?? "—", "portfolio": row.portfolio ?? "—"]
        }
        return [
            "rows": rows.map(context), "highlights": highlights.map(context), "has_highlights": !highlights.isEmpty,
            "first_family": proof.firstFamily ?? "", "next_family": proof.nextFamily ?? "",
            "has_first_family": proof.firstFamily != nil, "has_next_family": proof.nextFamily != nil,
            "typical_order": proof.typicalOrder.map(format.money) ?? "",
            "has_typical_order": proof.typicalOrder != nil,
        ]
    }
}
