import Foundation
import RapportCore
import RapportLoad
import RapportTestSupport
import Testing

@testable import Rapport

/// A site read from a SQLite file (docs/reference.md#databases-source):
/// the same portal as from its CSV files, problems named by source, table,
/// key and column, and nothing written to the database.
@Suite struct SQLiteSourceTests {
    /// `site` copied, its tables moved into `data/crm.db` and its CSV files
    /// removed, site.yaml reading from the database.
    static func sqliteCopy(of site: String, extraSettings: String = "") throws -> String {
        let copy = Fixtures.temporaryDirectory() + "/site"
        try FileManager.default.copyItem(atPath: site, toPath: copy)
        try SQLiteFixture.write(CSVTable.all(inSite: copy), to: copy + "/data/crm.db")
        for file in try FileManager.default.contentsOfDirectory(atPath: copy + "/data") where file.hasSuffix(".csv") {
            try FileManager.default.removeItem(atPath: copy + "/data/" + file)
        }
        let settings = Fixtures.read(copy + "/site.yaml")
        Fixtures.write(settings + "\nsource: { sqlite: data/crm.db }\n" + extraSettings, to: copy + "/site.yaml")
        return copy
    }

    static func build(_ site: String, asOf: String) -> (String, BuildResult) {
        let output = Fixtures.temporaryDirectory() + "/output"
        var options = Fixtures.options(site: site, output: output)
        options.asOf = Day(iso: asOf)
        return (output, Pipeline.build(options, today: Fixtures.fixtureToday))
    }

    static func cleanUp(_ paths: String...) {
        for path in paths { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    }

    @Test(arguments: [
        ("content", "2026-11-16"), ("Tests/Fixtures/review-site", "2026-06-30"),
        ("Tests/Fixtures/basic-site", "2026-06-30"),
    ])
    func buildsTheSamePortalAsTheCSVFiles(_ site: String, _ asOf: String) throws {
        let csvSite = Fixtures.packageRoot + "/" + site
        let sqliteSite = try Self.sqliteCopy(of: csvSite)
        let (csvOutput, csvResult) = Self.build(csvSite, asOf: asOf)
        let (sqliteOutput, sqliteResult) = Self.build(sqliteSite, asOf: asOf)
        defer { Self.cleanUp(sqliteSite, csvOutput, sqliteOutput) }
        #expect(csvResult.succeeded && sqliteResult.succeeded, "\(sqliteResult.diagnostics.sorted)")
        #expect(csvResult.diagnostics.warnings.count == sqliteResult.diagnostics.warnings.count)
        let csvFiles = Fixtures.snapshot(csvOutput), sqliteFiles = Fixtures.snapshot(sqliteOutput)
        #expect(csvFiles.count > 20)
        #expect(Set(csvFiles.keys) == Set(sqliteFiles.keys))
        let differing = csvFiles.keys.filter { csvFiles[$0] != sqliteFiles[$0] }.sorted()
        #expect(differing.isEmpty, "differ: \(differing.prefix(5))")
    }

    /// The bad-input corpus's value problems, read from a database: the one
    /// error names the file, the table, the row's key and the column.
    @Test(arguments: [
        ("orders.impossible-date.csv", "orders row 1", "date", DiagnosticKind.invalidDate),
        ("orders.not-a-number.csv", "orders row 1", "amount", .invalidNumber),
        ("orders.negative-quantity.csv", "orders row 1", "quantity", .negativeValue),
        ("accounts.bad-boolean.csv", "accounts 'A1'", "community", .invalidBoolean),
        ("accounts.negative-budget.csv", "accounts 'A1'", "budget", .negativeValue),
        ("feedback.nps-out-of-range.csv", "feedback row 1", "nps", .invalidNumber),
        ("interactions.unknown-enum.csv", "interactions row 1", "kind", .invalidEnum),
        ("accounts.duplicate-key.csv", "accounts 'A1'", "account_id", .duplicateKey),
    ])
    func namesTheSourceTableKeyAndColumn(_ file: String, _ record: String, _ column: String, _ kind: DiagnosticKind)
        throws
    {
        let site = Fixtures.copy("basic-site")
        let table = String(file.prefix { $0 != "." })
        try FileManager.default.copyItem(
            atPath: Fixtures.directory + "/bad-csv/" + file, toPath: site + "/data/" + table + ".csv.bad")
        try? FileManager.default.removeItem(atPath: site + "/data/" + table + ".csv")
        try FileManager.default.moveItem(
            atPath: site + "/data/" + table + ".csv.bad", toPath: site + "/data/" + table + ".csv")
        let sqliteSite = try Self.sqliteCopy(of: site)
        defer { Self.cleanUp(site, sqliteSite) }
        let diagnostics = SiteLoader.load(directory: sqliteSite, databases: .standard(environment: [:])).1
        #expect(diagnostics.errors.count == 1, "\(diagnostics.sorted)")
        let error = try #require(diagnostics.errors.first)
        #expect(error.kind == kind)
        #expect(error.location.file == sqliteSite + "/data/crm.db")
        #expect(error.location.record == record)
        #expect(error.location.field == column)
    }
}

extension SQLiteSourceTests {
    static func load(_ site: String) -> Diagnostics {
        SiteLoader.load(directory: site, databases: .standard(environment: [:])).1
    }

