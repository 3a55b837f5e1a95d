/// Where a record came from, so later stages can point back at it: a line
/// of a CSV file, or a key in a table of a source that has no lines (records
/// handed over by a program, a database). docs/guide.md#data-sources.
public struct RecordOrigin: Hashable, Sendable {
    /// The file, or the name of the source.
    public var source: String
    /// The record's number in its table: its line in a CSV file, its
    /// position in a keyed table. Records of one table sort by it as they
    /// were read.
    public var number: Int
    /// The table and key, as "orders 'O-7'", for a source without lines;
    /// nil for a CSV file.
    public var key: String?

    /// A record on a line of a file.
    public init(file: String, line: Int) {
        source = file
        number = line
        key = nil
    }

    /// The `number`th record of a keyed table.
    public init(source: String, table: String, key: String, number: Int) {
        self.source = source
        self.number = number
        self.key = "\(table) '\(key)'"
    }

    /// The `number`th record of a database table whose row has no key:
    /// named by its row, counted from 1.
    public init(source: String, table: String, row number: Int) {
        self.source = source
        self.number = number
        self.key = "\(table) row \(number + 1)"
    }

    public var location: SourceLocation {
        key.map { SourceLocation(source: source, record: $0) } ?? SourceLocation(file: source, line: number)
    }

    /// "line 12", or "orders 'O-7'": where a first copy of a key is.
    public var place: String { key ?? "line \(number)" }

    /// The record's field `column`: a line and column in a CSV file are found
    /// by reading it again (`FieldLocator`); a keyed record names the column.
    public func location(ofField column: String) -> SourceLocation {
        var location = location
        if key != nil { location.field = column }
        return location
    }
}

/// How a table's compact records — orders, tickets and interactions keep
/// only their number, not a copy of their origin — find their origin.
public struct TableOrigins: Sendable {
    public var source: String
    public var table: String
    /// A keyed table's keys, by record number; empty for a CSV file, whose
    /// numbers are lines.
    public var keys: [String]
    /// A database table that keeps no keys: records are named by row.
    public var byRow = false

    public init(file: String, table: String) {
        source = file
        self.table = table
        keys = []
    }

    public init(source: String, table: String, keys: [String]) {
        self.source = source
        self.table = table
        self.keys = keys
    }

    /// A database table read without keeping its keys (`byRow`).
    public init(source: String, rowsOf table: String) {
        self.source = source
        self.table = table
        keys = []
        byRow = true
    }

    /// - Parameter key: the record's key when the caller has it at hand
    ///   (an order's id), for a table that keeps none.
    public func origin(ofRecord number: Int, key: String? = nil) -> RecordOrigin {
        if keys.indices.contains(number) {
            return RecordOrigin(source: source, table: table, key: keys[number], number: number)
        }
        guard byRow else { return RecordOrigin(file: source, line: number) }
        return key.map { RecordOrigin(source: source, table: table, key: $0, number: number) }
            ?? RecordOrigin(source: source, table: table, row: number)
    }
}
