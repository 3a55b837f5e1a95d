import RapportCore

// The `tickets` table (docs/reference.md#the-tables-csv-schema):
// support tickets: open problems, upkeep and customer effort.
// Its schema, its decoder and its checks across tables, listed in `TableKind`.

extension TableSchema {
    public static let tickets = TableSchema(
        name: "tickets", required: false, requiredColumns: [.ticketID, .accountID, .opened],
        optionalColumns: [.resolved, .severity, .category, .contacts, .effort, .sku], keyColumn: .ticketID)
}

extension RecordDecoder {
    static func ticket<Row: RecordFields>(
        _ row: Row, _ symbols: inout SymbolTable, _ d: inout Diagnostics
    ) -> Ticket? {
        let id: TicketID? = row.requiredID(.ticketID, &d)
        let account: Interned<AccountID>? = row.requiredSymbol(.accountID, in: &symbols, &d)
        let opened = row.day(.opened, required: true, &d)
        guard let id, let account, let opened else { return nil }
        var ticket = Ticket(id: id, account: account, opened: opened, recordNumber: row.recordNumber)
        ticket.resolved = row.day(.resolved, &d)
        // Days to resolve would be negative and pull every service
        // figure down (docs/reference.md#the-tables-csv-schema).
        if let resolved = ticket.resolved, resolved < opened {
            d.warning(
                .inconsistentRow, at: row.location(of: .resolved), stage: .load,
                "ticket '\(id)' resolved \(resolved.iso), before it was opened (\(opened.iso)); it is left out")
            return nil
        }
        ticket.severity = row.choice(.severity, &d)
        ticket.category = row.text(.category)?.lowercased()
        ticket.contacts = row.integer(.contacts, in: 0...10_000, &d)
        ticket.effort = row.integer(.effort, in: 1...7, &d)
        ticket.sku = row.symbol(.sku, in: &symbols)
        return ticket
    }
}

extension TableChecks {
    mutating func checkTickets() {
        uniqueKeys(.tickets, "ticket", .ticketID, model.tickets.map { ($0.id, $0.recordNumber) })
        let origins = model.recordOrigins[TableSchema.tickets.name]
        for ticket in model.tickets {
            let origin = { origins!.origin(ofRecord: ticket.recordNumber) }
            reference(ticket.account, in: knownAccounts, .tickets, .accountID, "ticket", "account", origin: origin)
            reference(ticket.sku, in: knownSKUs, .tickets, .sku, "ticket", "SKU", origin: origin)
        }
    }
}
