import RapportCore
import RapportLoad
import Testing

@Suite struct ScoringConfigTests {
    @Test func overridesAndChecksScoringSettings() {
        var diagnostics = Diagnostics()
        let yaml = """
            scoring:
              size_bands: { small_below: 20, large_from: 500 }
              risk:
                weights: { sentiment: 30, loudness: 5 }
                high_from: 70
              opportunity: { cadence_days: { high: 60 } }
              upkeep_categories: [Repair, Service]
              upkeep_tickets: 2
              clv: { annual_discount_rate: 2 }
              colour: red
            """
        let config = SiteConfig.parse(yaml, file: "site.yaml", diagnostics: &diagnostics)
        let scoring = config.settings.scoring
        #expect(scoring.smallBelow == 20 && scoring.largeFrom == 500)
        #expect(scoring.sizeBand(employees: 19) == "small" && scoring.sizeBand(employees: 500) == "large")
        #expect(scoring.riskWeights["sentiment"] == 30 && scoring.riskWeights["customer_effort"] == 20)
        #expect(scoring.riskHighFrom == 70)
        #expect(scoring.cadenceDays == [.low: 365, .medium: 180, .high: 60])
        #expect(scoring.upkeepCategories == ["repair", "service"] && scoring.upkeepTickets == 2)
        #expect(scoring.clvAnnualDiscountRate == 0.10)  // 2 is out of range: kept the default
        let messages = diagnostics.sorted.map { "\($0.location.line!): \($0.severity.rawValue): \($0.message)" }
        #expect(
            messages == [
                "4: error: 'scoring.risk.weights': no factor 'loudness' (factors: competitor_contact, customer_effort, "
                    + "expected_purchases, frequency, inactivity, neglect, open_problems, recency, sentiment, spend, "
                    + "spend_decline, tenure)",
                "9: error: 'scoring.clv.annual_discount_rate': '2' must be a number from 0.0 to 1.0",
                "10: warning: unknown setting 'scoring.colour' (see docs/reference.md#siteyaml)",
            ])
    }

    @Test func inconsistentSettingsAreErrors() {
        var diagnostics = Diagnostics()
        _ = SiteConfig.parse(
            "scoring:\n  tiers: { a: 0.9, b: 0.8 }\n", file: "site.yaml", diagnostics: &diagnostics)
        #expect(diagnostics.errors.map(\.message) == ["'scoring.tiers': a (0.9) must be below b (0.8)"])
    }
}
