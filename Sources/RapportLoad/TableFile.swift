import Foundation
import RapportCore

/// How a user's export maps onto one canonical table (site.yaml `tables:`).
public struct TableMapping: Sendable, Equatable {
    public var file: String?
    /// Canonical column name → the column name in the user's file.
    public var columns: [String: String] = [:]
    public init(file: String? = nil, columns: [String: String] = [:]) {
        self.file = file
        self.columns = columns
    }
}

/// Reads one table's CSV file: checks the header against the schema, then
/// hands each well-formed record to `decode` through a `RowReader`.
enum TableFile {
    /// - Returns: false when the file is absent (only an error for required tables).
    @discardableResult
    static func read(
        schema: TableSchema, mapping: TableMapping, dataDirectory: String, displayDirectory: String,
        diagnostics: inout Diagnostics, decode: (RowReader, inout Diagnostics) -> Void
    ) -> Bool {
        let fileName = mapping.file ?? schema.defaultFile
        let path = dataDirectory + "/" + fileName
        let display = displayDirectory + "/" + fileName
        let fileLocation = SourceLocation(file: display)
        guard FileManager.default.fileExists(atPath: path) else {
            if schema.required {
                diagnostics.error(
                    .unreadableFile, at: fileLocation, stage: .load,
                    "required table '\(schema.name)' not found (expected \(fileName))")
            }
            return false
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.error(.unreadableFile, at: fileLocation, stage: .load, "cannot read file")
            return true
        }
        var reader = CSVReader(bytes: [UInt8](data))
        do {
            guard let header = try reader.next(), !(header.fields.count == 1 && header.fields[0].isEmpty) else {
                diagnostics.error(
                    .emptyFile, at: fileLocation, stage: .load,
                    "file is empty (expected a header row with \(schema.requiredColumns.joined(separator: ", ")))")
                return true
            }
            let names = header.fields.map { $0.trimmingWhitespace() }
            var columns: [String: Int] = [:]
            var headerNames: [String: String] = [:]
            var seen: [String: Int] = [:]
            for (index, name) in names.enumerated() {
                if let first = seen[name] {
                    diagnostics.error(
                        .duplicateKey, at: SourceLocation(file: display, line: 1, column: header.starts[index].column),
                        stage: .load, "column '\(name)' appears twice (also column \(first + 1))")
                }
                seen[name] = index
            }
            for column in schema.allColumns {
                let written = mapping.columns[column] ?? column
                if let index = seen[written] {
                    columns[column] = index
                    headerNames[column] = written
                }
            }
            let missing = schema.requiredColumns.filter { columns[$0] == nil }
            if !missing.isEmpty {
                let wanted = missing.map { column in mapping.columns[column].map { "'\($0)' (for \(column))" } ?? column
                }
                diagnostics.error(
                    .missingColumn, at: SourceLocation(file: display, line: 1, column: 1), stage: .load,
                    "missing required column\(missing.count == 1 ? "" : "s") \(wanted.joined(separator: ", ")); "
                        + "found: \(names.joined(separator: ", "))")
                return true
            }
            var rows = 0
            while let record = try reader.next() {
                if record.fields.count == 1 && record.fields[0].isEmpty { continue }
                guard record.fields.count == names.count else {
                    diagnostics.error(
                        .fieldCount, at: SourceLocation(file: display, line: record.line, column: 1), stage: .load,
                        "expected \(names.count) fields as in the header, found \(record.fields.count)")
                    continue
                }
                rows += 1
                decode(
                    RowReader(file: display, record: record, columns: columns, headerNames: headerNames),
                    &diagnostics)
            }
            if rows == 0 && schema.required {
                diagnostics.error(
                    .headerOnly, at: SourceLocation(file: display, line: 1), stage: .load,
                    "file has a header but no rows; '\(schema.name)' needs at least one")
            }
        } catch {
            diagnostics.error(
                error.kind, at: SourceLocation(file: display, line: error.line, column: error.column), stage: .load,
                error.message)
        }
        return true
    }
}
