import Foundation
import RapportCore
import RapportLoad
import RapportTestSupport
import Testing

/// The CRM-export fixture: accounts keyed by name, won deals as orders,
/// US dates and thousands separators, defaults for absent columns.
@Suite struct MappingTests {
    let model: SiteModel
    let diagnostics: Diagnostics

    init() {
        (model, diagnostics) = SiteLoader.load(directory: Fixtures.directory + "/crm-export")
    }

    @Test func accountsAreKeyedByName() {
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.sorted)")
        #expect(model.accounts.map(\.id) == ["Acme Corporation", "Betasoloin", "Cancity, Ltd."])
        #expect(model.accounts.map(\.industry) == ["technolgy", "medical", "retail"])
        #expect(model.accounts.map(\.employees) == [2_822, 495, 2_448])
        #expect(model.accounts.allSatisfy { $0.status == "active" })
        #expect(model.reps.map(\.id) == ["Moses Frase", "Darcel Schlecht"])
        #expect(model.products.map(\.sku) == ["GTX Basic", "GTX Pro", "MG Special"])
        #expect(model.products[1].listPrice == Money(cents: 482_100))
    }

    @Test func onlyWonDealsBecomeOrders() {
        // Won rows: 1C1I7A6R, Z063OYW0, PE84CX4O, ZZZ00001 (Engaging and Lost are filtered out
        // before they are read, so their empty close dates are not errors).
        #expect(
            model.orders.map { $0.orderID.map { model.texts[$0] } } == ["1C1I7A6R", "Z063OYW0", "PE84CX4O", "ZZZ00001"])
        #expect(model.orders.map(\.amount.cents) == [451_400, 55_000, 482_150, 10_000])
        #expect(model.orders.map(\.date.iso) == ["2026-03-01", "2026-03-11", "2026-04-15", "2026-02-02"])
        #expect(model.orders.allSatisfy { $0.quantity == 1 })
        #expect(model.orders[0].rep.map { model.symbols[$0] } == "Moses Frase")
    }

    @Test func unknownAccountIsAWarningWithItsLine() {
        let warnings = diagnostics.warnings.map(\.message)
        #expect(warnings.contains("order for unknown account 'Unknown Co'"))
        #expect(diagnostics.warnings.first { $0.message.hasPrefix("order for unknown") }?.location.line == 7)
    }

    @Test func ambiguousDateFormatsAreErrors() {
        let site = Fixtures.copy("crm-export")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        var yaml = Fixtures.read(site + "/site.yaml")
        yaml = yaml.replacingOccurrences(of: "[\"M/D/YYYY\", \"YYYY-MM-DD\"]", with: "[\"M/D/YYYY\", \"D/M/YYYY\"]")
        Fixtures.write(yaml, to: site + "/site.yaml")
        let errors = SiteLoader.load(directory: site).1.errors
        // 3/1/2026 reads as 1 March (M/D) or 3 January (D/M).
        #expect(
            errors.first?.message
                == "column 'close_date' (date): '3/1/2026' is ambiguous: 2026-03-01 as M/D/YYYY, 2026-01-03 as D/M/YYYY; "
                + "list only the format the export uses")
        #expect(errors.first?.location.line == 2)
        // 2026-04-15 matches neither format.
        #expect(errors.contains { $0.kind == .invalidDate && $0.location.line == 6 })
    }

    @Test func missingFilterColumnListsTheColumns() {
        let site = Fixtures.copy("crm-export")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let yaml = Fixtures.read(site + "/site.yaml").replacingOccurrences(of: "deal_stage: Won", with: "stage: Won")
        Fixtures.write(yaml, to: site + "/site.yaml")
        let error = SiteLoader.load(directory: site).1.errors.first
        #expect(error?.kind == .missingColumn)
        #expect(error?.location.file.hasSuffix("site.yaml") == true)
        #expect(error?.message.hasPrefix("filter column 'stage' is not in") == true)
        #expect(
            error?.message.hasSuffix(
                "found: opportunity_id, sales_agent, product, account, deal_stage, engage_date, close_date, close_value"
            ) == true)
    }

    @Test func badSettingsPointAtSiteYAML() {
        var diagnostics = Diagnostics()
        _ = SiteConfig.parse(
            "formats:\n  dates: [\"DD/MM\"]\n  decimal: \";\"\ntables:\n  orders:\n    key: order_id\n    colour: red\n",
            file: "site.yaml", diagnostics: &diagnostics)
        let messages = diagnostics.sorted.map { "\($0.location.line!): \($0.message)" }
        #expect(messages.count == 4)
        #expect(messages[0].hasPrefix("2: 'formats.dates': 'DD/MM' is not a date format"))
        #expect(messages[1] == "3: 'formats.decimal' must be '.' or ','")
        #expect(messages[2] == "6: 'tables.orders.key': table 'orders' has no key column to replace")
        #expect(messages[3].hasPrefix("7: unknown setting 'tables.orders.colour'"))
    }
}
