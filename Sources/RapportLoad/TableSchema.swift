/// A table's canonical name, default file name and columns
/// (docs/reference.md#the-tables-csv-schema); `TableKind` lists the tables,
/// each table's own file in `Tables/` holds its schema.
/// The loader checks headers against this before reading rows.
public struct TableSchema: Sendable {
    public var name: String
    public var required: Bool
    public var requiredColumns: [Column]
    public var optionalColumns: [Column]
    /// The column whose values identify a row, if the table has one.
    public var keyColumn: Column?
    public var defaultFile: String { name + ".csv" }
    public var allColumns: [Column] { requiredColumns + optionalColumns }

    public init(
        name: String, required: Bool, requiredColumns: [Column], optionalColumns: [Column], keyColumn: Column? = nil
    ) {
        self.name = name
        self.required = required
        self.requiredColumns = requiredColumns
        self.optionalColumns = optionalColumns
        self.keyColumn = keyColumn
    }

    /// In the registry's order (`TableKind`).
    public static let all: [TableSchema] = TableKind.allCases.map(\.schema)
}
