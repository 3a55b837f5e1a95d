import RapportCore

// The `feedback` table (docs/reference.md#the-tables-csv-schema): survey answers: NPS, themes and quotes.
// Its schema, its decoder and its checks across tables, listed in `TableKind`.

extension TableSchema {
    public static let feedback = TableSchema(
        name: "feedback", required: false, requiredColumns: [.accountID, .date],
        optionalColumns: [.nps, .themes, .quote])
}

extension RecordDecoder {
    static func feedback<Row: RecordFields>(
        _ row: Row, _ symbols: inout SymbolTable, _ d: inout Diagnostics
    ) -> Feedback? {
        let account: Interned<AccountID>? = row.requiredSymbol(.accountID, in: &symbols, &d)
        let date = row.day(.date, required: true, &d)
        guard let account, let date else { return nil }
        var feedback = Feedback(account: account, date: date, recordNumber: row.recordNumber)
        feedback.nps = row.integer(.nps, in: 0...10, &d)
        feedback.themes = row.list(.themes)
        feedback.quote = row.text(.quote)
        return feedback
    }
}

extension TableChecks {
    mutating func checkFeedback() {
        let origins = model.recordOrigins[TableSchema.feedback.name]
        for feedback in model.feedback {
            reference(
                feedback.account, in: knownAccounts, .feedback, .accountID, "feedback row", "account",
                origin: { origins!.origin(ofRecord: feedback.recordNumber) })
        }
    }
}
