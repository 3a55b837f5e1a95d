import Foundation
import RapportTestSupport
import Testing

/// `--source` through the real binary: a SQLite file read in place of the
/// CSV files, and a database that fails leaving the previous output as it
/// was, exit code 1 (docs/reference.md#databases-source).
@Suite struct SourceOptionCLITests {
    @Test func buildsFromASQLiteFileAndKeepsTheOutputWhenAServerIsDown() throws {
        let site = Fixtures.copy("basic-site")
        let root = (site as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SQLiteFixture.write(CSVTable.all(inSite: site), to: root + "/crm.db")
        for file in ["accounts.csv", "orders.csv", "reps.csv"] {
            try FileManager.default.removeItem(atPath: site + "/data/" + file)
        }
        let built = try Binary.run(["build", "--site", site, "--output", root + "/out", "--source", root + "/crm.db"])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(FileManager.default.fileExists(atPath: root + "/out/accounts/a1.html"))
        let before = Fixtures.snapshot(root + "/out")

        let listener = try LoopbackListener()
        let port = listener.port
        listener.stop()
        let down = try Binary.run(
            [
                "build", "--site", site, "--output", root + "/out", "--source",
                "postgresql://rapport@127.0.0.1:\(port)/crm",
            ],
            environment: ["PGPASSWORD": "secret-word"])
        #expect(down.status == 1)
        #expect(down.stderr.contains("error: cannot read postgresql://rapport@127.0.0.1:\(port)/crm: cannot connect"))
        #expect(!(down.stdout + down.stderr).contains("secret-word"))
        #expect(Fixtures.snapshot(root + "/out") == before)

        let withPassword = try Binary.run([
            "check", "--site", site, "--source", "postgresql://rapport:secret-word@127.0.0.1/crm",
        ])
        #expect(withPassword.status == 64)
        #expect(withPassword.stderr.contains("--source holds a password"))
        #expect(!withPassword.stderr.contains("secret-word"))
    }
}
