import RapportCore

// The `orders` table (docs/reference.md#the-tables-csv-schema):
// order lines: the purchases every value and lifetime figure is made from.
// Its schema, its decoder and its checks across tables, listed in `TableKind`.

extension TableSchema {
    public static let orders = TableSchema(
        name: "orders", required: true, requiredColumns: [.accountID, .date, .amount],
        optionalColumns: [.orderID, .sku, .quantity, .rep])
}

extension RecordDecoder {
    /// What decoding orders keeps across records: its own symbols and texts
    /// (orders may be read on a core of their own) and the running total.
    struct OrderState: Sendable {
        var symbols = SymbolTable()
        var texts = TextStore()
        /// The amounts so far, refunds counted as positive, to keep under
        /// `Money.totalLimit`.
        var total: Int64 = 0
    }

    static func order<Row: RecordFields>(_ row: Row, _ state: inout OrderState, _ d: inout Diagnostics) -> Order? {
        let account: Interned<AccountID>? = row.requiredSymbol(.accountID, in: &state.symbols, &d)
        let date = row.day(.date, required: true, &d)
        let amount = row.money(.amount, required: true, allowNegative: true, &d)
        guard let account, let date, let amount else { return nil }
        let (total, overflow) = state.total.addingReportingOverflow(Int64(clamping: amount.cents.magnitude))
        guard !overflow, total <= Money.totalLimit else {
            // Once: every later row would say the same.
            if state.total <= Money.totalLimit {
                d.error(
                    .invalidNumber, at: row.location(of: .amount), stage: .load,
                    "\(row.describe(.amount)): the amounts add up to more than 10,000,000,000,000,000 "
                        + "here (refunds counted as positive), more than Rapport can add exactly; "
                        + "is this the right column, in the right currency unit?")
                state.total = Money.totalLimit + 1
            }
            return nil
        }
        state.total = total
        return Order(
            account: account, date: date, amount: amount, recordNumber: row.recordNumber,
            orderID: row.text(.orderID, in: &state.texts), sku: row.symbol(.sku, in: &state.symbols),
            quantity: row.integer(.quantity, in: 0...Int(Int32.max), &d), rep: row.symbol(.rep, in: &state.symbols))
    }
}

extension TableChecks {
    mutating func checkOrders() {
        let origins = model.recordOrigins[TableSchema.orders.name]
        let orders = model.orders
        // By index: `for order in orders` copied each order (perf).
        let texts = model.texts
        for index in orders.indices {
            let line = orders[index].recordNumber
            // A database keeps no key per order line: the order's own id
            // names it (docs/reference.md#databases-source).
            let id = orders[index].orderID
            let origin = { origins!.origin(ofRecord: line, key: id.map { texts[$0] }) }
            reference(orders[index].account, in: knownAccounts, .orders, .accountID, "order", "account", origin: origin)
            reference(orders[index].sku, in: knownSKUs, .orders, .sku, "order", "SKU", origin: origin)
            reference(orders[index].rep, in: knownReps, .orders, .rep, "order", "rep", origin: origin)
        }
    }
}
