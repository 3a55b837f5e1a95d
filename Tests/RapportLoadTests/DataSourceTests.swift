import Foundation
import RapportCore
import RapportTestSupport
import Testing

@testable import Rapport
@testable import RapportLoad
@testable import RapportWrite

/// Issue 16, point 6: records from a source other than CSV files go through
/// the same decoders and checks, and are placed by table and key.
@Suite struct DataSourceTests {
    /// The CSV files of a site's `data/` as keyed tables: each record keyed
    /// by its table's key column, or by its position when it has none.
    static func keyedTables(from data: String, name: String) throws -> KeyedTables {
        var tables: [String: KeyedTables.Table] = [:]
        for schema in TableSchema.all {
            let path = data + "/" + schema.defaultFile
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let reader = try CSVReader(path: path)
            _ = try reader.next()
            let columns = reader.fields
            let keyIndex = schema.keyColumn.flatMap { columns.firstIndex(of: $0.rawValue) }
            var records: [KeyedTables.Record] = []
            while try reader.next() {
                let values = reader.fields.map { $0.isEmpty ? nil : $0 }
                let key = keyIndex.flatMap { values[$0] } ?? "\(schema.name)-\(records.count + 1)"
                records.append(KeyedTables.Record(key: key, values: values))
            }
            tables[schema.name] = KeyedTables.Table(columns: columns, records: records)
        }
        return KeyedTables(name: name, tables: tables)
    }

    static func render(_ options: BuildOptions) throws -> MemorySink {
        let (opened, _, diagnostics) = Site.open(options, today: Fixtures.fixtureToday)
        let site = try #require(opened)
        #expect(!diagnostics.hasErrors)
        var rendering = Diagnostics()
        let sink = MemorySink()
        _ = site.render(to: sink, diagnostics: &rendering)
        #expect(!rendering.hasErrors)
        return sink
    }

    /// The same records from CSV files and from keyed tables make the same
    /// portal, byte for byte: every figure, page and export.
    @Test func keyedTablesBuildTheSamePortalAsTheCSVFiles() throws {
        let site = Fixtures.copy("review-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let fromFiles = try Self.render(Fixtures.options(site: site, output: site + "/../out"))
        let tables = try Self.keyedTables(from: site + "/data", name: "crm")
        #expect(tables.tables.count == 8)
        // Gone, so nothing can be read from the files by mistake.
        try FileManager.default.removeItem(atPath: site + "/data")
        var options = Fixtures.options(site: site, output: site + "/../out")
        options.source = tables
        let fromTables = try Self.render(options)
        #expect(fromTables.paths == fromFiles.paths)
        #expect(fromFiles.paths.count > 20)
        for path in fromFiles.paths { #expect(fromTables[path] == fromFiles[path], "\(path)") }
    }

    /// Problems in keyed records name the source, table, key and column.
    @Test func problemsAreReportedAtTheTableKeyAndColumn() throws {
        let site = Fixtures.copy("basic-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        typealias Record = KeyedTables.Record
        let source = KeyedTables(
            name: "crm",
            tables: [
                "accounts": .init(
                    columns: ["account_id", "name", "employees"],
                    records: [
                        Record(key: "A1", values: ["A1", "Acme", "40"]),
                        Record(key: "A2", values: ["A2", "Bolt", "many"]),
                        Record(key: "A1 again", values: ["A1", "Acme twice", nil]),
                    ]),
                "orders": .init(
                    columns: ["account_id", "date", "amount"],
                    records: [
                        Record(key: "O-1", values: ["A1", "2026-01-05", "120.00"]),
                        Record(key: "O-2", values: ["ZZ", "2026-01-06", "80.00"]),
                        Record(key: "O-3", values: ["A1", "2026-01-07"]),
                        Record(key: "O-4", values: ["A1", "2026-01-08", " 1,5 "]),
                    ]),
            ])
        let (_, diagnostics) = SiteLoader.load(directory: site, source: source)
        let lines = diagnostics.all.map(\.description)
        #expect(
            lines.contains(
                "crm [accounts 'A2', column employees]: error: column 'employees': 'many' is not a whole number [load]")
        )
        #expect(lines.contains("crm [orders 'O-3']: error: expected 3 values, one per column, found 2 [load]"))
        #expect(
            lines.contains(
                "crm [orders 'O-4', column amount]: error: column 'amount': '1,5' is not an amount "
                    + "(expected a number such as 1234.50); if ',' separates thousands, set formats.thousands [load]"))
        // Placed after the tables were read, by the loader's own checks.
        #expect(
            lines.contains(
                "crm [accounts 'A1 again', column account_id]: error: duplicate account key 'A1' "
                    + "(first on accounts 'A1') [load]"))
        #expect(
            lines.contains("crm [orders 'O-2', column account_id]: warning: order for unknown account 'ZZ' [load]"))
        #expect(
            lines.contains(
                "crm: warning: 1 order references 1 unknown account: ZZ; they are left out [load]"))
        #expect(diagnostics.all.count == 6, "\(lines)")
    }

    @Test func aRequiredTableMissingFromTheSourceIsAnError() {
        let site = Fixtures.copy("basic-site")
        defer { try? FileManager.default.removeItem(atPath: (site as NSString).deletingLastPathComponent) }
        let source = KeyedTables(
            name: "crm",
            tables: [
                "accounts": .init(
                    columns: ["account_id", "name"], records: [.init(key: "A1", values: ["A1", "Acme"])]),
                "orders": .init(columns: ["account_id", "date"], records: []),
            ])
        let (model, diagnostics) = SiteLoader.load(directory: site, source: source)
        #expect(
            diagnostics.all.map(\.description) == [
                "crm [orders]: error: missing required column amount; found: account_id, date [load]"
            ])
        #expect(model.accounts.map(\.id) == ["A1"])
        #expect(model.absentTables.contains("tickets") && !model.absentTables.contains("orders"))
        let (_, without) = SiteLoader.load(
            directory: site, source: KeyedTables(name: "crm", tables: ["accounts": source.tables["accounts"]!]))
        #expect(without.all.map(\.description) == ["crm: error: required table 'orders' not found in crm [load]"])
    }
}
