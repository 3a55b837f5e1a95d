import Foundation
import RapportTestSupport
import Testing

/// `rapport init --from` through the real binary: the report, the check of
/// the site it wrote, and a folder it must not write into.
@Suite struct InitCLITests {
    @Test func reportsWhatItMappedAndWhatTheCheckSays() throws {
        let root = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try Binary.run([
            "init", "--from", Fixtures.directory + "/exports/crm-opportunities", "--output", root + "/site",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                "sales_pipeline.csv: opportunities, an export, 12 rows; mapped opportunity_id, account → account_id"))
        #expect(run.stdout.contains("deals: sales_pipeline.csv, 12 deals: 8 won, 1 lost, 3 open"))
        #expect(run.stdout.contains("rapport check: 0 errors, 3 warnings; build it with: rapport build --site"))
        #expect(run.stderr.contains("add it under values: orders.sku: { \"GTXPro\": \"GTX Pro\" }"))
        let again = try Binary.run([
            "init", "--from", Fixtures.directory + "/exports/crm-opportunities", "--output", root + "/site",
        ])
        #expect(again.status == 2)
        #expect(again.stderr.hasPrefix("rapport init: "))
    }
}
