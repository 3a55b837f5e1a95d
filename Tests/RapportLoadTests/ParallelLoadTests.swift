import Foundation
import RapportLoad
import RapportTestSupport
import Testing

@testable import Rapport
@testable import RapportAnalyze
@testable import RapportCore

/// Orders are read on their own core into their own symbol table and text
/// store, then merged: every order must still name what its row says.
@Suite struct ParallelLoadTests {
    @Test func mergedOrdersResolveToTheirRowsText() throws {
        let site = Fixtures.copy("review-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        // A sample with every table, so the other core interns reps and notes too.
        try SiteScaffold.sample(accounts: 60, seed: 3, to: site + "-sample")
        defer { try? FileManager.default.removeItem(atPath: site + "-sample") }
        for directory in [site, site + "-sample"] {
            let (model, diagnostics) = SiteLoader.load(directory: directory)
            #expect(!diagnostics.hasErrors)
            let lines = Fixtures.read(directory + "/data/orders.csv").split(separator: "\n").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            let header = lines[0]
            func column(_ name: String) -> Int { header.firstIndex(of: name)! }
            #expect(model.orders.count == lines.count - 1)
            for order in model.orders {
                let row = lines[order.recordNumber - 1]
                #expect(model.symbols[order.account].text == row[column("account_id")])
                #expect(order.orderID.map { model.texts[$0] } ?? "" == row[column("order_id")])
                #expect(order.sku.map { model.symbols[$0].text } ?? "" == row[column("sku")])
                if let rep = header.firstIndex(of: "rep") {
                    #expect(order.rep.map { model.symbols[$0].text } ?? "" == row[rep])
                }
            }
            // The other tables' symbols still resolve after the merge.
            #expect(model.interactions.allSatisfy { model.accounts.map(\.id).contains(model.symbols[$0.account]) })
        }
    }
}
