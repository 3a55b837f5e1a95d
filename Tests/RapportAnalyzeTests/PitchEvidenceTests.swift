import Foundation
import Testing

@testable import RapportAnalyze
@testable import RapportCore
@testable import RapportRender

/// Issue 15, point 1, worked by hand on six customers, with evidence
/// "some" from 2 answers and "strong" from 3:
///
/// | account | industry · size | themes named | latest score |
/// |---|---|---|---|
/// | C1 | Construction · mid (100) | reliability | 9, with a quote |
/// | C2 | Construction · mid (200) | — (no answer) | — |
/// | R1 | Retail · mid (300) | reliability, price | 8 |
/// | R2 | Retail · mid (400) | reliability | 10 |
/// | R3 | Retail · small (20) | price | 3 |
/// | E1 | Energy · small (30) | training | 9 |
@Suite struct PitchEvidenceTests {
    static let portfolio: Portfolio = {
        var model = SiteModel()
        model.settings.pitch.someAnswers = 2
        model.settings.pitch.strongAnswers = 3
        let rows: [(String, String, Int, [String], Int?)] = [
            ("C1", "Construction", 100, ["Reliability"], 9), ("C2", "Construction", 200, [], nil),
            ("R1", "Retail", 300, ["reliability", "price"], 8), ("R2", "Retail", 400, ["reliability"], 10),
            ("R3", "Retail", 20, ["price"], 3), ("E1", "Energy", 30, ["training"], 9),
        ]
        for (line, (id, industry, employees, themes, score)) in rows.enumerated() {
            var account = Account(
                id: AccountID(id), name: "Customer \(id)", recordNumber: line + 2)
            account.industry = industry
            account.employees = employees
            account.customerSince = Day(iso: "2021-04-01")
            model.accounts.append(account)
            guard score != nil || !themes.isEmpty else { continue }
            var feedback = Feedback(
                account: Interned(model.symbols.intern(id)), date: Day(iso: "2026-03-01")!,
                recordNumber: line + 2)
            feedback.themes = themes
            feedback.nps = score
            if id == "C1" { feedback.quote = "They stayed until it worked." }
            model.feedback.append(feedback)
        }
        // Issue 15, point 4: a prospect no customer is like, and one in a segment.
        var mining = Prospect(id: "P1", name: "Deep Rock", recordNumber: 2)
        mining.industry = "Mining"
        mining.employees = 5_000
        mining.stage = "lead"
        mining.nextMeeting = Day(iso: "2026-07-03")
        var retail = Prospect(id: "P2", name: "Corner Shops", recordNumber: 3)
        retail.industry = "Retail"
        retail.employees = 350
        retail.stage = "lead"
        retail.nextMeeting = Day(iso: "2026-06-28")
        model.prospects = [retail, mining]
        var playbook = Playbook(
            document: Document(id: "first", title: "First", html: "", origin: RecordOrigin(file: "first.md", line: 1)),
            when: "prospect.stage == \"lead\" and prospect.days_to_meeting >= 0", whenLocation: nil, pillar: nil,
            priority: 1)
        playbook.audience = .prospects
        model.playbooks = [playbook]
        var diagnostics = Diagnostics()
        let rules = PlaybookRules.compile(model.playbooks, diagnostics: &diagnostics)
        precondition(diagnostics.all.isEmpty, "\(diagnostics.all)")
        return Analyzer.analyze(model, asOf: Day(iso: "2026-06-30")!, rules: rules)
    }()

    func segment(_ key: String) -> SegmentSummary { Self.portfolio.segments.first { $0.key == key }! }

