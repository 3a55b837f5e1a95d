import Foundation
import RapportCore
import RapportLoad
import RapportTestSupport
import Testing

@testable import Rapport

/// A site read from a PostgreSQL 15 server the tests start themselves
/// (`PostgresServer`: a private port and socket folder, TLS and a password
/// required): the same portal as from the CSV files, problems named by
/// source, table, key and column, the password never shown, nothing written.
@Suite(.serialized) struct PostgresSourceTests {
    static func server() throws -> PostgresServer { try PostgresServer.shared.get() }

    /// `site` copied without its CSV files, reading from `url`.
    static func copy(of site: String, url: String, extraSettings: String = "") throws -> String {
        let copy = Fixtures.temporaryDirectory() + "/site"
        try FileManager.default.copyItem(atPath: site, toPath: copy)
        for file in try FileManager.default.contentsOfDirectory(atPath: copy + "/data") where file.hasSuffix(".csv") {
            try FileManager.default.removeItem(atPath: copy + "/data/" + file)
        }
        let settings = Fixtures.read(copy + "/site.yaml")
        Fixtures.write(settings + "\nsource: { postgres: \"\(url)\" }\n" + extraSettings, to: copy + "/site.yaml")
        return copy
    }

    static func build(_ site: String, asOf: String, environment: [String: String]) -> (String, BuildResult) {
        let output = Fixtures.temporaryDirectory() + "/output"
        var options = Fixtures.options(site: site, output: output)
        options.asOf = Day(iso: asOf)
        options.environment = environment
        return (output, Pipeline.build(options, today: Fixtures.fixtureToday))
    }

    static func load(_ site: String, _ environment: [String: String]) -> Diagnostics {
        SiteLoader.load(directory: site, databases: .standard(environment: environment)).1
    }

    static func cleanUp(_ paths: String...) {
        for path in paths { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    }

    @Test(arguments: [("content", "2026-11-16"), ("Tests/Fixtures/review-site", "2026-06-30")])
    func buildsTheSamePortalAsTheCSVFiles(_ site: String, _ asOf: String) throws {
        let server = try Self.server()
        let csvSite = Fixtures.packageRoot + "/" + site
        let database = try server.database(with: CSVTable.all(inSite: csvSite))
        let postgresSite = try Self.copy(of: csvSite, url: server.url(database))
        let (csvOutput, csvResult) = Self.build(csvSite, asOf: asOf, environment: [:])
        let (output, result) = Self.build(postgresSite, asOf: asOf, environment: ["PGPASSWORD": server.password])
        defer { Self.cleanUp(postgresSite, csvOutput, output) }
        #expect(csvResult.succeeded && result.succeeded, "\(result.diagnostics.sorted)")
        let csvFiles = Fixtures.snapshot(csvOutput), files = Fixtures.snapshot(output)
        #expect(csvFiles.count > 20)
        #expect(Set(csvFiles.keys) == Set(files.keys))
        let differing = csvFiles.keys.filter { csvFiles[$0] != files[$0] }.sorted()
        #expect(differing.isEmpty, "differ: \(differing.prefix(5))")
    }

    /// The password from a file PGPASSFILE names (`.pgpass` form), and a
    /// wrong one reported without showing it.
    @Test func findsThePasswordInAPasswordFileAndNamesAWrongOne() throws {
        let server = try Self.server()
        let csvSite = Fixtures.packageRoot + "/Tests/Fixtures/basic-site"
        let database = try server.database(with: CSVTable.all(inSite: csvSite))
        let site = try Self.copy(of: csvSite, url: server.url(database))
        let passFile = Fixtures.temporaryDirectory() + "/pgpass"
        defer { Self.cleanUp(site, passFile) }
        Fixtures.write(
            "# host:port:database:user:password\n*:\(server.port):*:rapport:\(server.password)\n", to: passFile)
        #expect(Self.load(site, ["PGPASSFILE": passFile]).errors.isEmpty)
        let wrong = Self.load(site, ["PGPASSWORD": "not-the-password"]).errors
        #expect(wrong.map(\.kind) == [.sourceFailed])
        #expect(wrong.first?.message.contains("password authentication failed for user \"rapport\"") == true)
        #expect(wrong.allSatisfy { !$0.description.contains("not-the-password") })
        let none = Self.load(site, [:]).errors
        #expect(
            none.map(\.message) == [
                "cannot read \(server.url(database).replacingOccurrences(of: "?sslmode=require", with: "")): "
                    + "the server asks for a password: set PGPASSWORD, ~/.pgpass or PGPASSFILE"
            ])
    }

