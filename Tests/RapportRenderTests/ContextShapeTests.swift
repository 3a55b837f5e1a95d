import Foundation
import RapportTestSupport
import Testing

@testable import Rapport
@testable import RapportRender

/// The template check's union of page shapes: `includes` (the shortcut that
/// skips building a page's shape) must agree with merging it.
@Suite struct ContextShapeTests {
    func agrees(_ shape: ContextShape, _ value: TemplateValue) -> Bool {
        shape.includes(value) == (shape.merged(with: ContextShape(of: value)) == shape)
    }

    @Test func includesAgreesWithMergeCaseByCase() {
        let row = TemplateValue.object(TemplateObject(keys: ["date", "amount"], values: [.text("d"), .text("1")]))
        let wider = TemplateValue.object(
            TemplateObject(keys: ["date", "amount", "note"], values: [.text("d"), .text("1"), .text("n")]))
        let counted = TemplateValue.object(
            TemplateObject(keys: ["date", "amount"], values: [.text("d"), .number("1")]))
        let values: [TemplateValue] = [
            .text("x"), .bool(true), .number("3"), row, wider, counted, .list([]), .list([row, row]),
            .list([row, wider]), .list([row, counted]), .object(["orders": .list([row])]),
            .object(["orders": .list([row, counted]), "title": .text("t")]),
        ]
        var shapes: [ContextShape] = [.unknown, .value, .number, .list(.unknown)]
        shapes += values.map { ContextShape(of: $0) }
        for shape in shapes {
            for value in values { #expect(agrees(shape, value), "\(shape) against \(value)") }
        }
        // A page whose order rows add a key is not covered; the same rows again are.
        let union = ContextShape(of: .object(["orders": .list([row, row])]))
        #expect(!union.includes(.object(["orders": .list([row, wider])])))
        #expect(union.includes(.object(["orders": .list([row, row, row])])))
        // Rows sharing one key array are checked by kind only, and a number where
        // text was seen still counts as new.
        #expect(!union.includes(.object(["orders": .list([row, counted])])))
    }

    @Test func everyPageOfTheReviewSiteAgrees() throws {
        let site = Fixtures.copy("review-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let prepared = Pipeline.prepare(
            Fixtures.options(site: site, output: site + "/../out"), today: Fixtures.fixtureToday)
        let builder = try #require(prepared.builder)
        var union: [String: ContextShape] = [:]
        for route in builder.routes() where route.template != nil {
            let page = builder.page(route)
            if let known = union[page.template] { #expect(agrees(known, page.context), "\(page.path)") }
            union[page.template] =
                union[page.template].map { $0.merged(with: ContextShape(of: page.context)) }
                ?? ContextShape(of: page.context)
        }
        #expect(union.count >= 10)
    }
}
