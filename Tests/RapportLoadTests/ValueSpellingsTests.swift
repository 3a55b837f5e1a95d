import Foundation
import RapportCore
import RapportTestSupport
import Testing

@testable import RapportLoad

/// `values:` aliases and the warning about values that look like two
/// spellings of one (issue 30: one product family spelled two ways left
/// 35 % of the revenue without a family, and nothing warned).
@Suite struct ValueSpellingsTests {
    /// The basic site with products P1 (family "GTX Pro") and P2 ("GTXPro"),
    /// one order of each: 3,500 and 6,500, so 35 % and 65 % of the revenue.
    func site(yaml extra: String = "") -> String {
        let site = Fixtures.copy("basic-site")
        Fixtures.write(
            "title: Fixture Supplies\ncurrency: USD\nas_of: 2026-06-30\n" + extra, to: site + "/site.yaml")
        Fixtures.write("sku,name,family\nP1,Widget,GTX Pro\nP2,Gadget,GTXPro\n", to: site + "/data/products.csv")
        Fixtures.write(
            "account_id,date,amount,sku\nA1,2026-01-01,3500,P1\nA2,2026-01-02,6500,P2\n",
            to: site + "/data/orders.csv")
        return site
    }

    func cleanUp(_ site: String) {
        try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent)
    }

    @Test func twoSpellingsOfAFamilyAreAWarningWithTheRevenueBehindEach() {
        let site = site()
        defer { cleanUp(site) }
        let (_, diagnostics) = SiteLoader.load(directory: site)
        #expect(diagnostics.errors.isEmpty)
        let warnings = diagnostics.warnings.filter { $0.message.contains("looks like") }
        #expect(warnings.count == 1)
        #expect(
            warnings.first?.message
                == "products.family 'GTX Pro' (35 % of revenue) looks like 'GTXPro' (65 %); if they are one, "
                + "add it under values: products.family: { \"GTX Pro\": \"GTXPro\" }")
        // At the first product with the rarer spelling: line 2, column 11 ("P1,Widget," is ten bytes).
        #expect(warnings.first?.location.line == 2)
        #expect(warnings.first?.location.column == 11)
    }

    @Test func anAliasJoinsTheSpellingsForEverySource() throws {
        let site = site(yaml: "values:\n  products.family: { \"GTXPro\": \"GTX Pro\" }\n")
        defer { cleanUp(site) }
        let (model, diagnostics) = SiteLoader.load(directory: site)
        #expect(diagnostics.warnings.allSatisfy { !$0.message.contains("looks like") })
        #expect(model.products.map(\.family) == ["GTX Pro", "GTX Pro"])
        // Keyed records read through the same header.
        let keyed = KeyedTables(
            name: "crm",
            tables: [
                "accounts": .init(
                    columns: ["account_id", "name"], records: [.init(key: "A1", values: ["A1", "Alpha"])]),
                "orders": .init(
                    columns: ["account_id", "date", "amount"],
                    records: [.init(key: "1", values: ["A1", "2026-01-01", "5"])]),
                "products": .init(
                    columns: ["sku", "name", "family"],
                    records: [.init(key: "P2", values: ["P2", "Gadget", " GTXPro "])]),
            ])
        let (fromKeyed, _) = SiteLoader.load(directory: site, source: keyed)
        #expect(fromKeyed.products.map(\.family) == ["GTX Pro"])
    }

    /// Industries by the revenue of every order in the data: A1 9,000; A2
    /// "Logistics" 2,000; A3 "logistics" 500 + 9,999; A5 2,000 (of 23,499).
    @Test func spellingsThatDifferByCaseAreFoundInAnyGroupingColumn() {
        let site = Fixtures.copy("basic-site")
        defer { cleanUp(site) }
        Fixtures.write(
            "account_id,name,industry,employees,owner\nA1,Alpha Foods,Food & Beverage,120,R1\n"
                + "A2,Beta Logistics,Logistics,40,R2\nA3,\"Gamma, Inc.\",logistics ,2500,R1\n"
                + "A4,Delta <Health>,Healthcare,,R2\nA5,Epsilon Energy,Energy,800,R1\n",
            to: site + "/data/accounts.csv")
        let (_, diagnostics) = SiteLoader.load(directory: site)
        let warnings = diagnostics.warnings.filter { $0.message.contains("looks like") }
        #expect(
            warnings.map(\.message) == [
                "accounts.industry 'Logistics' (9 % of revenue) looks like 'logistics' (45 %); if they are one, "
                    + "add it under values: accounts.industry: { \"Logistics\": \"logistics\" }"
            ])
        #expect(warnings.first?.location.line == 3)
    }

    /// The case: the deals name a product "GTXPro", the catalogue
    /// knows "GTX Pro"; the orders' summary says which known id it looks
    /// like, and the alias joins them.
    @Test func anUnknownIdThatLooksLikeAKnownOneSaysSo() {
        let site = Fixtures.copy("basic-site")
        defer { cleanUp(site) }
        Fixtures.write("sku,name,family\nGTX Pro,GTX Pro,GTX\n", to: site + "/data/products.csv")
        Fixtures.write(
            "account_id,date,amount,sku\nA1,2026-01-01,3500,GTXPro\nA2,2026-01-02,6500,GTXPro\n",
            to: site + "/data/orders.csv")
        let (_, diagnostics) = SiteLoader.load(directory: site)
        #expect(
            diagnostics.warnings.last?.message
                == "2 orders reference 1 unknown SKU: GTXPro; they are left out; 'GTXPro' (2 orders) looks like the "
                + "SKU 'GTX Pro': if they are one, add it under values: orders.sku: { \"GTXPro\": \"GTX Pro\" }")
        Fixtures.write(
            "title: Fixture Supplies\nas_of: 2026-06-30\nvalues:\n  orders.sku: { \"GTXPro\": \"GTX Pro\" }\n",
            to: site + "/site.yaml")
        let (joined, again) = SiteLoader.load(directory: site)
        #expect(joined.orders.count == 2)
        #expect(again.warnings.isEmpty, "\(again.warnings.map(\.message))")
    }

    @Test func whatLooksAlike() {
        func alike(_ a: String, _ b: String) -> Bool {
            let (x, y) = (ValueSpellings.fold(a), ValueSpellings.fold(b))
            return x == y || ValueSpellings.oneEditApart(x, y)
        }
        #expect(alike("GTXPro", "GTX Pro") && alike("GTX-Pro", "gtx pro") && alike("Retail", "Retails"))
        #expect(alike("Healthcare", "Heathcare") && alike("Logistics", "Logistic"))
        // Codes that differ by a digit, short words, two edits: different values.
        #expect(!alike("P-100", "P-101") && !alike("Model 3", "Model 4") && !alike("Tools", "Tool1"))
        #expect(!alike("abc", "abd") && !alike("North", "South") && !alike("Energy", "Retail"))
    }

    @Test func anAliasMustNameATableColumnAndOneStep() {
        var diagnostics = Diagnostics()
        _ = SiteConfig.parse(
            "values:\n  products.colour: { a: b }\n  family: { a: b }\n  accounts.industry: { a: b, b: c }\n",
            file: "site.yaml", diagnostics: &diagnostics)
        let messages = diagnostics.errors.map(\.message)
        #expect(messages.count == 3)
        #expect(messages.contains { $0.hasPrefix("'values.products.colour': table 'products' has no column 'colour'") })
        #expect(messages.contains { $0.hasPrefix("'values.family': name a table and its column") })
        #expect(
            messages.contains {
                $0 == "'values.accounts.industry': 'a' stands for 'b', which itself stands for 'c'; "
                    + "name the last spelling directly"
            })
    }
}
