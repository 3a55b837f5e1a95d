import CSQLite
import RapportLoad

/// A SQLite file as a site's source (site.yaml `source: { sqlite: FILE }`),
/// through the system's libsqlite3: opened read-only, with `query_only` on,
/// so a query that writes is refused by SQLite itself
/// (docs/reference.md#databases-source).
public struct SQLiteSource: RowSource {
    public let path: String
    public var name: String { path }

    public init(path: String) { self.path = path }

    public func connect() throws(RowSourceFailure) -> any RowConnection {
        var handle: OpaquePointer?
        // READONLY never creates the file: a mistyped name is an error.
        let status = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw RowSourceFailure(message)
        }
        let connection = SQLiteConnection(handle: handle)
        try connection.execute("PRAGMA query_only = 1")
        // A file that is not a database fails only at its first read.
        try connection.execute("BEGIN")
        _ = try connection.hasTable("sqlite_master")
        return connection
    }
}

final class SQLiteConnection: RowConnection {
    let handle: OpaquePointer
    private var open: SQLiteCursor?

    init(handle: OpaquePointer) { self.handle = handle }

    func execute(_ sql: String) throws(RowSourceFailure) {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure() }
    }

    func failure() -> RowSourceFailure { RowSourceFailure(String(cString: sqlite3_errmsg(handle))) }

    func hasTable(_ name: String) throws(RowSourceFailure) -> Bool {
        let parts = Self.nameParts(name)
        let master = parts.count == 2 ? Self.quoted(parts[0]) + ".sqlite_master" : "sqlite_master"
        let statement = try prepare(
            "SELECT 1 FROM \(master) WHERE type IN ('table', 'view') AND name = ?1")
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_text(statement, 1, parts.last!, -1, sqliteTransient)
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw failure()
        }
    }

    func rows(_ request: RowRequest) throws(RowSourceFailure) -> any RowCursor {
        open?.finish()
        let sql: String
        switch request {
        case .table(let name): sql = "SELECT * FROM " + Self.nameParts(name).map(Self.quoted).joined(separator: ".")
        case .query(let query): sql = query
        }
        let cursor = SQLiteCursor(connection: self, statement: try prepare(sql))
        open = cursor
        return cursor
    }

    func close() {
        open?.finish()
        open = nil
        sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
        sqlite3_close(handle)
    }

    /// One statement: a query with a second one after it is refused, not
    /// cut short.
    private func prepare(_ sql: String) throws(RowSourceFailure) -> OpaquePointer {
        var statement: OpaquePointer?
        var rest: UnsafePointer<CChar>?
        let status = sql.withCString { text in
            let status = sqlite3_prepare_v2(handle, text, -1, &statement, &rest)
            if status == SQLITE_OK, let rest, !String(cString: rest).allSatisfy({ $0.isWhitespace || $0 == ";" }) {
                return SQLITE_MISUSE
            }
            return status
        }
        if status == SQLITE_MISUSE {
            sqlite3_finalize(statement)
            throw RowSourceFailure("the query holds more than one statement")
        }
        guard status == SQLITE_OK, let statement else { throw failure() }
        if sqlite3_stmt_readonly(statement) == 0 {
            sqlite3_finalize(statement)
            throw RowSourceFailure("the query would write to the database; Rapport only reads")
        }
        return statement
    }

    /// `schema.table` → its parts; a name with no dot is one part.
    static func nameParts(_ name: String) -> [String] {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        return parts.isEmpty ? [name] : parts
    }

    /// An identifier in double quotes, quotes inside doubled.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// SQLite's own destructor constant, which Swift cannot import as a macro.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

final class SQLiteCursor: RowCursor {
    let connection: SQLiteConnection
    private var statement: OpaquePointer?
    let columns: [String]

    init(connection: SQLiteConnection, statement: OpaquePointer) {
        self.connection = connection
        self.statement = statement
        columns = (0..<sqlite3_column_count(statement)).map { String(cString: sqlite3_column_name(statement, $0)) }
    }

    func next() throws(RowSourceFailure) -> Bool {
        guard let statement else { return false }
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE:
            finish()
            return false
        default:
            let failure = connection.failure()
            finish()
            throw failure
        }
    }

    /// Numbers are written here rather than asking SQLite for their text:
    /// its conversion of a REAL cost more than decoding the whole record
    /// (bench/database-load).
    private var scratch: [UInt8] = []

    func withValue<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> Result) -> Result {
        guard let statement else { return body(nil) }
        let column = Int32(index)
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL:
            return body(nil)
        case SQLITE_INTEGER:
            scratch.removeAll(keepingCapacity: true)
            let value = sqlite3_column_int64(statement, column)
            if value < 0 { scratch.append(UInt8(ascii: "-")) }
            var rest = value.magnitude, divisor: UInt64 = 1
            while divisor <= rest / 10 { divisor *= 10 }
            while divisor > 0 {
                scratch.append(UInt8(truncatingIfNeeded: 48 + rest / divisor))
                rest %= divisor
                divisor /= 10
            }
            return scratch.withUnsafeBufferPointer(body)
        case SQLITE_FLOAT:
            var text = String(describing: sqlite3_column_double(statement, column))
            return text.withUTF8(body)
        default:
            guard let text = sqlite3_column_text(statement, column) else { return body(nil) }
            return body(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))))
        }
    }

    func finish() {
        sqlite3_finalize(statement)
        statement = nil
    }
}
