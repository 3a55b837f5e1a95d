import Foundation
import Rapport
import RapportTestSupport
import Testing

/// A brief shows an account's most recent order lines; every line is in
/// the account's orders file beside it (docs/guide.md#playbooks-and-pages).
@Suite struct OrderHistoryTests {
    func build(_ change: (String) -> Void = { _ in }) -> (root: String, output: String, succeeded: Bool) {
        let site = Fixtures.copy("basic-site")
        change(site)
        let root = (site as NSString).deletingLastPathComponent
        let output = root + "/output"
        let result = Pipeline.build(Fixtures.options(site: site, output: output), today: Fixtures.fixtureToday)
        return (root, output, result.succeeded)
    }

    @Test func theOrdersFileHoldsEveryLineUpToTheAsOfDateNewestFirst() throws {
        let built = build()
        defer { try? FileManager.default.removeItem(atPath: built.root) }
        #expect(built.succeeded)
        // orders.csv of the fixture: A2 bought twice on 2026-01-10 (SO-2);
        // A3's order of 2026-07-01 is after the as-of date (2026-06-30).
        #expect(
            Fixtures.read(built.output + "/accounts/a2-orders.csv")
                == "date,order_id,sku,product,quantity,amount\n2026-01-10,SO-2,,,,1500.50\n2026-01-10,SO-2,,,,499.50\n")
        #expect(
            Fixtures.read(built.output + "/accounts/a3-orders.csv")
                == "date,order_id,sku,product,quantity,amount\n2025-12-01,SO-3,,,,500\n")
        #expect(
            Fixtures.read(built.output + "/accounts/a4-orders.csv") == "date,order_id,sku,product,quantity,amount\n")
        let page = Fixtures.read(built.output + "/accounts/a2.html")
        #expect(page.contains("<a href=\"../accounts/a2-orders.csv\" download>Every order line (CSV, 2 lines)</a>"))
        #expect(!page.contains("most recent of"))
    }

    @Test func aLongHistoryShowsTheRecentLinesAndKeepsEveryLineInTheFile() throws {
        // 25 more lines for A5, one a day from 2026-03-01, the last with an
        // order id a spreadsheet would run and a SKU with a comma.
        let built = build { site in
            var orders = Fixtures.read(site + "/data/orders.csv")
            for day in 1...24 { orders += "A5,2026-03-\(String(format: "%02d", day)),\(day),SO-\(100 + day)\n" }
            orders += "A5,2026-03-25,7.5,\"=HYPERLINK(\"\"x\"\")\"\n"
            Fixtures.write(orders, to: site + "/data/orders.csv")
        }
        defer { try? FileManager.default.removeItem(atPath: built.root) }
        #expect(built.succeeded)
        let lines = Fixtures.read(built.output + "/accounts/a5-orders.csv").split(separator: "\n")
        #expect(lines.count == 1 + 26)
        #expect(lines[1] == "2026-03-25,\"'=HYPERLINK(\"\"x\"\")\",,,,7.50")
        #expect(lines[2] == "2026-03-24,SO-124,,,,24")
        #expect(lines[26] == "2026-02-01,SO-5,,,,2000")
        let page = Fixtures.read(built.output + "/accounts/a5.html")
        let orders = page.components(separatedBy: "id=\"orders-heading\"")[1]
        let rows = orders.components(separatedBy: "<tbody>")[1].components(separatedBy: "</tbody>")[0]
        #expect(rows.components(separatedBy: "<tr>").count - 1 == 20)
        // The 20 most recent: 2026-03-25 down to 2026-03-06.
        #expect(rows.contains("<td>2026-03-06</td>") && !rows.contains("<td>2026-03-05</td>"))
        #expect(page.contains("The 20 most recent of 26 order lines."))
        #expect(page.contains("Every order line (CSV, 26 lines)"))
    }
}
