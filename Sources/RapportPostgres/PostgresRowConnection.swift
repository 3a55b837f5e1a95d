import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import RapportLoad

/// One connection to the server, inside a read-only transaction: a failed
/// query aborts it, so a new one is begun for the tables after.
final class PostgresRowConnection: RowConnection {
    static let logger = Logger(label: "rapport.postgres") { _ in SwiftLogNoOpLogHandler() }
    let connection: PostgresConnection
    let group: MultiThreadedEventLoopGroup
    private var open: PostgresCursor?

    init(connection: PostgresConnection, group: MultiThreadedEventLoopGroup) {
        self.connection = connection
        self.group = group
    }

    /// - Parameter snapshot: another transaction's exported snapshot to read.
    func begin(snapshot: String? = nil) throws {
        _ = try connection.query("START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: Self.logger)
            .wait()
        if let snapshot {
            let literal = "'" + snapshot.replacingOccurrences(of: "'", with: "''") + "'"
            _ = try connection.query(
                PostgresQuery(unsafeSQL: "SET TRANSACTION SNAPSHOT " + literal), logger: Self.logger
            )
            .wait()
        }
    }

    /// This transaction's snapshot, for another connection to read.
    func exportSnapshot() throws(RowSourceFailure) -> String {
        let rows = try run("SELECT pg_export_snapshot()")
        guard let snapshot = try? rows.first?.decode(String.self) else {
            throw RowSourceFailure("the server exported no snapshot")
        }
        return snapshot
    }

    /// The query's rows, all at once: for the small answers of the catalogue.
    private func run(_ query: PostgresQuery) throws(RowSourceFailure) -> [PostgresRow] {
        do {
            return try connection.query(query, logger: Self.logger).wait().rows
        } catch {
            restart()
            throw Self.failure(error)
        }
    }

    /// After a failed statement the transaction accepts nothing more.
    func restart() {
        _ = try? connection.query("ROLLBACK", logger: Self.logger).wait()
        try? begin()
    }

    func hasTable(_ name: String) throws(RowSourceFailure) -> Bool {
        finishOpen()
        let rows = try run("SELECT to_regclass(\(Self.qualified(name))) IS NOT NULL")
        return (try? rows.first?.decode(Bool.self)) ?? false
    }

    func rows(_ request: RowRequest) throws(RowSourceFailure) -> any RowCursor {
        finishOpen()
        let sql: String
        switch request {
        case .table(let name): sql = "SELECT * FROM " + Self.qualified(name)
        case .query(let query): sql = query
        }
        let cursor = PostgresCursor(connection: self)
        cursor.start(PostgresQuery(unsafeSQL: sql))
        open = cursor
        try cursor.waitForColumns()
        return cursor
    }

    private func finishOpen() {
        if let open, open.drain() != nil { restart() }
        open = nil
    }

    func close() {
        finishOpen()
        _ = try? connection.query("ROLLBACK", logger: Self.logger).wait()
        try? connection.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// `schema.table` with each part quoted as an identifier.
    static func qualified(_ name: String) -> String {
        name.split(separator: ".", maxSplits: 1).map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: ".")
    }

    /// What went wrong, in the server's words when it said something; never
    /// the password, which no error of postgres-nio carries.
    static func failure(_ error: any Error) -> RowSourceFailure {
        if let failure = error as? RowSourceFailure { return failure }
        guard let error = error as? PSQLError else { return RowSourceFailure(String(describing: error)) }
        if let info = error.serverInfo, let message = info[.message] {
            var text = message
            if let detail = info[.detail] { text += " (\(detail))" }
            if let hint = info[.hint] { text += "; \(hint)" }
            return RowSourceFailure(text)
        }
        switch error.code {
        case .authMechanismRequiresPassword:
            return RowSourceFailure("the server asks for a password: set PGPASSWORD, ~/.pgpass or PGPASSFILE")
        case .sslUnsupported:
            return RowSourceFailure("the server does not offer TLS, which sslmode asks for")
        case .connectionError, .serverClosedConnection, .uncleanShutdown:
            let why = error.underlying.map { String(describing: $0) } ?? "\(error.code)"
            return RowSourceFailure("cannot connect: \(why)")
        default:
            return RowSourceFailure("\(error.code)" + (error.underlying.map { ": \($0)" } ?? ""))
        }
    }
}
