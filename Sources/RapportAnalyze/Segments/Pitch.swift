import RapportCore

/// What to lead with for customers of one industry and size, never worded
/// more strongly than the answers behind it (docs/methodology.md#how-the-figures-are-computed, "Evidence").
public struct Pitch: Sendable {
    /// The answers the pitch rests on: the segment's own when they are at
    /// least "some", else the first level up that has enough.
    public var basis: CustomerVoice
    /// The segment's own answers (accounts 0 when no customer is like it).
    public var own: CustomerVoice
    /// Themes named by at least "some" answers at the basis, at most two.
    public var leadWith: [String]
    /// The pitch in one line.
    public var headline: String
    /// Where the pitch borrows from, in words; nil when it rests on the segment.
    public var fallback: String?
}

/// Every customer's answers grouped at each evidence level, so a pitch for
/// any industry and size — a segment's or a prospect's — is a look-up.
public struct CustomerVoices: Sendable {
    let settings: PitchSettings
    let bySegment: [String: [CustomerAnswer]]
    let bySize: [String: [CustomerAnswer]]
    let byIndustry: [String: [CustomerAnswer]]
    let all: [CustomerAnswer]

    init(_ answers: [CustomerAnswer], settings: PitchSettings) {
        self.settings = settings
        all = answers
        bySegment = Dictionary(grouping: answers.filter { $0.industry != nil && $0.band != nil }) {
            Self.segmentKey($0.industry!, $0.band!)
        }
        bySize = Dictionary(grouping: answers.filter { $0.band != nil }) { $0.band! }
        byIndustry = Dictionary(grouping: answers.filter { $0.industry != nil }) { $0.industry! }
    }

    static func segmentKey(_ industry: String, _ band: String) -> String { industry + "\u{1}" + band }

    /// "mid-size", "small", "large".
    public static func sizeWords(_ band: String) -> String { band == "mid" ? "mid-size" : band }

    static func label(_ level: EvidenceLevel, industry: String?, band: String?) -> String {
        switch level {
        case .segment: return "\(sizeWords(band ?? "")) \(industry ?? "") customers"
        case .size: return "\(sizeWords(band ?? "")) customers"
        case .industry: return "\(industry ?? "") customers"
        case .portfolio: return "all customers"
        }
    }

    /// The pitch for customers of `industry` and size `band` (either may be
    /// unknown: then the levels that need it are passed over).
    public func pitch(industry: String?, band: String?) -> Pitch {
        func voice(_ level: EvidenceLevel) -> CustomerVoice? {
            let answers: [CustomerAnswer]?
            switch level {
            case .segment: answers = industry.flatMap { i in band.map { bySegment[Self.segmentKey(i, $0)] ?? [] } }
            case .size: answers = band.map { bySize[$0] ?? [] }
            case .industry: answers = industry.map { byIndustry[$0] ?? [] }
            case .portfolio: answers = all
            }
            return answers.map {
                CustomerVoice.gather(
                    $0, level: level, label: Self.label(level, industry: industry, band: band), settings: settings)
            }
        }
        let own = voice(.segment)
        let basis =
            EvidenceLevel.allCases.lazy.compactMap { voice($0) }.first { $0.strength >= .some } ?? voice(.portfolio)!
        let lead = basis.themes.filter { $0.strength >= .some }.prefix(2)
        let headline: String
        if let top = lead.first, basis.strength == .strong, top.strength == .strong {
            headline = "Lead with " + lead.map(\.name).joined(separator: " and ")
        } else if let top = lead.first {
            headline =
                "Most often named: \(top.name) (\(top.answers) of \(basis.answers) answers)"
                + (lead.count > 1 ? ", then \(lead[lead.index(after: lead.startIndex)].name)" : "")
        } else if let top = basis.themes.first {
            headline =
                "Too few answers to lead with anything yet (\(top.name): \(top.answers) of \(basis.answers)); "
                + "ask what they value"
        } else {
            headline = "No feedback yet: ask what they value"
        }
        var fallback: String?
        if basis.level != .segment {
            let segment = Self.label(.segment, industry: industry, band: band)
            let missing =
                industry == nil && band == nil
                ? "Industry and size unknown"
                : industry == nil
                    ? "Industry unknown"
                    : band == nil
                        ? "Size unknown"
                        : own.map {
                            $0.accounts == 0 ? "No \(segment) yet" : "Few \(segment) have answered (\($0.answers))"
                        }
                            ?? ""
            fallback = "\(missing); this is what \(basis.label) value (\(basis.answers) answers)"
        }
        let empty = CustomerVoice(
            level: .segment, label: Self.label(.segment, industry: industry, band: band), accounts: 0, answers: 0,
            strength: .thin, themes: [], nps: nil, npsAnswers: 0, quotes: [])
        return Pitch(
            basis: basis, own: own ?? empty, leadWith: lead.map(\.name), headline: headline, fallback: fallback)
    }
}
