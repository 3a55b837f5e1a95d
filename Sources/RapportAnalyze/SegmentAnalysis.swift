import RapportCore

/// What customers of one industry and size value (README, *How the figures
/// are computed*, Segments page).
public struct SegmentSummary: Sendable {
    public struct Theme: Sendable, Equatable {
        public var name: String
        /// Accounts that mention it, promoters counting twice.
        public var weight: Int
        public var accounts: Int
    }

    public var key: String
    public var label: String
    public var industry: String
    public var sizeBand: String
    /// Account ids, sorted.
    public var accounts: [String]
    public var revenue12m: Money
    /// Strongest first, ties by name.
    public var themes: [Theme]
    /// Promoters' quotes, newest first, at most three.
    public var quotes: [(quote: String, accountID: String, date: Day)]
    /// Net Promoter Score over each account's latest answer, −100…100; nil without answers.
    public var nps: Int?
    public var npsAnswers: Int
    /// Pillars by mean value, strongest first.
    public var pillars: [(name: String, mean: Double)]
    /// Accounts that bought in the 12 months before last and again in the last 12, ÷ the former.
    public var retention: Double?
    /// "Lead with reliability and fast support" — the pitch in one line.
    public var pitch: String
}

public enum SegmentAnalysis {
    public static func compute(_ analyses: [AccountAnalysis], history: PortfolioHistory) -> [SegmentSummary] {
        let asOf = history.asOf
        let lastYear = DayWindow(endingOn: asOf, length: 365)
        let yearBefore = DayWindow(endingOn: asOf.adding(days: -365), length: 365)
        let histories = Dictionary(uniqueKeysWithValues: history.accounts.map { ($0.account.id, $0) })
        return Dictionary(grouping: analyses, by: \.segment).map { key, members -> SegmentSummary in
            var weights: [String: Int] = [:]
            var counts: [String: Int] = [:]
            var quotes: [(String, String, Day)] = []
            var promoters = 0, detractors = 0, answers = 0
            var retained = 0, before = 0
            for member in members {
                let item = histories[member.account.id]!
                var mentioned: [String: Int] = [:]
                for feedback in item.feedback {
                    let weight = (feedback.nps ?? 0) >= 9 ? 2 : 1
                    for theme in feedback.themes {
                        mentioned[theme.lowercased()] = max(mentioned[theme.lowercased()] ?? 0, weight)
                    }
                    if let quote = feedback.quote, (feedback.nps ?? 0) >= 9 {
                        quotes.append((quote, member.account.id, feedback.date))
                    }
                }
                for (theme, weight) in mentioned {
                    weights[theme, default: 0] += weight
                    counts[theme, default: 0] += 1
                }
                if let latest = item.feedback.first(where: { $0.nps != nil })?.nps {
                    answers += 1
                    if latest >= 9 { promoters += 1 } else if latest <= 6 { detractors += 1 }
                }
                let boughtBefore = item.orders.contains { yearBefore.contains($0.date) }
                if boughtBefore {
                    before += 1
                    if item.orders.contains(where: { lastYear.contains($0.date) }) { retained += 1 }
                }
            }
            let themes = weights.map { SegmentSummary.Theme(name: $0.key, weight: $0.value, accounts: counts[$0.key]!) }
                .sorted { ($1.weight, $0.name) < ($0.weight, $1.name) }
            let pillars = Pillars.names.map { name in
                (name: name, mean: members.map { $0.pillars.value(name) }.reduce(0, +) / Double(members.count))
            }.sorted { ($1.mean, $0.name) < ($0.mean, $1.name) }
            let first = members[0]
            let lead = themes.prefix(2).map(\.name)
            let pitch =
                lead.isEmpty
                ? "No feedback yet: ask these customers what they value at their next review"
                : "Lead with " + lead.joined(separator: " and ")
            return SegmentSummary(
                key: key, label: first.segmentLabel, industry: first.account.industry ?? "Unknown industry",
                sizeBand: first.sizeBand ?? "unknown size", accounts: members.map(\.account.id).sorted(),
                revenue12m: members.reduce(.zero) { $0 + $1.value.revenue12m }, themes: themes,
                quotes: Array(quotes.sorted { ($1.2, $0.1) < ($0.2, $1.1) }.prefix(3)),
                nps: answers > 0 ? Int((Double(promoters - detractors) / Double(answers) * 100).rounded()) : nil,
                npsAnswers: answers, pillars: pillars,
                retention: before > 0 ? Double(retained) / Double(before) : nil, pitch: pitch)
        }.sorted { $0.key < $1.key }
    }
}
