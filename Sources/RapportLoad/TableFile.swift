import Foundation
import RapportCore

/// Reads one table's CSV file: checks the header against the schema and the
/// mapping, applies row filters, then hands each well-formed record to
/// `decode` through a `RowReader`. The file is streamed: memory holds the
/// current record, not the file.
enum TableFile {
    /// - Returns: false when the file is absent (an error only for required tables).
    @discardableResult
    static func read(
        schema: TableSchema, mapping: TableMapping, dataDirectory: String, boundary: SiteBoundary,
        diagnostics: inout Diagnostics, reserve: (Int) -> Void = { _ in },
        decode: (RowReader, inout Diagnostics) -> Void
    ) -> Bool {
        let fileName = mapping.file ?? schema.defaultFile
        let path = dataDirectory + "/" + fileName
        let fileLocation = SourceLocation(file: path)
        guard FileManager.default.fileExists(atPath: path) else {
            if schema.required && !mapping.fromWonDeals {
                diagnostics.error(
                    .unreadableFile, at: fileLocation, stage: .load,
                    "required table '\(schema.name)' not found (expected \(fileName))")
            }
            return false
        }
        // A mapping's `file: ../../x.csv` or a linked file: not read, and
        // the table counts as present so no "required table" error follows.
        guard boundary.admitsFile(path, stage: .load, &diagnostics) else { return true }
        do {
            let reader = try CSVReader(path: path)
            guard try reader.next(), !(reader.fieldCount == 1 && reader.withField(0) { $0.isEmpty }) else {
                diagnostics.error(
                    .emptyFile, at: fileLocation, stage: .load,
                    "file is empty (expected a header row with "
                        + "\(schema.requiredColumns.map(\.rawValue).joined(separator: ", ")))")
                return true
            }
            guard let header = Header(reader: reader, schema: schema, mapping: mapping, file: path, &diagnostics)
            else { return true }
            var rows = 0
            var kept = 0
            let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            // One reader for the whole file: it reads whatever record is
            // current, and making one per row retained and released its three
            // references each time (perf).
            let row = RowReader(file: path, reader: reader, header: header)
            while try reader.next() {
                if reader.fieldCount == 1 && reader.withField(0, { $0.isEmpty }) { continue }
                rows += 1
                guard reader.fieldCount == header.names.count else {
                    diagnostics.error(
                        .fieldCount, at: SourceLocation(file: path, line: reader.recordLine, column: 1), stage: .load,
                        "expected \(header.names.count) fields as in the header, found \(reader.fieldCount)")
                    continue
                }
                guard header.keeps(reader.string) else { continue }
                kept += 1
                // Growing an array of two million rows by doubling copied and
                // faulted in most of it several times; estimate from the first
                // thousand rows and reserve once.
                if kept == 1_000, reader.bytesRead > 0 {
                    reserve(fileSize / max(reader.bytesRead / rows, 1) * kept / rows + kept)
                }
                decode(row, &diagnostics)
            }
            if kept == 0 && rows == 0 && schema.required {
                diagnostics.error(
                    .headerOnly, at: SourceLocation(file: path, line: 1), stage: .load,
                    "file has a header but no rows; '\(schema.name)' needs at least one")
            } else if kept == 0 && !mapping.filters.isEmpty && schema.required {
                diagnostics.error(
                    .headerOnly, at: SourceLocation(file: path, line: 1), stage: .load,
                    "no rows are left after the 'where' filter; '\(schema.name)' needs at least one")
            }
        } catch {
            diagnostics.error(
                error.kind,
                at: SourceLocation(
                    file: path, line: error.line > 0 ? error.line : nil,
                    column: error.column > 0 ? error.column : nil), stage: .load, error.message)
        }
        return true
    }
}