    @Test func aThinSegmentBorrowsFromItsSizeBandAndSaysSo() {
        let pitch = segment("Construction · mid").pitch
        // Own: 2 accounts, 1 answer → thin (< 2).
        #expect(pitch.own.accounts == 2 && pitch.own.answers == 1 && pitch.own.strength == .thin)
        // Mid-size: C1, C2, R1, R2; 3 answers → strong; reliability 3 of 3 → strong, price 1 → thin.
        #expect(pitch.basis.level == .size && pitch.basis.answers == 3 && pitch.basis.strength == .strong)
        #expect(pitch.basis.themes.map(\.name) == ["reliability", "price"])
        #expect(pitch.basis.themes.map(\.strength) == [.strong, .thin])
        #expect(pitch.leadWith == ["reliability"])
        #expect(pitch.headline == "Lead with reliability")
        #expect(
            pitch.fallback
                == "Few mid-size Construction customers have answered (1); this is what mid-size customers value (3 answers)"
        )
        // Scores 9, 8, 10: 2 promoters, no detractor, of 3 → +67.
        #expect(pitch.basis.nps == 67 && pitch.basis.npsAnswers == 3)
        #expect(pitch.basis.quotes.map(\.anonymous) == ["a mid-size Construction company, customer since 2021"])
    }

    /// A theme named by one of two answers is thin: never in the headline.
    @Test func aThemeNamedByOneOfTwoAnswersIsThinNotAHeadline() {
        let pitch = segment("Retail · mid").pitch
        #expect(pitch.basis.level == .segment && pitch.fallback == nil)
        #expect(pitch.own.answers == 2 && pitch.own.strength == .some)
        #expect(pitch.own.themes.map(\.name) == ["reliability", "price"])
        #expect(pitch.own.themes.map(\.share) == [1.0, 0.5])
        #expect(pitch.own.themes[1].strength == .thin)
        #expect(pitch.leadWith == ["reliability"])
        // "some" evidence: worded as what is named most, not as "lead with".
        #expect(pitch.headline == "Most often named: reliability (2 of 2 answers)")
    }

    @Test func whenNoThemeReachesSomeThePitchSaysSo() {
        let pitch = segment("Retail · small").pitch
        #expect(pitch.basis.level == .size && pitch.basis.answers == 2)
        #expect(pitch.leadWith.isEmpty)
        #expect(pitch.headline == "Too few answers to lead with anything yet (price: 1 of 2); ask what they value")
        #expect(
            pitch.fallback
                == "Few small Retail customers have answered (1); this is what small customers value (2 answers)")
    }

    /// Prospects: no customer like them, or an unknown industry.
    @Test func theChainEndsWithTheWholePortfolio() {
        let voices = Self.portfolio.voices!
        let mining = voices.pitch(industry: "Mining", band: "large")
        #expect(mining.own.accounts == 0)
        // Portfolio: 5 answers; reliability 3 (strong), price 2 (some), training 1 (thin).
        #expect(mining.basis.level == .portfolio && mining.basis.answers == 5)
        #expect(mining.headline == "Lead with reliability and price")
        #expect(mining.fallback == "No large Mining customers yet; this is what all customers value (5 answers)")
        let unknown = voices.pitch(industry: nil, band: "mid")
        #expect(unknown.basis.level == .size)
        #expect(unknown.fallback == "Industry unknown; this is what mid-size customers value (3 answers)")
    }

    /// References: customers whose latest score is 9–10 or who referred
    /// another — C1 (9), E1 (9), R2 (10); no revenue, so by id. A prospect
    /// playbook matches on prospect names; account playbooks never do.
    @Test func prospectsGetThePitchReferencesQuestionsAndPlaybooksOfCustomersLikeThem() {
        let briefs = Self.portfolio.prospects
        #expect(briefs.map(\.prospect.id) == ["P1", "P2"])
        let mining = briefs[0], retail = briefs[1]
        // Mining · large: no such customer; no large customer answered; all customers: 5 answers.
        #expect(mining.sizeBand == "large" && mining.segment == "Mining · large")
        #expect(mining.pitch.basis.level == .portfolio)
        #expect(mining.references == ["C1", "E1", "R2"])
        #expect(mining.daysToMeeting == 3 && mining.playbooks == ["first"])
        // Retail · mid: its own segment (2 answers, some); R2 is its promoter.
        #expect(retail.pitch.basis.level == .segment && retail.references == ["R2"])
        #expect(retail.daysToMeeting == -2 && retail.playbooks.isEmpty)
        #expect(
            retail.questions == [
                "What do you value most in a supplier, and why?",
                "Customers like you most often name reliability: how does your current supplier do on it?",
                "What would make you stay with a supplier for years?",
                "Who decides on a purchase, and how often do you buy?",
            ])
        #expect(Self.portfolio.accounts.allSatisfy { $0.playbooks.isEmpty })
    }

    @Test func aProspectPlaybookMayUseOnlyProspectNames() {
        var playbook = Playbook(
            document: Document(id: "p", title: "P", html: "", origin: RecordOrigin(file: "p.md", line: 1)),
            when: "risk.band == \"high\"", whenLocation: SourceLocation(file: "p.md", line: 3, column: 7),
            pillar: nil, priority: 0)
        playbook.audience = .prospects
        var diagnostics = Diagnostics()
        _ = PlaybookRules.compile([playbook], diagnostics: &diagnostics)
        #expect(diagnostics.errors.count == 1)
        #expect(diagnostics.errors.first?.message.contains("risk.band") == true)
    }

    @Test func prospectsExportAsReadmeSays() {
        let json = Exports.prospects(Self.portfolio.prospects).text
        #expect(
            json.contains(
                """
                    "prospect_id": "P2",
                    "name": "Corner Shops",
                    "industry": "Retail",
                    "size_band": "mid",
                    "segment": "Retail · mid",
                    "evidence": {
                      "level": "segment",
                      "from": "mid-size Retail customers",
                      "accounts": 2,
                      "answers": 2,
                      "strength": "some"
                    },
                    "lead_with": [
                      "reliability"
                    ],
                    "references": [
                      "R2"
                    ],
                """), "\(json)")
    }
}
