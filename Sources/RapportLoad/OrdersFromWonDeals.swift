import RapportCore

/// Orders made from won deals, for an export that has deals but no order
/// lines (site.yaml `tables: orders: { from_opportunities: won }`,
/// docs/reference.md#the-tables-csv-schema): each won deal with a close date
/// and an amount is one order of its account, on its close date, by its
/// owner, its id the order id. Records and diagnostics point at the deal.
enum OrdersFromWonDeals {
    static func make(_ model: inout SiteModel, _ diagnostics: inout Diagnostics) {
        guard let origins = model.recordOrigins[TableSchema.opportunities.name] else {
            diagnostics.error(
                .unreadableFile, at: SourceLocation(file: "site.yaml"), stage: .load,
                "'tables.orders.from_opportunities' needs an opportunities table, and there is none")
            return
        }
        var orders: [Order] = []
        for deal in model.opportunities where DealStage(deal.stage) == .won {
            guard let date = deal.closeDate, let amount = deal.amount else {
                diagnostics.warning(
                    .missingValue, at: origins.origin(ofRecord: deal.recordNumber).location, stage: .load,
                    "won deal '\(deal.id)' has no \(deal.closeDate == nil ? "close_date" : "amount"); "
                        + "it is not an order")
                continue
            }
            orders.append(
                Order(
                    account: Interned(model.symbols.intern(deal.account.text)), date: date, amount: amount,
                    recordNumber: deal.recordNumber, orderID: model.texts.append(deal.id.text),
                    rep: deal.owner.map { Interned(model.symbols.intern($0.text)) }))
        }
        model.orders = orders
        model.recordOrigins[TableSchema.orders.name] = origins
        model.absentTables.remove(TableSchema.orders.name)
    }
}
