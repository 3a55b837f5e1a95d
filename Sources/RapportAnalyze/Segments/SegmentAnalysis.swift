import RapportCore

/// What customers of one industry and size value and what the data shows
/// about them (docs/methodology.md#segments-page).
public struct SegmentSummary: Sendable {
    public var key: String
    public var label: String
    public var industry: String
    public var sizeBand: String
    /// Account ids, sorted.
    public var accounts: [AccountID]
    public var revenue12m: Money
    /// The pitch, with the segment's own answers and those it rests on.
    public var pitch: Pitch
    public var proof: ProofPoints
    /// Pillars by mean value, strongest first.
    public var pillars: [(name: String, mean: Double)]
    /// "How we add value beyond the product": the two strongest pillars in words.
    public var beyondProduct: [String]
}

public enum SegmentAnalysis {
    /// What each loyalty pillar means as value a seller adds beyond the
    /// product (the account-review method's list: service, acting as the
    /// customer's consultant, flexible delivery, maintenance and payment,
    /// staying with a problem until it is solved).
    static let pillarValue: [String: String] = [
        "service": "staying with a problem until it is solved",
        "products": "acting as their consultant on what to buy and when to replace it",
        "community": "a community of peers who use the same products",
        "experiences": "reviews and events that go beyond the sale",
        "perks": "flexible delivery, maintenance and payment terms",
    ]

    /// Each customer's answers, once, for `CustomerVoices`.
    static func answers(_ analyses: [AccountAnalysis], histories: [AccountID: AccountHistory]) -> [CustomerAnswer] {
        analyses.parallelMap(minimumCount: 256) { analysis in
            let item = histories[analysis.account.id]!
            var themes: Set<String> = []
            var quotes: [CustomerVoice.Quote] = []
            for feedback in item.feedback {
                for theme in feedback.themes { themes.insert(theme.lowercased()) }
                if let quote = feedback.quote, (feedback.nps ?? 0) >= 9 {
                    quotes.append(
                        CustomerVoice.Quote(
                            text: quote, accountID: analysis.account.id, accountName: analysis.account.name,
                            date: feedback.date, anonymous: anonymous(analysis)))
                }
            }
            return CustomerAnswer(
                accountID: analysis.account.id, industry: analysis.account.industry, band: analysis.sizeBand,
                themes: themes, latestScore: item.feedback.first { $0.nps != nil }?.nps, quotes: quotes,
                answered: !item.feedback.isEmpty)
        }
    }

    /// How a quote is signed for a prospect: "a mid-size Construction
    /// company, customer since 2021".
    static func anonymous(_ analysis: AccountAnalysis) -> String {
        let size = analysis.sizeBand.map { CustomerVoices.sizeWords($0) + " " } ?? ""
        let industry = analysis.account.industry.map { $0 + " " } ?? ""
        let since = (analysis.account.customerSince ?? analysis.value.firstOrder).map {
            ", customer since \($0.components.year)"
        }
        let article = (size + industry).first.map { "aeiouAEIOU".contains($0) } ?? false ? "an" : "a"
        return "\(article) \(size)\(industry)company\(since ?? "")"
    }

    public static func compute(
        _ analyses: [AccountAnalysis], history: PortfolioHistory, settings: PitchSettings
    ) -> (segments: [SegmentSummary], voices: CustomerVoices, portfolioProof: ProofPoints) {
        let histories = Dictionary(uniqueKeysWithValues: history.accounts.map { ($0.account.id, $0) })
        let voices = CustomerVoices(answers(analyses, histories: histories), settings: settings)
        let facts = analyses.parallelMap(minimumCount: 256) {
            ProofPoints.facts(
                $0, histories[$0.account.id]!, catalogue: history.catalogue, texts: history.texts, asOf: history.asOf)
        }
        // Each segment's medians sort its members' orders: the segments
        // across the cores (the portfolio's after them: beside them it held
        // 11 MB more at the peak). By position, so no account's analysis is
        // copied into a group.
        let bySegment = Dictionary(grouping: analyses.indices, by: { analyses[$0].segment })
            .sorted { $0.key < $1.key }
        let proofs = bySegment.parallelMap { ProofPoints.aggregate($0.value.lazy.map { facts[$0] }) }
        let portfolioProof = ProofPoints.aggregate(facts)
        let segments = zip(bySegment, proofs).map { group, proof -> SegmentSummary in
            let (key, positions) = group
            let pillars = Pillars.names.map { name in
                (
                    name: name,
                    mean: positions.map { analyses[$0].pillars.value(name) }.reduce(0, +) / Double(positions.count)
                )
            }.sorted { ($1.mean, $0.name) < ($0.mean, $1.name) }
            let first = analyses[positions[0]]
            // The service pillar is backed by the service figure when it is
            // at least as good as all customers' (the sheet goes to prospects).
            let beyond = pillars.prefix(2).filter { $0.mean > 0 }.compactMap { pillar -> String? in
                guard let words = pillarValue[pillar.name] else { return nil }
                guard pillar.name == "service", let days = proof.medianDaysToResolve,
                    days <= portfolioProof.medianDaysToResolve ?? .infinity
                else { return words }
                let tenths = Int(saturating: days * 10)
                let shown = tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
                return words + " (tickets resolved in a median of \(shown) days)"
            }
            return SegmentSummary(
                key: key, label: first.segmentLabel, industry: first.account.industry ?? "Unknown industry",
                sizeBand: first.sizeBand ?? "unknown size",
                accounts: positions.map { analyses[$0].account.id }.sorted(),
                revenue12m: positions.reduce(.zero) { $0 + analyses[$1].value.revenue12m },
                pitch: voices.pitch(industry: first.account.industry, band: first.sizeBand),
                proof: proof, pillars: pillars, beyondProduct: beyond)
        }
        return (segments, voices, portfolioProof)
    }
}