    /// The server refuses connections without TLS (`hostnossl … reject`).
    @Test func connectsOverTLSOnlyWhenAsked() throws {
        let server = try Self.server()
        let csvSite = Fixtures.packageRoot + "/Tests/Fixtures/basic-site"
        let database = try server.database(with: CSVTable.all(inSite: csvSite))
        let plain = try Self.copy(of: csvSite, url: server.url(database, sslmode: "disable"))
        defer { Self.cleanUp(plain) }
        let errors = Self.load(plain, ["PGPASSWORD": server.password]).errors
        #expect(errors.map(\.kind) == [.sourceFailed])
        #expect(
            errors.first?.message.hasSuffix(
                "pg_hba.conf rejects connection for host \"127.0.0.1\", user \"rapport\", database \"\(database)\", no encryption"
            ) == true, "\(errors.map(\.message))")
    }

    @Test func namesAServerThatIsDown() throws {
        let listener = try LoopbackListener()
        let port = listener.port
        listener.stop()
        let site = try Self.copy(
            of: Fixtures.packageRoot + "/Tests/Fixtures/basic-site", url: "postgresql://rapport@127.0.0.1:\(port)/crm")
        defer { Self.cleanUp(site) }
        let errors = Self.load(site, ["PGPASSWORD": "x"]).errors
        #expect(errors.map(\.kind) == [.sourceFailed])
        #expect(
            errors.first?.message.hasPrefix("cannot read postgresql://rapport@127.0.0.1:\(port)/crm: cannot connect")
                == true, "\(errors)")
    }

    /// Queries the server refuses, a missing table and a type Rapport does
    /// not read: each an error at the table; the data unchanged.
    @Test func reportsWhatTheServerRefuses() throws {
        let server = try Self.server()
        let csvSite = Fixtures.packageRoot + "/Tests/Fixtures/basic-site"
        let database = try server.database(with: CSVTable.all(inSite: csvSite))
        let site = try Self.copy(
            of: csvSite, url: server.url(database),
            extraSettings: """
                tables:
                  orders: { query: "DELETE FROM orders RETURNING *" }
                  reps: { query: "SELEC * FROM reps" }
                  accounts: { query: "SELECT account_id, name, '{}'::jsonb AS industry, point(1, 2) AS owner FROM accounts" }
                  feedback: { from: no_such_table }
                """)
        defer { Self.cleanUp(site) }
        let errors = Self.load(site, ["PGPASSWORD": server.password]).errors
        let name = "postgresql://rapport@127.0.0.1:\(server.port)/\(database)"
        #expect(
            errors.map(\.message).sorted() == [
                "reading table 'accounts' from \(name) failed: column 'owner' is of type POINT, which Rapport does not read; cast it in a query, as owner::text",
                "reading table 'orders' from \(name) failed: cannot execute DELETE in a read-only transaction",
                "reading table 'reps' from \(name) failed: syntax error at or near \"SELEC\"",
                "table 'feedback' not found: \(name) has no table or view 'no_such_table'",
            ], "\(errors)")
        #expect(try server.psql(database, "SELECT count(*) FROM orders").contains(" 9"))
    }

    /// A value problem in a table read from the server: named by the source, table, key and column.
    @Test func namesTheRecordAndColumnOfABadValue() throws {
        let server = try Self.server()
        let site = Fixtures.copy("basic-site")
        Fixtures.write("account_id,name,budget\nA1,Alpha,-5000\nA2,Beta,\n", to: site + "/data/accounts.csv")
        let database = try server.database(with: CSVTable.all(inSite: site))
        let postgresSite = try Self.copy(of: site, url: server.url(database))
        defer { Self.cleanUp(site, postgresSite) }
        let errors = Self.load(postgresSite, ["PGPASSWORD": server.password]).errors
        #expect(
            errors.map(\.location.description).contains(
                "postgresql://rapport@127.0.0.1:\(server.port)/\(database) [accounts 'A1', column budget]"), "\(errors)"
        )
    }
}
