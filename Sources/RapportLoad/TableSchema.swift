/// The eight tables of SPEC §3.1: their canonical names, default file names
/// and columns. The loader checks headers against this before reading rows.
public struct TableSchema: Sendable {
    public var name: String
    public var required: Bool
    public var requiredColumns: [String]
    public var optionalColumns: [String]
    /// The column whose values identify a row, if the table has one.
    public var keyColumn: String?
    public var defaultFile: String { name + ".csv" }
    public var allColumns: [String] { requiredColumns + optionalColumns }

    public init(
        name: String, required: Bool, requiredColumns: [String], optionalColumns: [String], keyColumn: String? = nil
    ) {
        self.name = name
        self.required = required
        self.requiredColumns = requiredColumns
        self.optionalColumns = optionalColumns
        self.keyColumn = keyColumn
    }

    public static let accounts = TableSchema(
        name: "accounts", required: true, requiredColumns: ["account_id", "name"],
        optionalColumns: [
            "industry", "employees", "region", "owner", "customer_since", "budget", "last_review", "status",
            "community", "perks",
        ], keyColumn: "account_id")
    public static let reps = TableSchema(
        name: "reps", required: false, requiredColumns: ["rep_id", "name"],
        optionalColumns: ["email", "team", "manager"], keyColumn: "rep_id")
    public static let products = TableSchema(
        name: "products", required: false, requiredColumns: ["sku", "name"],
        optionalColumns: ["family", "kind", "list_price", "replacement_months"], keyColumn: "sku")
    public static let orders = TableSchema(
        name: "orders", required: true, requiredColumns: ["account_id", "date", "amount"],
        optionalColumns: ["order_id", "sku", "quantity", "rep"])
    public static let tickets = TableSchema(
        name: "tickets", required: false, requiredColumns: ["ticket_id", "account_id", "opened"],
        optionalColumns: ["resolved", "severity", "category", "contacts", "effort", "sku"], keyColumn: "ticket_id")
    public static let interactions = TableSchema(
        name: "interactions", required: false, requiredColumns: ["account_id", "date", "kind"],
        optionalColumns: ["rep", "competitor", "note"])
    public static let feedback = TableSchema(
        name: "feedback", required: false, requiredColumns: ["account_id", "date"],
        optionalColumns: ["nps", "themes", "quote"])
    public static let referrals = TableSchema(
        name: "referrals", required: false, requiredColumns: ["referrer_id", "referred_id"],
        optionalColumns: ["date"])

    public static let all: [TableSchema] = [
        accounts, reps, products, orders, tickets, interactions, feedback, referrals,
    ]
}
