import RapportCore

// The `referrals` table (docs/reference.md#the-tables-csv-schema): which account referred which.
// Its schema, its decoder and its checks across tables, listed in `TableKind`.

extension TableSchema {
    public static let referrals = TableSchema(
        name: "referrals", required: false, requiredColumns: [.referrerID, .referredID],
        optionalColumns: [.date])
}

extension RecordDecoder {
    /// - Parameter seen: each referrer–referred pair read so far, where.
    static func referral<Row: RecordFields>(
        _ row: Row, seen: inout [String: RecordOrigin], _ d: inout Diagnostics
    ) -> Referral? {
        let referrer: AccountID? = row.requiredID(.referrerID, &d)
        let referred: AccountID? = row.requiredID(.referredID, &d)
        guard let referrer, let referred else { return nil }
        // Counted once each: a self-referral would count the account's
        // own revenue as referred, a repeated row the referral twice.
        guard referrer != referred else {
            d.warning(
                .inconsistentRow, at: row.location(of: .referredID), stage: .load,
                "account '\(referrer)' cannot refer itself; the row is left out")
            return nil
        }
        let pair = referrer.text + "\u{1}" + referred.text
        if let first = seen[pair] {
            d.warning(
                .inconsistentRow, at: row.location(of: .referrerID), stage: .load,
                "'\(referrer)' referring '\(referred)' is already on \(first.place); the row is left out")
            return nil
        }
        seen[pair] = row.origin
        var referral = Referral(referrerID: referrer, referredID: referred, recordNumber: row.recordNumber)
        referral.date = row.day(.date, &d)
        return referral
    }
}

extension TableChecks {
    mutating func checkReferrals() {
        let origins = model.recordOrigins[TableSchema.referrals.name]
        for referral in model.referrals {
            let origin = { origins!.origin(ofRecord: referral.recordNumber) }
            reference(referral.referrerID, in: accounts, .referrals, .referrerID, "referral", "account", origin: origin)
            reference(referral.referredID, in: accounts, .referrals, .referredID, "referral", "account", origin: origin)
        }
    }
}