    /// `from:` names a view and a table whose name needs quoting; `query:`
    /// renames columns: the same portal as the CSV files give.
    @Test func readsViewsQuotedNamesAndQueries() throws {
        let csvSite = Fixtures.packageRoot + "/Tests/Fixtures/basic-site"
        let site = try Self.sqliteCopy(
            of: csvSite,
            extraSettings: """
                tables:
                  orders: { from: "order \\"lines\\"" }
                  reps: { from: main.sales_reps }
                  accounts: { query: "SELECT account_id AS id, name, industry, employees, owner FROM accounts_table WHERE 1", columns: { account_id: id } }
                """)
        let db = site + "/data/crm.db"
        try SQLiteFixture.execute(
            #"ALTER TABLE orders RENAME TO "order ""lines"""; "#
                + "CREATE VIEW sales_reps AS SELECT * FROM reps; ALTER TABLE accounts RENAME TO accounts_table;",
            in: db)
        let (csvOutput, csvResult) = Self.build(csvSite, asOf: "2026-06-30")
        let (output, result) = Self.build(site, asOf: "2026-06-30")
        defer { Self.cleanUp(site, csvOutput, output) }
        #expect(csvResult.succeeded && result.succeeded, "\(result.diagnostics.sorted)")
        #expect(Fixtures.snapshot(csvOutput) == Fixtures.snapshot(output))
    }

    @Test(arguments: [
        ("SELEC * FROM orders", "near \"SELEC\": syntax error"),
        ("DELETE FROM orders RETURNING *", "the query would write to the database; Rapport only reads"),
        ("SELECT * FROM orders; DROP TABLE orders", "the query holds more than one statement"),
        ("SELECT missing_column FROM orders", "no such column: missing_column"),
    ])
    func reportsAQueryTheDatabaseRefuses(_ query: String, _ said: String) throws {
        let escaped = query.replacingOccurrences(of: "\"", with: "\\\"")
        let site = try Self.sqliteCopy(
            of: Fixtures.packageRoot + "/Tests/Fixtures/basic-site",
            extraSettings: "tables:\n  orders: { query: \"\(escaped)\" }\n")
        defer { Self.cleanUp(site) }
        let before = try Data(contentsOf: URL(fileURLWithPath: site + "/data/crm.db"))
        let errors = Self.load(site).errors
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.kind == .sourceFailed)
        #expect(errors.first?.location.description == site + "/data/crm.db [orders]")
        #expect(errors.first?.message == "reading table 'orders' from \(site)/data/crm.db failed: \(said)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: site + "/data/crm.db")) == before)
    }

    @Test func namesAMissingTableAFileThatIsNoDatabaseAndAMissingFile() throws {
        let site = try Self.sqliteCopy(
            of: Fixtures.packageRoot + "/Tests/Fixtures/basic-site", extraSettings: "tables:\n  reps: { from: staff }\n"
        )
        defer { Self.cleanUp(site) }
        try SQLiteFixture.execute("DROP TABLE orders", in: site + "/data/crm.db")
        #expect(
            Self.load(site).errors.map(\.message).sorted() == [
                "required table 'orders' not found: \(site)/data/crm.db has no table or view 'orders'",
                "table 'reps' not found: \(site)/data/crm.db has no table or view 'staff'",
            ])
        Fixtures.write("not a database, just text\n", to: site + "/data/crm.db")
        #expect(Self.load(site).errors.map(\.message) == ["cannot read \(site)/data/crm.db: file is not a database"])
        try FileManager.default.removeItem(atPath: site + "/data/crm.db")
        #expect(
            Self.load(site).errors.map(\.message) == ["cannot read \(site)/data/crm.db: unable to open database file"])
    }

    /// A file site.yaml names is inside the site: a link out of it is refused.
    @Test func refusesALinkOutOfTheSite() throws {
        let site = try Self.sqliteCopy(of: Fixtures.packageRoot + "/Tests/Fixtures/basic-site")
        let outside = Fixtures.temporaryDirectory() + "/crm.db"
        defer { Self.cleanUp(site, outside) }
        try FileManager.default.moveItem(atPath: site + "/data/crm.db", toPath: outside)
        try FileManager.default.createSymbolicLink(atPath: site + "/data/crm.db", withDestinationPath: outside)
        let errors = Self.load(site).errors
        #expect(errors.map(\.kind) == [.outsideSite])
    }
}

extension SQLiteSourceTests {
    /// A check across tables names an order line by its own id, and one
    /// without an id by its row: no key per order line is kept.
    @Test func namesAnOrderFoundByACheckAcrossTablesByItsIDOrRow() throws {
        let site = Fixtures.copy("basic-site")
        Fixtures.write(
            "account_id,date,amount,order_id\nA1,2026-01-05,100,SO-1\nA9,2026-01-06,100,SO-9\nA8,2026-01-07,100,\n",
            to: site + "/data/orders.csv")
        let sqliteSite = try Self.sqliteCopy(of: site)
        defer { Self.cleanUp(site, sqliteSite) }
        let unknown = Self.load(sqliteSite).all.filter { $0.kind == .unknownReference && $0.location.record != nil }
        #expect(
            unknown.map(\.location.description).sorted() == [
                sqliteSite + "/data/crm.db [orders 'SO-9', column account_id]",
                sqliteSite + "/data/crm.db [orders row 3, column account_id]",
            ], "\(unknown)")
    }
}
