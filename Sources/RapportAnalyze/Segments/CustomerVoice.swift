import RapportCore

/// How much a claim rests on (docs/methodology.md#how-the-figures-are-computed,
/// "Evidence"): by the number of customers who answered, against the
/// thresholds of `site.yaml`'s `pitch` block.
public enum EvidenceStrength: String, Sendable, Comparable, CaseIterable {
    case thin, some, strong

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    static func of(_ answers: Int, _ settings: PitchSettings) -> Self {
        answers >= settings.strongAnswers ? .strong : answers >= settings.someAnswers ? .some : .thin
    }
}

/// Whose answers a pitch rests on: the segment itself, or — when too few of
/// its customers answered — the same size band across industries, the same
/// industry across sizes, or the whole portfolio.
public enum EvidenceLevel: String, Sendable, CaseIterable {
    case segment, size, industry, portfolio
}

/// What the customers of one group said, counted once per customer.
public struct CustomerVoice: Sendable {
    public struct ThemeShare: Sendable, Equatable {
        public var name: String
        /// Customers who named it.
        public var answers: Int
        /// ÷ the customers who answered at all.
        public var share: Double
        public var strength: EvidenceStrength
    }

    /// A promoter's words, with what a prospect may be told about who said them.
    public struct Quote: Sendable, Equatable {
        public var text: String
        public var accountID: AccountID
        public var accountName: String
        public var date: Day
        /// "a mid-size Construction company, customer since 2021".
        public var anonymous: String
    }

    public var level: EvidenceLevel
    /// The group in words: "mid-size Construction customers", "all customers".
    public var label: String
    public var accounts: Int
    /// Customers with at least one feedback answer.
    public var answers: Int
    public var strength: EvidenceStrength
    /// Most named first; ties by name.
    public var themes: [ThemeShare]
    /// Over each customer's latest score; nil without scores.
    public var nps: Int?
    public var npsAnswers: Int
    /// Promoters' words, newest first, at most three.
    public var quotes: [Quote]
}

/// One customer's voice, gathered once and grouped at every level.
struct CustomerAnswer {
    var accountID: AccountID
    var industry: String?
    var band: String?
    /// Lower-cased themes named in any answer.
    var themes: Set<String>
    var latestScore: Int?
    var quotes: [CustomerVoice.Quote]
    var answered: Bool
}

extension CustomerVoice {
    static func gather(_ answers: [CustomerAnswer], level: EvidenceLevel, label: String, settings: PitchSettings)
        -> CustomerVoice
    {
        var named: [String: Int] = [:]
        var answered = 0, scored = 0, promoters = 0, detractors = 0
        var quotes: [Quote] = []
        for answer in answers {
            if answer.answered { answered += 1 }
            for theme in answer.themes { named[theme, default: 0] += 1 }
            if let score = answer.latestScore {
                scored += 1
                if score >= 9 { promoters += 1 } else if score <= 6 { detractors += 1 }
            }
            quotes += answer.quotes
        }
        let themes = named.map { name, count in
            ThemeShare(
                name: name, answers: count, share: answered > 0 ? Double(count) / Double(answered) : 0,
                strength: .of(count, settings))
        }.sorted { ($1.answers, $0.name) < ($0.answers, $1.name) }
        return CustomerVoice(
            level: level, label: label, accounts: answers.count, answers: answered,
            strength: .of(answered, settings), themes: themes,
            nps: scored > 0 ? Int(saturating: Double(promoters - detractors) / Double(scored) * 100) : nil,
            npsAnswers: scored,
            quotes: Array(quotes.sorted { ($1.date, $0.accountID) < ($0.date, $1.accountID) }.prefix(3)))
    }
}
