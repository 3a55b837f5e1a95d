import Foundation
import Rapport
import RapportAnalyze
import RapportCore
import RapportLoad
import RapportTestSupport
import Testing

@Suite struct ExpressionTests {
    let metrics: [String: ExpressionValue] = [
        "risk.band": .string("high"), "value.tier": .string("B"), "risk.score": .number(72),
        "opportunity.overdue": .bool(true), "opportunity.families_owned": .list([.string("Sensors")]),
        "value.last_order": .date(Day(iso: "2026-11-10")!), "feedback.nps": .missing,
    ]

    func matches(_ text: String) throws -> Bool {
        try ExpressionParser.parse(text, names: MetricNames.all).matches { metrics[$0] ?? .missing }
    }

    func error(_ text: String) -> ExpressionError? {
        do {
            _ = try ExpressionParser.parse(text, names: MetricNames.all)
            return nil
        } catch {
            return error
        }
    }

    @Test func evaluatesComparisonsAndLogic() throws {
        #expect(try matches("risk.band == \"high\" and value.tier in [\"A\", \"B\"]"))
        #expect(try !matches("risk.band == \"high\" and value.tier in [\"A\"]"))
        #expect(try matches("risk.score >= 70 or opportunity.overdue"))
        #expect(try matches("not (risk.score < 50)"))
        #expect(try matches("value.tier not in [\"A\", \"C\"]"))
        #expect(try matches("\"Sensors\" in opportunity.families_owned"))
        #expect(try matches("not (\"Maintenance\" in opportunity.families_owned)"))
        #expect(try matches("value.last_order >= \"2026-11-02\""))
        #expect(try !matches("value.last_order > \"2026-11-10\""))
        #expect(try matches("opportunity.overdue == true"))
    }

    @Test func missingValuesNeverMatchAComparison() throws {
        #expect(try !matches("feedback.nps <= 6"))
        #expect(try !matches("feedback.nps > 6"))
        #expect(try matches("not (feedback.nps <= 6)"))
    }

    @Test func errorsCarryTheirOffset() {
        #expect(
            error("risk.bnad == \"high\"")
                == ExpressionError(offset: 0, message: "unknown name 'risk.bnad' (did you mean 'risk.band'?)"))
        #expect(error("risk.band = \"high\"") == ExpressionError(offset: 10, message: "use '==' to compare, not '='"))
        #expect(error("risk.band == \"high") == ExpressionError(offset: 13, message: "string is never closed"))
        #expect(error("risk.score > \"high\"")?.message == "cannot compare a number with a string")
        #expect(error("risk.band > \"a\"")?.message == "'>' needs numbers or dates, not a string")
        #expect(error("risk.score")?.message == "the expression must be a condition (true or false), not a number")
        #expect(error("risk.band == \"high\" and")?.message == "expected a value, found end of expression")
        #expect(error("value.tier in \"A\"")?.message == "'in' needs a list on its right")
        #expect(error("(risk.score > 1")?.message == "expected ')'")
        #expect(error("")?.message == "the expression is empty")
    }

    /// Issue 14, point 9: a date compared with text that is no day matched
    /// nothing, silently; 2026 is not a leap year.
    @Test func aDateComparedWithADayThatDoesNotExistIsAnError() {
        let message = { (text: String) in
            "'\(text)' is not a date: a date is compared with a day written YYYY-MM-DD"
        }
        #expect(
            error("value.last_order >= \"2026-02-30\"") == ExpressionError(offset: 17, message: message("2026-02-30")))
        #expect(error("value.last_order < \"yesterday\"")?.message == message("yesterday"))
        #expect(error("\"2026-13-01\" == value.last_order")?.message == message("2026-13-01"))
        #expect(error("value.last_order in [\"2026-11-10\", \"2026-02-29\"]")?.message == message("2026-02-29"))
        #expect(error("value.last_order >= \"2024-02-29\"") == nil)
        #expect(error("risk.band == \"2026-02-30\"") == nil)
    }

    /// Issue 14, point 4: 50,000 `or` terms, 50,000 parentheses or 100,000
    /// `not` overflowed the stack (exit 139). A long chain is now a balanced
    /// tree and nesting stops at 64 levels with an error at its position.
    @Test func hugeConditionsAreParsedOrRefusedWithoutOverflowingTheStack() throws {
        let terms = Array(repeating: "risk.score > 100", count: 49_999) + ["risk.score > 70"]
        #expect(try matches(terms.joined(separator: " or ")))
        #expect(try !matches((terms.dropLast() + ["risk.score > 90"]).joined(separator: " or ")))
        let ands = Array(repeating: "risk.score > 70", count: 50_000).joined(separator: " and ")
        #expect(try matches(ands))
        #expect(try matches(String(repeating: "(", count: 64) + "risk.score > 70" + String(repeating: ")", count: 64)))
        let deep = String(repeating: "(", count: 50_000) + "risk.score > 70" + String(repeating: ")", count: 50_000)
        #expect(
            error(deep)
                == ExpressionError(
                    offset: 64, message: "nested more than 64 levels deep (parentheses, lists and 'not'); simplify it"))
        #expect(error(String(repeating: "not ", count: 100_000) + "opportunity.overdue")?.offset == 256)
        #expect(try matches(String(repeating: "not ", count: 64) + "opportunity.overdue"))
        #expect(error(String(repeating: "[", count: 10_000) + "1" + String(repeating: "]", count: 10_000)) != nil)
    }

    @Test func playbookErrorsPointAtTheFileLineAndColumn() {
        let site = Fixtures.copy("basic-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        Fixtures.write(
            "---\ntitle: Broken\nwhen: risk.band == \"high\" and valeu.tier == \"A\"\n---\nBody\n",
            to: site + "/playbooks/rescue.md")
        let result = Pipeline.check(Fixtures.options(site: site, output: site + "/out"), today: Fixtures.fixtureToday)
        let error = result.diagnostics.errors.first
        #expect(result.diagnostics.errors.count == 1)
        #expect(error?.kind == .invalidExpression)
        #expect(error?.stage == .analyze)
        #expect(error?.location.file.hasSuffix("playbooks/rescue.md") == true)
        // Line 3; the value starts at column 7 ("when: " is 6 characters) and
        // 'valeu' 24 characters into it ('risk.band == "high" and ' is 24): 7 + 24.
        #expect(error?.location.line == 3)
        #expect(error?.location.column == 31)
        #expect(
            error?.message == "when: unknown name 'valeu.tier' (did you mean 'value.tier'?) at 'valeu.tier == \"A\"'")
    }

    @Test func quotedWhenValuesCountTheQuote() {
        let site = Fixtures.copy("basic-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        Fixtures.write("---\ntitle: Broken\nwhen: 'risk.scor > 3'\n---\n", to: site + "/playbooks/rescue.md")
        let error = Pipeline.check(Fixtures.options(site: site, output: site + "/out"), today: Fixtures.fixtureToday)
            .diagnostics.errors.first
        // The quote is column 7, the text starts at column 8.
        #expect(error?.location.column == 8)
    }

    @Test func everyDemoPlaybookCompiles() {
        let (model, _) = SiteLoader.load(directory: Fixtures.packageRoot + "/content")
        var diagnostics = Diagnostics()
        let rules = PlaybookRules.compile(model.playbooks, diagnostics: &diagnostics)
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.sorted)")
        #expect(rules.allSatisfy { $0.condition != nil })
    }
}
