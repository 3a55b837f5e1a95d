import RapportCore

// The `reps` table (docs/reference.md#the-tables-csv-schema):
// the sales reps: who owns an account, a prospect, an order or an interaction.
// Its schema, its decoder and its checks across tables, listed in `TableKind`.

extension TableSchema {
    public static let reps = TableSchema(
        name: "reps", required: false, requiredColumns: [.repID, .name],
        optionalColumns: [.email, .team, .manager], keyColumn: .repID)
}

extension RecordDecoder {
    static func rep<Row: RecordFields>(_ row: Row, _ d: inout Diagnostics) -> Rep? {
        guard let id: RepID = row.requiredID(.repID, &d), let name = row.required(.name, &d) else { return nil }
        var rep = Rep(id: id, name: name, recordNumber: row.recordNumber)
        rep.email = row.text(.email)
        rep.team = row.text(.team)
        rep.manager = row.id(.manager, &d)
        return rep
    }
}

extension TableChecks {
    mutating func checkReps() {
        uniqueKeys(.reps, "rep", .repID, model.reps.map { ($0.id, $0.recordNumber) })
    }
}
