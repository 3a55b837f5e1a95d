import CSQLite
import Foundation
import RapportCore
import RapportLoad

/// A site's CSV tables as database tables, for the tests that read a site
/// from SQLite or PostgreSQL and compare the portal with the CSV build's.
/// Each column gets the type a database would give it — whole numbers,
/// decimals, dates, text — so the drivers' conversions are what is tested.
public struct CSVTable {
    public enum Kind: Equatable { case integer, decimal, date, text }
    public var name: String
    public var file: String
    public var columns: [String]
    public var kinds: [Kind]
    public var rows: [[String?]]

    public static func all(inSite site: String) throws -> [CSVTable] {
        let folder = site + "/data"
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }.sorted()
            .map { try CSVTable(file: folder + "/" + $0) }
    }

    public init(file: String) throws {
        self.file = file
        name = String(file.split(separator: "/").last!.dropLast(4))
        let reader = try CSVReader(path: file)
        _ = try reader.next()
        columns = reader.fields
        var rows: [[String?]] = []
        while try reader.next() {
            rows.append(reader.fields.map { $0.isEmpty ? nil : $0 })
        }
        self.rows = rows
        kinds = columns.indices.map { index in
            let values = rows.compactMap { $0.indices.contains(index) ? $0[index] : nil }
            if values.isEmpty { return .text }
            if values.allSatisfy({ Int($0) != nil && !$0.hasPrefix("0") || $0 == "0" }) { return .integer }
            if values.allSatisfy({ Double($0) != nil && $0.first != "." }) { return .decimal }
            if values.allSatisfy({ $0.count == 10 && Day(iso: $0) != nil }) { return .date }
            return .text
        }
    }
}

/// Writes the tables into a new SQLite file: whole numbers as INTEGER,
/// decimals as REAL, the rest as TEXT.
public enum SQLiteFixture {
    public static func write(_ tables: [CSVTable], to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        var handle: OpaquePointer?
        guard sqlite3_open(path, &handle) == SQLITE_OK, let db = handle else { throw Failure("cannot create \(path)") }
        defer { sqlite3_close(db) }
        func exec(_ sql: String) throws {
            guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
                throw Failure(String(cString: sqlite3_errmsg(db)) + " in " + sql)
            }
        }
        try exec("BEGIN")
        for table in tables {
            let declared = zip(table.columns, table.kinds).map { column, kind in
                "\"\(column)\" " + [.integer: "INTEGER", .decimal: "REAL", .date: "TEXT", .text: "TEXT"][kind]!
            }
            try exec("CREATE TABLE \"\(table.name)\" (\(declared.joined(separator: ", ")))")
            var statement: OpaquePointer?
            let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
            guard
                sqlite3_prepare_v2(db, "INSERT INTO \"\(table.name)\" VALUES (\(marks))", -1, &statement, nil)
                    == SQLITE_OK
            else { throw Failure(String(cString: sqlite3_errmsg(db))) }
            defer { sqlite3_finalize(statement) }
            for row in table.rows {
                sqlite3_reset(statement)
                for index in table.columns.indices {
                    let place = Int32(index + 1)
                    guard index < row.count, let value = row[index] else {
                        sqlite3_bind_null(statement, place)
                        continue
                    }
                    switch table.kinds[index] {
                    case .integer: sqlite3_bind_int64(statement, place, Int64(value)!)
                    case .decimal: sqlite3_bind_double(statement, place, Double(value)!)
                    case .date, .text: sqlite3_bind_text(statement, place, value, -1, transient)
                    }
                }
                guard sqlite3_step(statement) == SQLITE_DONE else { throw Failure(String(cString: sqlite3_errmsg(db))) }
            }
        }
        try exec("COMMIT")
    }

    /// Runs `sql` (statements separated by `;`) on the file.
    public static func execute(_ sql: String, in path: String) throws {
        var handle: OpaquePointer?
        guard sqlite3_open(path, &handle) == SQLITE_OK, let db = handle else { throw Failure("cannot open \(path)") }
        defer { sqlite3_close(db) }
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw Failure(String(cString: sqlite3_errmsg(db)))
        }
    }

    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
