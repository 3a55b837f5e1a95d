import RapportCore

/// A table's column names — a CSV file's header row, a keyed table's
/// columns — resolved against the schema and the mapping. A class:
/// every row's `RowReader` refers to it, and copying a struct of arrays per
/// row cost a retain and release of each array (perf).
final class Header {
    let names: [String]
    let formats: ValueFormats
    /// Dates are plain `YYYY-MM-DD`: parsed without touching the format list,
    /// whose retain and release per value showed in perf.
    let isoDatesOnly: Bool
    /// Canonical column → index in the record.
    var columns: [Column: Int] = [:]
    /// Canonical column → the name as written in the file.
    var written: [Column: String] = [:]
    var defaults: [Column: [UInt8]] = [:]
    var filters: [(index: Int, values: Set<String>)] = []
    /// `columns` and `defaults` as arrays indexed by the column's position in
    /// `Column.allCases`: hashing a key per value was the top cost of loading
    /// two million order lines (perf).
    private var indexByColumn: [Int?] = []
    private var defaultByColumn: [[UInt8]?] = []
    /// `values:` aliases by column position; `hasAliases` keeps a table
    /// without any from looking (docs/reference.md#other-spellings-of-a-value-values).
    private var aliasByColumn: [[[UInt8]: [UInt8]]?] = []
    private var hasAliases = false

    @inline(__always)
    func index(of column: Column) -> Int? { indexByColumn[column.ordinal] }

    @inline(__always)
    func fallback(for column: Column) -> [UInt8]? { defaultByColumn[column.ordinal] }

    /// `bytes` as the site spells the value: another spelling under
    /// `values:` replaced by the one it stands for.
    @inline(__always)
    func spelled<Result>(
        _ column: Column, _ bytes: UnsafeBufferPointer<UInt8>?, _ body: (UnsafeBufferPointer<UInt8>?) -> Result
    ) -> Result {
        guard hasAliases, let bytes, let aliases = aliasByColumn[column.ordinal], let canonical = aliases[Array(bytes)]
        else { return body(bytes) }
        return canonical.withUnsafeBufferPointer { body($0) }
    }

    /// The header row of a CSV file.
    convenience init?(
        reader: CSVReader, schema: TableSchema, mapping: TableMapping, file: String, _ diagnostics: inout Diagnostics
    ) {
        self.init(
            names: reader.fields, schema: schema, mapping: mapping, table: file,
            at: SourceLocation(file: file, line: 1, column: 1),
            locate: { index in
                SourceLocation(file: file, line: reader.recordLine, column: reader.location(of: index).column)
            }, &diagnostics)
    }

    /// - Parameters:
    ///   - table: how messages name the table (the file's path).
    ///   - location: where a missing column is reported.
    ///   - locate: where the `index`th name is.
    init?(
        names given: [String], schema: TableSchema, mapping: TableMapping, table: String, at location: SourceLocation,
        locate: (Int) -> SourceLocation, _ diagnostics: inout Diagnostics
    ) {
        names = given.map { $0.trimmingWhitespace() }
        formats = mapping.formats
        isoDatesOnly = mapping.formats.dates == [.iso]
        var seen: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if let first = seen[name] {
                diagnostics.error(
                    .duplicateKey, at: locate(index), stage: .load,
                    "column '\(name)' appears twice (also column \(first + 1))")
            } else {
                seen[name] = index
            }
        }
        for column in schema.allColumns {
            let name = mapping.columns[column] ?? column.rawValue
            if let index = seen[name] {
                columns[column] = index
                written[column] = name
            }
        }
        if let key = mapping.key, let keyColumn = schema.keyColumn {
            columns[keyColumn] = columns[key]
            written[keyColumn] = written[key]
        }
        for (column, value) in mapping.defaults where columns[column] == nil {
            defaults[column] = Array(value.utf8)
        }
        // The first 30 names: a header of 200,000 columns must not become a
        // 2 MB message.
        let found =
            names.prefix(30).joined(separator: ", ") + (names.count > 30 ? ", … (\(names.count) columns)" : "")
        let missing = schema.requiredColumns.filter { columns[$0] == nil && defaults[$0] == nil }
        if !missing.isEmpty {
            let wanted = missing.map { column in
                let name = mapping.key != nil && column == schema.keyColumn ? mapping.key! : column
                return mapping.columns[name].map { "'\($0)' (for \(column.rawValue))" } ?? column.rawValue
            }
            diagnostics.error(
                .missingColumn, at: location, stage: .load,
                "missing required column\(missing.count == 1 ? "" : "s") \(wanted.joined(separator: ", ")); "
                    + "found: \(found)")
            return nil
        }
        indexByColumn = Column.allCases.map { columns[$0] }
        defaultByColumn = Column.allCases.map { defaults[$0] }
        aliasByColumn = Column.allCases.map { column in
            mapping.aliases[column].map { map in
                Dictionary(uniqueKeysWithValues: map.map { (Array($0.key.utf8), Array($0.value.utf8)) })
            }
        }
        hasAliases = !mapping.aliases.isEmpty
        for filter in mapping.filters {
            guard let index = seen[filter.column] else {
                diagnostics.error(
                    .missingColumn, at: filter.location, stage: .load,
                    "filter column '\(filter.column)' is not in \(table); found: \(found)")
                return nil
            }
            filters.append((index, Set(filter.values)))
        }
    }

    func describe(_ column: Column) -> String {
        let written = written[column] ?? column.rawValue
        return written == column.rawValue ? "column '\(written)'" : "column '\(written)' (\(column.rawValue))"
    }

    /// Whether the record passes the mapping's `where` filters, given its
    /// value at an index.
    func keeps(_ value: (Int) -> String) -> Bool {
        filters.allSatisfy { filter in filter.values.contains(value(filter.index).trimmingWhitespace()) }
    }
}
