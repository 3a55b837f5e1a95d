import RapportCore

/// The default data source: one CSV file per table in the site's `data/`
/// folder, named `<table>.csv` unless site.yaml's `tables:` says otherwise.
/// Records are located by file, line and column.
struct CSVFolderSource: DataSource {
    let directory: String
    let boundary: SiteBoundary

    /// Orders are most of an export (580 of 850 MB at 100,000 accounts):
    /// they are read on a second core while this one reads the other tables,
    /// each side into its own symbol table and text store, and merged after.
    func read(into model: inout SiteModel, config: SiteConfig, diagnostics: inout Diagnostics) {
        var before = Diagnostics(), after = Diagnostics()
        var (orders, _) = concurrently({ readOrders(config: config) }) {
            readOtherTables(into: &model, config: config, before: &before, after: &after)
        }
        // Diagnostics in table order, as when the tables were read one by
        // one: accounts, reps and products, then orders, then the rest.
        diagnostics.append(contentsOf: before)
        diagnostics.append(contentsOf: orders.diagnostics)
        diagnostics.append(contentsOf: after)
        merge(&orders, into: &model, config: config)
    }

    /// The path a table is read from, as diagnostics show it.
    func file(_ schema: TableSchema, _ mapping: TableMapping) -> String {
        directory + "/" + (mapping.file ?? schema.defaultFile)
    }

    /// The orders table as read on its own core.
    struct OrdersRead {
        var orders: [Order] = []
        var state = RecordDecoder.OrderState()
        var diagnostics = Diagnostics()
        var present = true
    }

    func readOrders(config: SiteConfig) -> OrdersRead {
        var part = OrdersRead()
        part.present = TableFile.read(
            schema: .orders, mapping: config.mapping(for: TableSchema.orders.name), dataDirectory: directory,
            boundary: boundary, diagnostics: &part.diagnostics, reserve: { part.orders.reserveCapacity($0) }
        ) { row, d in
            RecordDecoder.order(row, &part.state, &d).map { part.orders.append($0) }
        }
        return part
    }

    /// The orders' symbols interned into the model's table and their text
    /// refs moved past the model's texts: one pass over the orders.
    func merge(_ part: inout OrdersRead, into model: inout SiteModel, config: SiteConfig) {
        let schema = TableSchema.orders
        if part.present {
            model.recordOrigins[schema.name] = TableOrigins(
                file: file(schema, config.mapping(for: schema.name)), table: schema.name)
        } else {
            model.absentTables.insert(schema.name)
        }
        var remap: [Symbol] = []
        remap.reserveCapacity(part.state.symbols.count)
        for index in 0..<part.state.symbols.count {
            remap.append(model.symbols.intern(part.state.symbols[Symbol(index: UInt32(index))]))
        }
        let offset = model.texts.append(contentsOf: part.state.texts)
        part.state.texts = TextStore()
        // Taken out of `part` so the array is not shared: changing a shared
        // one would copy all of it.
        var orders = part.orders
        part.orders = []
        orders.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices {
                buffer[index].account = Interned(remap[buffer[index].account.position])
                if let sku = buffer[index].sku { buffer[index].sku = Interned(remap[sku.position]) }
                if let rep = buffer[index].rep { buffer[index].rep = Interned(remap[rep.position]) }
                if let id = buffer[index].orderID { buffer[index].orderID = TextRef(index: id.index + offset) }
            }
        }
        model.orders = orders
    }

    /// Every table but orders; diagnostics of the tables read before orders
    /// in `before`, of those after in `after`.
    func readOtherTables(
        into model: inout SiteModel, config: SiteConfig, before: inout Diagnostics, after: inout Diagnostics
    ) {
        var diagnostics = Diagnostics()
        func read(
            _ schema: TableSchema, reserve: (Int) -> Void = { _ in }, _ decode: (RowReader, inout Diagnostics) -> Void
        ) {
            let mapping = config.mapping(for: schema.name)
            let present = TableFile.read(
                schema: schema, mapping: mapping, dataDirectory: directory, boundary: boundary,
                diagnostics: &diagnostics, reserve: reserve, decode: decode)
            if present {
                model.recordOrigins[schema.name] = TableOrigins(file: file(schema, mapping), table: schema.name)
            } else {
                model.absentTables.insert(schema.name)
            }
        }
        read(.accounts) { row, d in RecordDecoder.account(row, &d).map { model.accounts.append($0) } }
        read(.reps) { row, d in RecordDecoder.rep(row, &d).map { model.reps.append($0) } }
        read(.products) { row, d in RecordDecoder.product(row, &d).map { model.products.append($0) } }
        before = diagnostics
        diagnostics = Diagnostics()
        read(.tickets) { row, d in
            RecordDecoder.ticket(row, &model.symbols, &d).map { model.tickets.append($0) }
        }
        read(.interactions, reserve: { model.interactions.reserveCapacity($0) }) { row, d in
            RecordDecoder.interaction(row, &model.symbols, &model.texts, &d).map { model.interactions.append($0) }
        }
        read(.feedback) { row, d in RecordDecoder.feedback(row, &model.symbols, &d).map { model.feedback.append($0) } }
        var referralPairs: [String: RecordOrigin] = [:]
        read(.referrals) { row, d in
            RecordDecoder.referral(row, seen: &referralPairs, &d).map { model.referrals.append($0) }
        }
        read(.prospects) { row, d in RecordDecoder.prospect(row, &d).map { model.prospects.append($0) } }
        after = diagnostics
    }
}
