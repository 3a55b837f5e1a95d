import RapportCore

/// The names a prospect playbook's `when` and placeholders may use (docs/reference.md#playbook-conditions-when): what
/// is known of a company before it buys.
public enum ProspectNames {
    public static let all: [String: ExpressionType] = [
        "prospect.id": .string, "prospect.name": .string, "prospect.industry": .string,
        "prospect.size_band": .string, "prospect.region": .string, "prospect.stage": .string,
        "prospect.days_to_meeting": .number,
    ]
}

/// What a rep needs before meeting a prospect: the pitch for companies like
/// it, customers to offer as references, questions, matching playbooks.
public struct ProspectBrief: Sendable {
    public var prospect: Prospect
    public var sizeBand: String?
    /// "Construction · mid" when both are known: the segment it would join.
    public var segment: String?
    public var pitch: Pitch
    /// Promoters (latest score 9–10) and referrers among customers like it —
    /// the segment's, else those the pitch rests on — by revenue, at most five.
    public var references: [AccountID]
    /// Days from the as-of date to the next meeting; negative when it is past.
    public var daysToMeeting: Int?
    public var questions: [String]
    /// Ids of the prospect playbooks whose `when` matches, highest priority first.
    public var playbooks: [String]

    public func lookup(_ name: String) -> ExpressionValue {
        func text(_ value: String?) -> ExpressionValue { value.map { .string($0) } ?? .missing }
        switch name {
        case "prospect.id": return .string(prospect.id.text)
        case "prospect.name": return .string(prospect.name)
        case "prospect.industry": return text(prospect.industry)
        case "prospect.size_band": return text(sizeBand)
        case "prospect.region": return text(prospect.region)
        case "prospect.stage": return text(prospect.stage)
        case "prospect.days_to_meeting": return daysToMeeting.map { .number(Double($0)) } ?? .missing
        default: return .missing
        }
    }
}

public enum ProspectAnalysis {
    /// The first meeting's questions (the account-review method: ask what
    /// they value most and why; lead with what customers like them value).
    static func questions(_ pitch: Pitch, proof: ProofPoints?) -> [String] {
        var questions = ["What do you value most in a supplier, and why?"]
        for theme in pitch.leadWith {
            questions.append(
                "Customers like you most often name \(theme): how does your current supplier do on it?")
        }
        if let first = proof?.firstFamily {
            questions.append("Customers like you usually start with \(first): where would it help you first?")
        }
        questions.append("What would make you stay with a supplier for years?")
        questions.append("Who decides on a purchase, and how often do you buy?")
        return questions
    }

    static func compute(
        _ prospects: [Prospect], voices: CustomerVoices, analyses: [AccountAnalysis], segments: [SegmentSummary],
        matching: PlaybookMatching, settings: ScoringSettings, asOf: Day
    ) -> [ProspectBrief] {
        let proofBySegment = Dictionary(segments.map { ($0.key, $0.proof) }) { first, _ in first }
        // Customers a prospect may be offered as references, best first,
        // grouped once by what a prospect can share with them (a scan of
        // them all per prospect was prospects × accounts). Held by
        // position: sorting and grouping copies of the analyses took 5 s at
        // 100,000 accounts (BENCHMARKS.md, issue 27).
        let candidates = analyses.indices.filter {
            (analyses[$0].glance.latestNPS ?? 0) >= 9 || analyses[$0].referrals.made > 0
        }
        .sorted {
            (analyses[$1].value.revenue12m, analyses[$0].account.id)
                < (analyses[$0].value.revenue12m, analyses[$1].account.id)
        }
        let bySegment = Dictionary(grouping: candidates) { analyses[$0].segment }
        let bySize = Dictionary(grouping: candidates.filter { analyses[$0].sizeBand != nil }) {
            analyses[$0].sizeBand!
        }
        let byIndustry = Dictionary(grouping: candidates.filter { analyses[$0].account.industry != nil }) {
            analyses[$0].account.industry!
        }
        // A pitch gathers its segment's answers: once per (industry, size),
        // not once per prospect (prospects × answers, 100,000 accounts).
        struct Kind: Hashable {
            var industry: String?
            var band: String?
        }
        var pitches: [Kind: Pitch] = [:]
        return prospects.sorted { $0.id < $1.id }.map { prospect in
            let band = settings.sizeBand(employees: prospect.employees)
            let kind = Kind(industry: prospect.industry, band: band)
            let pitch = pitches[kind] ?? voices.pitch(industry: prospect.industry, band: band)
            pitches[kind] = pitch
            let segment = prospect.industry.flatMap { industry in band.map { Analyzer.segmentKey(industry, $0) } }
            func alike(_ level: EvidenceLevel) -> [Int] {
                switch level {
                case .segment: return segment.flatMap { bySegment[$0] } ?? []
                case .size: return band.flatMap { bySize[$0] } ?? []
                case .industry: return prospect.industry.flatMap { byIndustry[$0] } ?? []
                case .portfolio: return candidates
                }
            }
            var references = alike(.segment)
            if references.isEmpty { references = alike(pitch.basis.level) }
            var brief = ProspectBrief(
                prospect: prospect, sizeBand: band, segment: segment, pitch: pitch,
                references: references.prefix(5).map { analyses[$0].account.id },
                daysToMeeting: prospect.nextMeeting.map { $0.days(since: asOf) },
                questions: questions(pitch, proof: segment.flatMap { proofBySegment[$0] }), playbooks: [])
            brief.playbooks = matching.playbooks(for: brief)
            return brief
        }
    }
}
