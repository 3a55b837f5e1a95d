import RapportCore

/// The current record of a CSV file as `RecordFields`: values are the
/// record's bytes, located by line and column.
struct RowReader: RecordFields {
    let file: String
    let reader: CSVReader
    let header: Header
    let previous = PreviousSymbols()

    var origin: RecordOrigin { RecordOrigin(file: file, line: reader.recordLine) }

    var recordNumber: Int { reader.recordLine }
    var formats: ValueFormats { header.formats }
    var isoDatesOnly: Bool { header.isoDatesOnly }

    func location(of column: Column) -> SourceLocation {
        guard let index = header.index(of: column) else { return SourceLocation(file: file, line: reader.recordLine) }
        let (line, column) = reader.location(of: index)
        return SourceLocation(file: file, line: line, column: column)
    }

    @inline(__always)
    func withValue<Result>(_ column: Column, _ body: (UnsafeBufferPointer<UInt8>?) -> Result) -> Result {
        guard let index = header.index(of: column) else {
            guard let fallback = header.fallback(for: column) else { return body(nil) }
            return fallback.withUnsafeBufferPointer { body($0) }
        }
        return reader.withField(index) { header.spelled(column, trimmed($0), body) }
    }

    func describe(_ column: Column) -> String { header.describe(column) }
}
