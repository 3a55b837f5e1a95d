import RapportCore

/// HTML escaping of data: `&`, `<`, `>`, `"` and `'`, everywhere data
/// meets markup (templates, charts, feed). Control characters other than
/// tab and line ends become U+FFFD: XML forbids them (a rep named
/// "Priya\u{0C}Shah" made the whole feed unreadable) and HTML calls them
/// parse errors.
enum HTML {
    /// `text` escaped, as a string (the feed, filled playbooks): by the
    /// byte writer below, the one pages are rendered with.
    static func escape(_ text: String) -> String {
        var bytes: [UInt8] = []
        escape(text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` escaped to UTF-8 bytes (a page being rendered). Byte
    /// by byte, which is scalar by scalar for what is escaped: in UTF-8 every
    /// byte below 0x80 is its own character, and the escaped ones are all
    /// below it.
    static func escape(_ text: String, into output: inout [UInt8]) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { escape($0, into: &output) }
        if copied == nil { escape(Array(text.utf8), into: &output) }
    }

    /// The bytes below 0x40 that are escaped: `"`, `&`, `'`, `<`, `>` and
    /// the controls other than tab, line feed and carriage return. One test
    /// per byte for the common case, text with nothing to escape.
    private static let escapedBelow40: UInt64 = {
        var mask: UInt64 = 0
        for byte in 0..<0x20 where byte != 0x09 && byte != 0x0A && byte != 0x0D { mask |= 1 << byte }
        for byte in [0x22, 0x26, 0x27, 0x3C, 0x3E] { mask |= 1 << UInt64(byte) }
        return mask
    }()

    private static func escape(_ bytes: some Collection<UInt8>, into output: inout [UInt8]) {
        let mask = escapedBelow40
        func special(_ byte: UInt8) -> Bool { byte < 0x40 ? mask & (1 << UInt64(byte)) != 0 : byte == 0x7F }
        guard var index = bytes.firstIndex(where: special) else {
            output.append(contentsOf: bytes)
            return
        }
        var start = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            guard special(byte) else {
                index = bytes.index(after: index)
                continue
            }
            let replacement: StaticString?
            switch byte {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "'"): replacement = "&#39;"
            case 0x09, 0x0A, 0x0D: replacement = nil
            case 0..<0x20, 0x7F: replacement = "\u{FFFD}"
            default: replacement = nil
            }
            if let replacement {
                output.append(contentsOf: bytes[start..<index])
                replacement.withUTF8Buffer { output.append(contentsOf: $0) }
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        output.append(contentsOf: bytes[start..<index])
    }
}
