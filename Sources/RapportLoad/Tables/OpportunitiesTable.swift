import RapportCore

// The `opportunities` table (docs/reference.md#the-tables-csv-schema):
// deals, open, won or lost by their stage: the open pipeline on the briefs.
// Its schema, its decoder and its checks across tables, listed in `TableKind`.

extension TableSchema {
    public static let opportunities = TableSchema(
        name: "opportunities", required: false, requiredColumns: [.opportunityID, .accountID],
        optionalColumns: [.stage, .amount, .closeDate, .owner, .probability, .nextStep], keyColumn: .opportunityID)
}

extension RecordDecoder {
    static func opportunity<Row: RecordFields>(_ row: Row, _ d: inout Diagnostics) -> Opportunity? {
        let id: OpportunityID? = row.requiredID(.opportunityID, &d)
        let account: AccountID? = row.requiredID(.accountID, &d)
        guard let id, let account else { return nil }
        var opportunity = Opportunity(id: id, account: account, recordNumber: row.recordNumber)
        opportunity.stage = row.text(.stage)
        opportunity.amount = row.money(.amount, &d)
        opportunity.closeDate = row.day(.closeDate, &d)
        opportunity.owner = row.id(.owner, &d)
        opportunity.probability = probability(row, &d)
        opportunity.nextStep = row.text(.nextStep)
        return opportunity
    }

    /// A fraction (0.35) or a percentage (35): above 1 it is read as a
    /// percentage, as CRMs export either; outside 0…100 it is an error.
    static func probability<Row: RecordFields>(_ row: Row, _ d: inout Diagnostics) -> Double? {
        guard let number = row.money(.probability, &d) else { return nil }
        guard number.major <= 100 else {
            d.error(
                .invalidNumber, at: row.location(of: .probability), stage: .load,
                "\(row.describe(.probability)): \(row.text(.probability) ?? "") is not a fraction (0–1) or a "
                    + "percentage (0–100)")
            return nil
        }
        return number.major > 1 ? number.major / 100 : number.major
    }
}

extension TableChecks {
    mutating func checkOpportunities() {
        uniqueKeys(
            .opportunities, "opportunity", .opportunityID, model.opportunities.map { ($0.id, $0.recordNumber) })
        let origins = model.recordOrigins[TableSchema.opportunities.name]
        for opportunity in model.opportunities {
            let origin = { origins!.origin(ofRecord: opportunity.recordNumber) }
            reference(
                opportunity.account, in: accounts, .opportunities, .accountID, "opportunity", "account",
                origin: origin)
            reference(opportunity.owner, in: reps, .opportunities, .owner, "opportunity", "owner", origin: origin)
        }
    }
}
