import RapportCore

/// The site's tables read from a database (`RowSource`) row by row, each
/// row decoded as it arrives, so memory holds the records kept, as with CSV
/// files (docs/guide.md#data-sources). Each table is `tables.X.query`, else
/// the table or view `tables.X.from`, else the one of its canonical name.
/// Problems are placed at the source, table, row key and column:
/// "crm.db [orders 'O-7', column amount]".
public struct DatabaseTables: DataSource {
    public let source: any RowSource

    public init(_ source: any RowSource) { self.source = source }

    /// Tables of many records keep no key per record in `TableOrigins`
    /// (a string per order line at 100,000 accounts would outweigh the
    /// orders); their records found by a later check are named by row.
    static let unkeyedTables: Set<String> = [
        TableSchema.orders.name, TableSchema.tickets.name, TableSchema.interactions.name,
    ]

    public func read(into model: inout SiteModel, config: SiteConfig, diagnostics: inout Diagnostics) {
        let connection: any RowConnection
        do {
            connection = try source.connect()
        } catch {
            diagnostics.error(
                .sourceFailed, at: SourceLocation(file: source.name), stage: .load,
                "cannot read \(source.name): \(error.message)")
            return
        }
        defer { connection.close() }
        // Orders on a second connection and core, as with CSV files; one
        // connection for all when a second cannot be had.
        guard let second = try? source.connect(sharingSnapshotOf: connection) else {
            var after = Diagnostics()
            readTables(except: nil, from: connection, into: &model, config: config, &diagnostics, &after)
            diagnostics.append(contentsOf: after)
            return
        }
        let ordersConnection = Transfer(second)
        var before = Diagnostics(), after = Diagnostics()
        var (orders, _) = concurrently({
            defer { ordersConnection.value.close() }
            return Transfer(readOrders(from: ordersConnection.value, config: config))
        }) {
            readTables(except: .orders, from: connection, into: &model, config: config, &before, &after)
        }
        diagnostics.append(contentsOf: before)
        diagnostics.append(contentsOf: orders.value.part.diagnostics)
        diagnostics.append(contentsOf: after)
        if orders.value.present {
            model.recordOrigins[TableSchema.orders.name] = TableOrigins(
                source: source.name, rowsOf: TableSchema.orders.name)
        } else {
            model.absentTables.insert(TableSchema.orders.name)
        }
        orders.value.part.merge(into: &model)
    }

    /// A value handed to the other core as it is: a connection is used by
    /// one thread at a time, first this one's, then the other's.
    struct Transfer<Value>: @unchecked Sendable {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    func readOrders(from connection: any RowConnection, config: SiteConfig) -> (part: OrdersRead, present: Bool) {
        var part = OrdersRead()
        let present = read(.orders, from: connection, config: config, &part.diagnostics) { row, d in
            TableKind.orders.decode(row, into: &part.model, &part.state, &d)
        }
        return (part, present != nil)
    }

    /// Every table but `excluded`, in the registry's order; diagnostics of
    /// the tables before orders in `before`, of those after in `after`.
    func readTables(
        except excluded: TableKind?, from connection: any RowConnection, into model: inout SiteModel,
        config: SiteConfig, _ before: inout Diagnostics, _ after: inout Diagnostics
    ) {
        var state = TableKind.Decoding(symbols: model.symbols, texts: model.texts)
        model.symbols = SymbolTable()
        model.texts = TextStore()
        let ordersPlace = TableKind.allCases.firstIndex(of: .orders)!
        for (place, table) in TableKind.allCases.enumerated() where table != excluded {
            let schema = table.schema
            var diagnostics = Diagnostics()
            let present = read(schema, from: connection, config: config, &diagnostics) { row, d in
                table.decode(row, into: &model, &state, &d)
            }
            if place <= ordersPlace {
                before.append(contentsOf: diagnostics)
            } else {
                after.append(contentsOf: diagnostics)
            }
            if let keys = present {
                model.recordOrigins[schema.name] =
                    Self.unkeyedTables.contains(schema.name)
                    ? TableOrigins(source: source.name, rowsOf: schema.name)
                    : TableOrigins(source: source.name, table: schema.name, keys: keys)
            } else {
                model.absentTables.insert(schema.name)
            }
        }
        model.symbols = state.symbols
        model.texts = state.texts
    }

