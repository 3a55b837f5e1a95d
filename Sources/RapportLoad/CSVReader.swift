import RapportCore

/// One record of a CSV file with where each field started, so a bad value can
/// be reported at its line and column.
public struct CSVRecord: Sendable {
    public var fields: [String]
    /// 1-based line of the record's first byte.
    public var line: Int
    /// Per field: (line, column) where it starts; a quoted field may span lines.
    public var starts: [(line: Int, column: Int)]
}

/// A problem in the CSV syntax itself. Values, not text, so tests can match them.
public struct CSVSyntaxError: Error, Sendable, Equatable {
    public var kind: DiagnosticKind
    public var line: Int
    public var column: Int
    public var message: String
}

/// An RFC 4180 reader working on bytes: quoted fields, doubled quotes,
/// embedded commas and newlines, LF or CRLF, an optional UTF-8 BOM.
///
/// Hand-written rather than taken from a package: measured here, CSV.swift
/// 2.5.2 parses 100 MB in about 5 s and SwiftCSV in about 9 s (680 MB
/// resident); a byte state machine does it in a fraction of a second.
public struct CSVReader {
    public static let maxFieldBytes = 1 << 20

    private let bytes: [UInt8]
    private var position: Int
    private var line = 1
    private var lineStart: Int

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let start = bytes.starts(with: bom) ? 3 : 0
        position = start
        lineStart = start
    }

    public var atEnd: Bool { position >= bytes.count }

    private func column(at index: Int) -> Int {
        // Columns count characters, not bytes: skip UTF-8 continuation bytes.
        var count = 1
        var cursor = lineStart
        while cursor < index {
            if bytes[cursor] & 0xC0 != 0x80 { count += 1 }
            cursor += 1
        }
        return count
    }

    /// Reads the next record, or nil at the end of the input. A blank line at
    /// the very end (a trailing newline) is not a record.
    public mutating func next() throws(CSVSyntaxError) -> CSVRecord? {
        guard position < bytes.count else { return nil }
        var record = CSVRecord(fields: [], line: line, starts: [])
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"),
            lf = UInt8(ascii: "\n")
        while true {
            let fieldLine = line
            let fieldColumn = column(at: position)
            var field: [UInt8] = []
            if position < bytes.count && bytes[position] == quote {
                position += 1
                var closed = false
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte == quote {
                        if position + 1 < bytes.count && bytes[position + 1] == quote {
                            field.append(quote)
                            position += 2
                            continue
                        }
                        position += 1
                        closed = true
                        break
                    }
                    if byte == lf {
                        line += 1
                        lineStart = position + 1
                    }
                    field.append(byte)
                    position += 1
                    if field.count > CSVReader.maxFieldBytes {
                        throw CSVSyntaxError(
                            kind: .fieldTooLarge, line: fieldLine, column: fieldColumn,
                            message: "field is larger than \(CSVReader.maxFieldBytes / 1024) KiB")
                    }
                }
                guard closed else {
                    throw CSVSyntaxError(
                        kind: .unclosedQuote, line: fieldLine, column: fieldColumn,
                        message: "quoted field opened here is never closed")
                }
                if position < bytes.count, bytes[position] != comma, bytes[position] != lf,
                    bytes[position] != cr
                {
                    throw CSVSyntaxError(
                        kind: .strayQuote, line: line, column: column(at: position),
                        message: "unexpected character after closing quote")
                }
            } else {
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte == comma || byte == lf || byte == cr { break }
                    if byte == quote {
                        throw CSVSyntaxError(
                            kind: .strayQuote, line: line, column: column(at: position),
                            message: "quote inside an unquoted field (quote the whole field and double the quote)")
                    }
                    field.append(byte)
                    position += 1
                    if field.count > CSVReader.maxFieldBytes {
                        throw CSVSyntaxError(
                            kind: .fieldTooLarge, line: fieldLine, column: fieldColumn,
                            message: "field is larger than \(CSVReader.maxFieldBytes / 1024) KiB")
                    }
                }
            }
            guard let text = String(validating: field, as: UTF8.self) else {
                throw CSVSyntaxError(
                    kind: .invalidUTF8, line: fieldLine, column: fieldColumn,
                    message: "field is not valid UTF-8 (save the export as UTF-8)")
            }
            record.fields.append(text)
            record.starts.append((fieldLine, fieldColumn))
            if position >= bytes.count { return record }
            let byte = bytes[position]
            if byte == comma {
                position += 1
                continue
            }
            if byte == cr { position += 1 }
            if position < bytes.count && bytes[position] == lf { position += 1 }
            line += 1
            lineStart = position
            return record
        }
    }
}
