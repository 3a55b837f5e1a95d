import RapportCore

/// How dates and numbers are written in an export (site.yaml `formats:`,
/// site-wide or per table).
public struct ValueFormats: Sendable, Equatable {
    /// Tried in order; a value two formats read as different days is an error.
    public var dates: [DateFormat] = [.iso]
    public var numbers = NumberFormat()
    public init() {}
}

/// How a user's export maps onto one canonical table (site.yaml `tables:`).
public struct TableMapping: Sendable, Equatable {
    /// A row filter: keep rows whose `column` (as named in the file) holds one
    /// of `values`.
    public struct Filter: Sendable, Equatable {
        public var column: String
        public var values: [String]
        public var location: SourceLocation
    }

    public var file: String?
    /// In a database source: the table or view to read (`from:`), or the
    /// query whose rows are the table's (`query:`).
    public var from: String?
    public var query: String?
    /// Canonical column → the column name in the user's file.
    public var columns: [Column: String] = [:]
    /// The canonical column whose values identify rows, when not the table's
    /// own key column (e.g. `name` for an export keyed by account name).
    public var key: Column?
    public var filters: [Filter] = []
    /// Canonical column → value used when the file has no such column.
    public var defaults: [Column: String] = [:]
    public var formats = ValueFormats()
    /// Canonical column → other spellings of a value → the one the site
    /// uses (site.yaml `values:`), applied to every value read.
    public var aliases: [Column: [String: String]] = [:]
    /// Orders only: made from the won deals of the `opportunities` table
    /// when no orders table is given (`from_opportunities: won`).
    public var fromWonDeals = false

    public init(file: String? = nil, columns: [Column: String] = [:]) {
        self.file = file
        self.columns = columns
    }
}