    /// Reads one table; nil when the database has no such table and the
    /// site did not name one, else the records' keys (empty for
    /// `unkeyedTables`).
    private func read(
        _ schema: TableSchema, from connection: any RowConnection, config: SiteConfig,
        _ diagnostics: inout Diagnostics, decode: (DatabaseRecord, inout Diagnostics) -> Void
    ) -> [String]? {
        let mapping = config.mapping(for: schema.name)
        let tableLocation = SourceLocation(source: source.name, record: schema.name)
        let request: RowRequest
        if let query = mapping.query {
            request = .query(query)
        } else {
            let name = mapping.from ?? schema.name
            do {
                guard try connection.hasTable(name) else {
                    if mapping.from != nil || (schema.required && !mapping.fromWonDeals) {
                        diagnostics.error(
                            .unreadableFile, at: tableLocation, stage: .load,
                            "\(schema.required ? "required " : "")table '\(schema.name)' not found: "
                                + "\(source.name) has no table or view '\(name)'")
                    }
                    return nil
                }
            } catch {
                failed(error, schema, tableLocation, &diagnostics)
                return nil
            }
            request = .table(name)
        }
        let cursor: any RowCursor
        do {
            cursor = try connection.rows(request)
        } catch {
            failed(error, schema, tableLocation, &diagnostics)
            return nil
        }
        let columns = cursor.columns
        // A server names the columns with the first row: a result without
        // rows may have none to check.
        if columns.isEmpty {
            if schema.required {
                diagnostics.error(
                    .headerOnly, at: tableLocation, stage: .load,
                    "table '\(schema.name)' has no records; it needs at least one")
            }
            return []
        }
        guard
            let header = Header(
                names: columns, schema: schema, mapping: mapping,
                table: "\(source.name) table '\(schema.name)'", at: tableLocation,
                locate: { SourceLocation(source: source.name, record: schema.name, field: columns[$0]) },
                &diagnostics)
        else { return [] }
        let keyIndex = (mapping.key ?? schema.keyColumn).flatMap { header.index(of: $0) }
        let keepsKeys = !Self.unkeyedTables.contains(schema.name)
        // Read once: a source may work its name out on each call.
        let sourceName = source.name
        let previous = PreviousSymbols()
        // A record's number is its row's place in the result, filtered
        // rows counted, so that `keys[number]` is its key.
        var keys: [String] = [], number = -1, kept = 0
        do {
            while try cursor.next() {
                number += 1
                if !header.filters.isEmpty {
                    let passes = header.keeps { index in
                        cursor.withValue(at: index) { $0.map { String(decoding: $0, as: UTF8.self) } ?? "" }
                    }
                    if !passes {
                        if keepsKeys { keys.append("") }
                        continue
                    }
                }
                kept += 1
                let key = keyIndex.flatMap { index in
                    cursor.withValue(at: index) { bytes in
                        bytes.flatMap { trimmed($0) }.map { String(decoding: $0, as: UTF8.self) }
                    }
                }
                if keepsKeys { keys.append(key ?? "row \(number + 1)") }
                decode(
                    DatabaseRecord(
                        cursor: cursor, source: sourceName, table: schema.name, key: key, number: number,
                        header: header,
                        previous: previous), &diagnostics)
            }
        } catch {
            failed(error, schema, tableLocation, &diagnostics)
            return keys
        }
        if kept == 0 && schema.required {
            let why = number < 0 ? "has no records" : "has no records left after the 'where' filter"
            diagnostics.error(
                .headerOnly, at: tableLocation, stage: .load, "table '\(schema.name)' \(why); it needs at least one")
        }
        return keys
    }

    private func failed(
        _ error: RowSourceFailure, _ schema: TableSchema, _ location: SourceLocation,
        _ diagnostics: inout Diagnostics
    ) {
        diagnostics.error(
            .sourceFailed, at: location, stage: .load,
            "reading table '\(schema.name)' from \(source.name) failed: \(error.message)")
    }
}

/// The current row of a `RowCursor` as `RecordFields`.
struct DatabaseRecord: RecordFields {
    let cursor: any RowCursor
    let source: String
    let table: String
    let key: String?
    let number: Int
    let header: Header
    let previous: PreviousSymbols

    /// Made only when a diagnostic asks: building "orders row 12" for
    /// every order line cost more than decoding it (callgrind).
    var origin: RecordOrigin {
        key.map { RecordOrigin(source: source, table: table, key: $0, number: number) }
            ?? RecordOrigin(source: source, table: table, row: number)
    }

    var recordNumber: Int { number }
    var formats: ValueFormats { header.formats }
    var isoDatesOnly: Bool { header.isoDatesOnly }

    func location(of column: Column) -> SourceLocation {
        origin.location(ofField: header.written[column] ?? column.rawValue)
    }

    func describe(_ column: Column) -> String { header.describe(column) }

    func withValue<Result>(_ column: Column, _ body: (UnsafeBufferPointer<UInt8>?) -> Result) -> Result {
        guard let index = header.index(of: column) else {
            guard let fallback = header.fallback(for: column) else { return body(nil) }
            return fallback.withUnsafeBufferPointer { body($0) }
        }
        return cursor.withValue(at: index) { bytes in header.spelled(column, bytes.flatMap { trimmed($0) }, body) }
    }
}
