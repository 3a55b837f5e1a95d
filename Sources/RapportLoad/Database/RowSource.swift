import RapportCore

/// A database that Rapport reads tables from row by row (SQLite,
/// PostgreSQL: docs/guide.md#data-sources): each driver lives in its own
/// module and meets the loader here. Everything it runs is read-only.
public protocol RowSource: Sendable {
    /// How diagnostics name the source: the file, or the address without a password.
    var name: String { get }
    /// Connects; a server that is down or a wrong password throws.
    func connect() throws(RowSourceFailure) -> any RowConnection
    /// A second connection that sees what `other` sees (PostgreSQL: the
    /// same snapshot), for the orders read on a core of their own.
    func connect(sharingSnapshotOf other: any RowConnection) throws(RowSourceFailure) -> any RowConnection
}

extension RowSource {
    public func connect(sharingSnapshotOf other: any RowConnection) throws(RowSourceFailure) -> any RowConnection {
        try connect()
    }
}

/// What to read for a table: a table or view of the database, or a query.
public enum RowRequest: Sendable, Equatable {
    /// A name as `schema.table` or `table`; each part is quoted as an identifier.
    case table(String)
    case query(String)
}

/// One open connection, in a read-only transaction until closed.
public protocol RowConnection: AnyObject {
    /// Whether the database has a table or view of that name.
    func hasTable(_ name: String) throws(RowSourceFailure) -> Bool
    /// Runs the request and returns its rows; the previous cursor is done with.
    func rows(_ request: RowRequest) throws(RowSourceFailure) -> any RowCursor
    func close()
}

/// The rows of one request, one at a time: values are valid until `next`.
public protocol RowCursor: AnyObject {
    /// The columns' names, known once the request runs.
    var columns: [String] { get }
    /// Moves to the next row; false after the last.
    func next() throws(RowSourceFailure) -> Bool
    /// The current row's value in column `index` as UTF-8 text (a number or
    /// a date as PostgreSQL or SQLite writes it), or nil for NULL.
    func withValue<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> Result) -> Result
}

/// What the database said when it failed, without a password.
public struct RowSourceFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
