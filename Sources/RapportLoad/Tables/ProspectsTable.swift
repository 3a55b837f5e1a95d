import RapportCore

// The `prospects` table (docs/reference.md#the-tables-csv-schema): companies not yet customers.
// Its schema, its decoder and its checks across tables, listed in `TableKind`.

extension TableSchema {
    public static let prospects = TableSchema(
        name: "prospects", required: false, requiredColumns: [.prospectID, .name],
        optionalColumns: [.industry, .employees, .region, .owner, .stage, .nextMeeting, .note], keyColumn: .prospectID)
}

extension RecordDecoder {
    static func prospect<Row: RecordFields>(_ row: Row, _ d: inout Diagnostics) -> Prospect? {
        guard let id: ProspectID = row.requiredID(.prospectID, &d), let name = row.required(.name, &d) else {
            return nil
        }
        var prospect = Prospect(id: id, name: name, recordNumber: row.recordNumber)
        prospect.industry = row.text(.industry)
        prospect.employees = row.integer(.employees, in: 0...10_000_000, &d)
        prospect.region = row.text(.region)
        prospect.owner = row.id(.owner, &d)
        prospect.stage = row.text(.stage)
        prospect.nextMeeting = row.day(.nextMeeting, &d)
        prospect.note = row.text(.note)
        return prospect
    }
}

extension TableChecks {
    mutating func checkProspects() {
        uniqueKeys(.prospects, "prospect", .prospectID, model.prospects.map { ($0.id, $0.recordNumber) })
        let origins = model.recordOrigins[TableSchema.prospects.name]
        for prospect in model.prospects {
            reference(
                prospect.owner, in: reps, .prospects, .owner, "prospect", "owner",
                origin: { origins!.origin(ofRecord: prospect.recordNumber) })
        }
    }
}
