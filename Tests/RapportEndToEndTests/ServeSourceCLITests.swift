import Foundation
import RapportTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `rapport serve --poll-source`: a database, whose changes leave no file
/// in the site to notice, read again on a clock (docs/reference.md#commands).
@Suite(.serialized) struct ServeSourceCLITests {
    @Test func readsADatabaseAgainOnTheClock() async throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Outside the site: no file the watcher looks at changes.
        try SQLiteFixture.write(CSVTable.all(inSite: site), to: root + "/crm.db")
        let server = try ServeCLITests.Server(
            site: site, arguments: ["--source", root + "/crm.db", "--poll-source", "1s"])
        defer { _ = server.interrupt() }
        #expect(server.waitFor("serving \(site)"), "\(server.stdout)\(server.stderr)")
        let page = "http://127.0.0.1:\(server.port)/accounts/a1.html"
        let (_, before) = try await ServeCLITests.get(page)
        #expect(String(decoding: before, as: UTF8.self).contains("Alpha"))
        let reread = "read the data again (--poll-source): loaded, analysed and rendered"
        let readsBefore = server.stdout.components(separatedBy: reread).count
        try SQLiteFixture.execute(
            "UPDATE accounts SET name = 'Alpha Renamed' WHERE account_id = 'A1'", in: root + "/crm.db")
        // Two reads more: the first may have begun before the update.
        let deadline = Date().addingTimeInterval(60)
        while server.stdout.components(separatedBy: reread).count < readsBefore + 2 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(server.stdout.components(separatedBy: reread).count >= readsBefore + 2, "\(server.stdout)")
        let (_, after) = try await ServeCLITests.get(page)
        #expect(String(decoding: after, as: UTF8.self).contains("Alpha Renamed"))
    }

    @Test func refusesAnIntervalThatIsNotOne() throws {
        let run = try Binary.run(["serve", "--site", "content", "--poll-source", "soon"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--poll-source 'soon' is not an interval such as 60s, 5m or 1h"))
    }
}
