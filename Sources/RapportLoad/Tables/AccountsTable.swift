import RapportCore

// The `accounts` table (docs/reference.md#the-tables-csv-schema):
// the customers: one record per account, the table every other one points at.
// Its schema, its decoder and its checks across tables, listed in `TableKind`.

extension TableSchema {
    public static let accounts = TableSchema(
        name: "accounts", required: true, requiredColumns: [.accountID, .name],
        optionalColumns: [
            .industry, .employees, .region, .owner, .customerSince, .budget, .lastReview, .status,
            .community, .perks,
        ], keyColumn: .accountID)
}

extension RecordDecoder {
    static func account<Row: RecordFields>(_ row: Row, _ d: inout Diagnostics) -> Account? {
        guard let id: AccountID = row.requiredID(.accountID, &d), let name = row.required(.name, &d) else { return nil }
        var account = Account(id: id, name: name, recordNumber: row.recordNumber)
        account.industry = row.text(.industry)
        account.employees = row.integer(.employees, in: 0...10_000_000, &d)
        account.region = row.text(.region)
        account.owner = row.id(.owner, &d)
        account.customerSince = row.day(.customerSince, &d)
        account.budget = row.money(.budget, &d)
        account.lastReview = row.day(.lastReview, &d)
        account.status = row.text(.status)
        account.community = row.boolean(.community, &d)
        account.perks = row.boolean(.perks, &d)
        return account
    }
}

extension TableChecks {
    mutating func checkAccounts() {
        uniqueKeys(.accounts, "account", .accountID, model.accounts.map { ($0.id, $0.recordNumber) })
        let origins = model.recordOrigins[TableSchema.accounts.name]
        for account in model.accounts {
            reference(
                account.owner, in: reps, .accounts, .owner, "account", "owner",
                origin: { origins!.origin(ofRecord: account.recordNumber) })
        }
    }
}
