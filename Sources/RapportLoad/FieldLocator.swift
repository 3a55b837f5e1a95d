import RapportCore

/// Where a field is, for diagnostics made after a table was read
/// (duplicate keys, unknown references, rows contradicting themselves).
/// Records keep their line but not where each field starts — 12 million
/// order lines would carry it for the few that need it — so the file is
/// read once more, up to the last line asked about, only when there is
/// something to place.
struct FieldLocator {
    struct Request: Hashable {
        var line: Int
        var column: Column
    }

    /// A diagnostic waiting for its column.
    struct Pending {
        var diagnostic: Diagnostic
        var schema: TableSchema
        var column: Column
    }

    /// `pending`, each placed at its field where the file can be read again,
    /// appended to `diagnostics` in the order given.
    static func place(_ pending: [Pending], config: SiteConfig, _ diagnostics: inout Diagnostics) {
        var byFile: [String: (schema: TableSchema, requests: Set<Request>)] = [:]
        for item in pending {
            guard let line = item.diagnostic.location.line, item.diagnostic.location.record == nil else { continue }
            byFile[item.diagnostic.location.file, default: (item.schema, [])].requests.insert(
                Request(line: line, column: item.column))
        }
        var found: [String: [Request: SourceLocation]] = [:]
        for (file, entry) in byFile {
            found[file] = locate(
                entry.requests, file: file, schema: entry.schema, mapping: config.mapping(for: entry.schema.name))
        }
        for var item in pending {
            if item.diagnostic.location.record != nil {
                // A keyed record: the column is named, there is no file to read.
                item.diagnostic.location.field =
                    config.mapping(for: item.schema.name).columns[item.column] ?? item.column.rawValue
            } else if let line = item.diagnostic.location.line,
                let location = found[item.diagnostic.location.file]?[Request(line: line, column: item.column)]
            {
                item.diagnostic.location = location
            }
            diagnostics.append(item.diagnostic)
        }
    }

    static func locate(
        _ requests: Set<Request>, file: String, schema: TableSchema, mapping: TableMapping
    ) -> [Request: SourceLocation] {
        guard let last = requests.map(\.line).max(), let reader = try? CSVReader(path: file) else { return [:] }
        var scratch = Diagnostics()
        guard (try? reader.next()) == true,
            let header = Header(reader: reader, schema: schema, mapping: mapping, file: file, &scratch)
        else { return [:] }
        let wanted = Dictionary(grouping: requests, by: \.line)
        var result: [Request: SourceLocation] = [:]
        while (try? reader.next()) == true, reader.recordLine <= last {
            for request in wanted[reader.recordLine] ?? [] {
                guard let index = header.index(of: request.column), index < reader.fieldCount else { continue }
                let (line, column) = reader.location(of: index)
                result[request] = SourceLocation(file: file, line: line, column: column)
            }
        }
        return result
    }
}
