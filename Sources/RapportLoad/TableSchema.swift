/// A table's canonical name, default file name and columns
/// (docs/reference.md#the-tables-csv-schema); `TableKind` lists the tables.
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

    public static let accounts = TableSchema(
        name: "accounts", required: true, requiredColumns: [.accountID, .name],
        optionalColumns: [
            .industry, .employees, .region, .owner, .customerSince, .budget, .lastReview, .status,
            .community, .perks,
        ], keyColumn: .accountID)
    public static let reps = TableSchema(
        name: "reps", required: false, requiredColumns: [.repID, .name],
        optionalColumns: [.email, .team, .manager], keyColumn: .repID)
    public static let products = TableSchema(
        name: "products", required: false, requiredColumns: [.sku, .name],
        optionalColumns: [.family, .kind, .listPrice, .replacementMonths], keyColumn: .sku)
    public static let orders = TableSchema(
        name: "orders", required: true, requiredColumns: [.accountID, .date, .amount],
        optionalColumns: [.orderID, .sku, .quantity, .rep])
    public static let tickets = TableSchema(
        name: "tickets", required: false, requiredColumns: [.ticketID, .accountID, .opened],
        optionalColumns: [.resolved, .severity, .category, .contacts, .effort, .sku], keyColumn: .ticketID)
    public static let interactions = TableSchema(
        name: "interactions", required: false, requiredColumns: [.accountID, .date, .kind],
        optionalColumns: [.rep, .competitor, .note])
    public static let feedback = TableSchema(
        name: "feedback", required: false, requiredColumns: [.accountID, .date],
        optionalColumns: [.nps, .themes, .quote])
    public static let referrals = TableSchema(
        name: "referrals", required: false, requiredColumns: [.referrerID, .referredID],
        optionalColumns: [.date])

    /// Companies not yet customers (docs/reference.md#the-tables-csv-schema, prospects).
    public static let prospects = TableSchema(
        name: "prospects", required: false, requiredColumns: [.prospectID, .name],
        optionalColumns: [.industry, .employees, .region, .owner, .stage, .nextMeeting, .note], keyColumn: .prospectID)

    /// In the registry's order (`TableKind`).
    public static let all: [TableSchema] = TableKind.allCases.map(\.schema)
}
