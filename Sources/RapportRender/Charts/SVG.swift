import RapportCore

/// Writes a build-time SVG chart as UTF-8. Charts carry no ids (a review
/// packet holds many briefs on one page); each has `role="img"` and an
/// `aria-label`, and every page that shows one also gives its figures as
/// text. Written into bytes, not appended to a `String`: every account page
/// draws three charts of a few hundred pieces each, and `String` appends
/// were a twentieth of a build (BENCHMARKS.md, issue 27).
struct SVG {
    private var bytes: [UInt8] = []

    /// Opens `<svg class="chart kind">` of the given size.
    init(_ kind: String, width: Int, height: Int, label: String) {
        bytes.reserveCapacity(4096)
        markup("<svg class=\"chart ")
        markup(made: kind)
        markup("\" viewBox=\"0 0 ")
        integer(width)
        markup(" ")
        integer(height)
        markup("\" role=\"img\" aria-label=\"")
        escaped(label)
        markup("\">")
    }

    /// The chart, closed.
    consuming func finished() -> String {
        markup("</svg>")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Markup written by the chart itself: not escaped. Literal markup is
    /// a `StaticString`: its bytes are copied without a `String` around them.
    mutating func markup(_ text: StaticString) { text.withUTF8Buffer { bytes.append(contentsOf: $0) } }

    /// Markup made of the chart's own names (a class, an anchor): not escaped.
    mutating func markup(made text: String) { bytes.appendUTF8(text) }

    /// Data: escaped.
    mutating func escaped(_ text: String) { HTML.escape(text, into: &bytes) }

    mutating func integer(_ value: Int) { bytes.appendDecimal(value) }

    /// One decimal, fixed, truncated toward zero: coordinates must not
    /// depend on float printing.
    mutating func fixed(_ value: Double) {
        let tenths = Int(saturating: value * 10)
        if tenths < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = tenths.magnitude
        integer(Int(magnitude / 10))
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
    }

    /// ` name="value"` with the value fixed.
    mutating func attribute(_ name: StaticString, _ value: Double) {
        markup(" ")
        markup(name)
        markup("=\"")
        fixed(value)
        markup("\"")
    }

    mutating func text(_ content: String, x: Double, y: Double, anchor: String = "start", kind: String = "axis") {
        markup("<text class=\"")
        markup(made: kind)
        markup("\"")
        attribute("x", x)
        attribute("y", y)
        markup(" text-anchor=\"")
        markup(made: anchor)
        markup("\">")
        escaped(content)
        markup("</text>")
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, kind: String = "grid") {
        markup("<line class=\"")
        markup(made: kind)
        markup("\"")
        attribute("x1", x1)
        attribute("y1", y1)
        attribute("x2", x2)
        attribute("y2", y2)
        markup("/>")
    }

    /// A polyline through `points` (x, y), fixed.
    mutating func polyline(_ points: [(Double, Double)], kind: String = "curve") {
        markup("<polyline class=\"")
        markup(made: kind)
        markup("\" points=\"")
        for (index, point) in points.enumerated() {
            if index > 0 { markup(" ") }
            fixed(point.0)
            markup(",")
            fixed(point.1)
        }
        markup("\"/>")
    }
}

/// HTML escaping of data: `&`, `<`, `>`, `"` and `'`, everywhere data
/// meets markup (templates, charts, feed). Control characters other than
/// tab and line ends become U+FFFD: XML forbids them (a rep named
/// "Priya\u{0C}Shah" made the whole feed unreadable) and HTML calls them
/// parse errors.
enum HTML {
    static func escape(_ text: String) -> String {
        var result = ""
        escape(text, into: &result)
        return result
    }

    /// Appends `text` escaped; text with nothing to escape (most of it) is
    /// appended in one piece.
    static func escape(_ text: String, into output: inout String) {
        func special(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
                || (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F
        }
        // Native strings are contiguous: scanning the buffer is several times
        // faster than iterating the UTF-8 view (render profile).
        let needsEscaping =
            text.utf8.withContiguousStorageIfAvailable { $0.contains(where: special) }
            ?? text.utf8.contains(where: special)
        guard needsEscaping else {
            output += text
            return
        }
        for character in text.unicodeScalars {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\t", "\n", "\r": output.unicodeScalars.append(character)
            case _ where character.value < 0x20 || character.value == 0x7F: output += "\u{FFFD}"
            default: output.unicodeScalars.append(character)
            }
        }
    }

    /// The same, appended to UTF-8 bytes (a page being rendered). Byte by
    /// byte is the same as scalar by scalar: in UTF-8 every byte below 0x80
    /// is its own character, and the ones escaped are all below it.
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
