import RapportCore

/// Records handed over by a program — read from a CRM's API or a database —
/// as tables of named columns whose records each have a key (docs/guide.md#data-sources). Columns, mappings, formats
/// and checks are those of the CSV files; problems are placed at the table, key and column ("crm [orders
/// 'O-7', column amount]") instead of a line.
public struct KeyedTables: DataSource {
    public struct Record: Sendable {
        public var key: String
        /// One per column; nil is an empty value.
        public var values: [String?]
        public init(key: String, values: [String?]) {
            self.key = key
            self.values = values
        }
    }

    public struct Table: Sendable {
        public var columns: [String]
        public var records: [Record]
        public init(columns: [String], records: [Record]) {
            self.columns = columns
            self.records = records
        }
    }

    /// How diagnostics name the source.
    public var name: String
    /// By canonical table name (docs/reference.md#the-tables-csv-schema).
    public var tables: [String: Table]

    public init(name: String, tables: [String: Table]) {
        self.name = name
        self.tables = tables
    }

    public func read(into model: inout SiteModel, config: SiteConfig, diagnostics: inout Diagnostics) {
        var state = TableKind.Decoding(symbols: model.symbols, texts: model.texts)
        model.symbols = SymbolTable()
        model.texts = TextStore()
        for table in TableKind.allCases {
            let schema = table.schema
            read(schema, config: config, &diagnostics) { row, d in table.decode(row, into: &model, &state, &d) }
            if let table = tables[schema.name] {
                model.recordOrigins[schema.name] = TableOrigins(
                    source: name, table: schema.name, keys: table.records.map(\.key))
            } else {
                model.absentTables.insert(schema.name)
            }
        }
        model.symbols = state.symbols
        model.texts = state.texts
    }

    /// Checks the table's columns, then hands each record that has one value
    /// per column and passes the mapping's filters to `decode`.
    private func read(
        _ schema: TableSchema, config: SiteConfig, _ diagnostics: inout Diagnostics,
        decode: (KeyedRecord, inout Diagnostics) -> Void
    ) {
        let tableLocation = SourceLocation(source: name, record: schema.name)
        guard let table = tables[schema.name] else {
            if schema.required && !config.mapping(for: schema.name).fromWonDeals {
                diagnostics.error(
                    .unreadableFile, at: SourceLocation(file: name), stage: .load,
                    "required table '\(schema.name)' not found in \(name)")
            }
            return
        }
        let mapping = config.mapping(for: schema.name)
        guard
            let header = Header(
                names: table.columns, schema: schema, mapping: mapping, table: "\(name) table '\(schema.name)'",
                at: tableLocation,
                locate: { SourceLocation(source: name, record: schema.name, field: table.columns[$0]) },
                &diagnostics)
        else { return }
        let previous = PreviousSymbols()
        var kept = 0
        for (number, record) in table.records.enumerated() {
            let origin = RecordOrigin(source: name, table: schema.name, key: record.key, number: number)
            guard record.values.count == table.columns.count else {
                diagnostics.error(
                    .fieldCount, at: origin.location, stage: .load,
                    "expected \(table.columns.count) values, one per column, found \(record.values.count)")
                continue
            }
            guard header.keeps({ record.values[$0] ?? "" }) else { continue }
            kept += 1
            decode(KeyedRecord(values: record.values, origin: origin, header: header, previous: previous), &diagnostics)
        }
        if kept == 0 && schema.required {
            let why = table.records.isEmpty ? "has no records" : "has no records left after the 'where' filter"
            diagnostics.error(
                .headerOnly, at: tableLocation, stage: .load, "table '\(schema.name)' \(why); it needs at least one")
        }
    }
}

/// A record of `KeyedTables` as `RecordFields`.
struct KeyedRecord: RecordFields {
    let values: [String?]
    let origin: RecordOrigin
    let header: Header
    let previous: PreviousSymbols

    var recordNumber: Int { origin.number }
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
        guard var value = values[index] else { return body(nil) }
        return value.withUTF8 { header.spelled(column, trimmed($0), body) }
    }
}

/// The bytes without surrounding spaces and tabs, nil when nothing is left.
@inline(__always)
func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
    var start = 0, end = bytes.count
    while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
    while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
    return start == end ? nil : UnsafeBufferPointer(rebasing: bytes[start..<end])
}
