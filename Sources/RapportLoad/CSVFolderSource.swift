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

    func readOrders(config: SiteConfig) -> OrdersRead {
        var part = OrdersRead()
        part.present = TableFile.read(
            schema: .orders, mapping: config.mapping(for: TableSchema.orders.name), dataDirectory: directory,
            boundary: boundary, diagnostics: &part.diagnostics,
            reserve: { TableKind.orders.reserve($0, in: &part.model) }
        ) { row, d in
            TableKind.orders.decode(row, into: &part.model, &part.state, &d)
        }
        return part
    }

    func merge(_ part: inout OrdersRead, into model: inout SiteModel, config: SiteConfig) {
        let schema = TableSchema.orders
        if part.present {
            model.recordOrigins[schema.name] = TableOrigins(
                file: file(schema, config.mapping(for: schema.name)), table: schema.name)
        } else {
            model.absentTables.insert(schema.name)
        }
        part.merge(into: &model)
    }

    /// Every table but orders, in the registry's order; diagnostics of the
    /// tables read before orders in `before`, of those after in `after`.
    func readOtherTables(
        into model: inout SiteModel, config: SiteConfig, before: inout Diagnostics, after: inout Diagnostics
    ) {
        var state = TableKind.Decoding(symbols: model.symbols, texts: model.texts)
        model.symbols = SymbolTable()
        model.texts = TextStore()
        for table in TableKind.allCases where table != .orders {
            let schema = table.schema
            let mapping = config.mapping(for: schema.name)
            let readsBeforeOrders =
                TableKind.allCases.firstIndex(of: table)! < TableKind.allCases.firstIndex(of: .orders)!
            var diagnostics = Diagnostics()
            let present = TableFile.read(
                schema: schema, mapping: mapping, dataDirectory: directory, boundary: boundary,
                diagnostics: &diagnostics, reserve: { table.reserve($0, in: &model) }
            ) { row, d in
                table.decode(row, into: &model, &state, &d)
            }
            if readsBeforeOrders {
                before.append(contentsOf: diagnostics)
            } else {
                after.append(contentsOf: diagnostics)
            }
            if present {
                model.recordOrigins[schema.name] = TableOrigins(file: file(schema, mapping), table: schema.name)
            } else {
                model.absentTables.insert(schema.name)
            }
        }
        model.symbols = state.symbols
        model.texts = state.texts
    }
}
