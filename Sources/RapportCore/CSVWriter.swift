/// Writes RFC 4180 CSV: fields with commas, quotes or line breaks are quoted
/// and their quotes doubled; lines end with LF.
public struct CSVWriter {
    public private(set) var text = ""

    public init(header: [String]) { append(header) }

    public mutating func append(_ fields: [String]) {
        text += Self.line(fields)
    }

    /// Appends lines made elsewhere with `line` (for rows made in parallel).
    public mutating func append(lines: [String]) {
        for line in lines { text += line }
    }

    /// One record, quoted, with its line end.
    public static func line(_ fields: [String]) -> String {
        fields.map(Self.quote).joined(separator: ",") + "\n"
    }

    public static func quote(_ field: String) -> String {
        // Bytes, not Characters: "\r\n" is one Character and equals neither "\r" nor "\n".
        // A leading U+FEFF would be taken for a byte-order mark and dropped.
        guard
            field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D })
                || field.utf8.starts(with: [0xEF, 0xBB, 0xBF])
        else {
            return field
        }
        // Doubled byte by byte: a quote followed by a combining mark is one
        // Character that is not equal to "\"" (found by the fuzzer).
        var bytes: [UInt8] = [0x22]
        for byte in field.utf8 {
            bytes.append(byte)
            if byte == 0x22 { bytes.append(0x22) }
        }
        bytes.append(0x22)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `quote(neutralised(cell))`. Most cells (order ids, names)
    /// need neither: one pass over their bytes finds that, and they are
    /// copied as they are. An orders file writes one per line.
    public static func appendCell(_ cell: String, to bytes: inout [UInt8]) {
        func plain(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let first = buffer.first else { return true }
            // A formula sign, or 0xEF, which may begin a byte-order mark.
            if first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0xEF { return false }
            // Controls (all of them: a leading one is neutralised, others
            // replaced or quoted), DEL, comma and quote.
            return !buffer.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0x2C || $0 == 0x22 }
        }
        let copied: Bool? = cell.utf8.withContiguousStorageIfAvailable { buffer in
            guard plain(buffer) else { return false }
            bytes.append(contentsOf: buffer)
            return true
        }
        if copied != true { bytes.appendUTF8(quote(neutralised(cell))) }
    }

    /// A text cell made safe for spreadsheets: one that starts with `=`, `+`,
    /// `-`, `@` or any control character (a tab, a carriage return, a line
    /// feed: `\n=1+1` runs where the line feed is dropped) would be run as a
    /// formula by Excel, LibreOffice or Google Sheets (CSV injection), so it
    /// gets a leading `'`. A plain number such as `-12.50` is left alone: it
    /// is data, and spreadsheets read it as a number, not a formula. Control
    /// characters other than tabs and line breaks become U+FFFD, as on the
    /// pages: a NUL byte in a CSV stops many readers (issue 25).
    public static func neutralised(_ cell: String) -> String {
        let cleaned =
            cell.utf8.contains(where: isHidden)
            ? String(String.UnicodeScalarView(cell.unicodeScalars.map { isHidden($0) ? "\u{FFFD}" : $0 })) : cell
        guard let first = cell.utf8.first,
            first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first < 0x20 || first == 0x7F
        else { return cleaned }
        if isPlainNumber(cleaned) { return cleaned }
        return "'" + cleaned
    }

    /// A control character no CSV cell should carry: C0 but tab, line feed
    /// and carriage return, and DEL.
    static func isHidden(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F
    }

    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 && isHidden(UInt8(scalar.value))
    }

    static func isPlainNumber(_ cell: String) -> Bool {
        var bytes = cell.utf8[...]
        if bytes.first == 0x2D || bytes.first == 0x2B { bytes = bytes.dropFirst() }
        var digits = 0
        var points = 0
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
            } else if byte == 0x2E && points == 0 {
                points += 1
            } else {
                return false
            }
        }
        return digits > 0
    }
}
