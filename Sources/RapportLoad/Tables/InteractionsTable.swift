import RapportCore

// The `interactions` table (docs/reference.md#the-tables-csv-schema):
// calls, visits, reviews and newsletters: contact and competitor mentions.
// Its schema, its decoder and its checks across tables, listed in `TableKind`.

extension TableSchema {
    public static let interactions = TableSchema(
        name: "interactions", required: false, requiredColumns: [.accountID, .date, .kind],
        optionalColumns: [.rep, .competitor, .note])
}

extension RecordDecoder {
    static func interaction<Row: RecordFields>(
        _ row: Row, _ symbols: inout SymbolTable, _ texts: inout TextStore, _ d: inout Diagnostics
    ) -> Interaction? {
        let account: Interned<AccountID>? = row.requiredSymbol(.accountID, in: &symbols, &d)
        let date = row.day(.date, required: true, &d)
        let kind: InteractionKind? = row.choice(.kind, required: true, &d)
        guard let account, let date, let kind else { return nil }
        var interaction = Interaction(account: account, date: date, kind: kind, recordNumber: row.recordNumber)
        interaction.rep = row.symbol(.rep, in: &symbols)
        interaction.competitor = row.symbol(.competitor, in: &symbols)
        interaction.note = row.text(.note, in: &texts)
        return interaction
    }
}

extension TableChecks {
    mutating func checkInteractions() {
        let origins = model.recordOrigins[TableSchema.interactions.name]
        for interaction in model.interactions {
            let origin = { origins!.origin(ofRecord: interaction.recordNumber) }
            reference(
                interaction.account, in: knownAccounts, .interactions, .accountID, "interaction", "account",
                origin: origin)
            reference(interaction.rep, in: knownReps, .interactions, .rep, "interaction", "rep", origin: origin)
        }
    }
}
