/// Raw HTML in playbooks, reduced to an allow-list of tags and attributes
/// (docs/guide.md#playbooks-and-pages, "Raw HTML"). GFM's tagfilter only escapes
/// nine tags; `<img onerror=…>`, `<a href="javascript:…">` and `style` with
/// `url(…)` went through it, so a playbook could run script in every reader's
/// browser or send page data out. Here a tag survives only if its name is
/// on the list, keeping only listed attributes, URLs only with a safe scheme;
/// anything else that looks like markup is shown as text.
public enum RawHTMLFilter {
    /// Formatting and structure only: nothing that runs, embeds, submits or styles.
    public static let tags: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
        "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt",
        "ruby", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
        "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    ]

    /// Attributes any allowed tag may keep. No `style` (it can load URLs),
    /// no `on…` handlers, no `id` (it can shadow the portal's own elements).
    static let globalAttributes: Set<String> = ["title", "lang", "dir", "class"]

    /// Attributes kept on particular tags.
    static let tagAttributes: [String: Set<String>] = [
        "a": ["href"], "img": ["src", "alt", "width", "height"], "td": ["colspan", "rowspan", "align"],
        "th": ["colspan", "rowspan", "align", "scope"], "ol": ["start", "type", "reversed"], "col": ["span"],
        "colgroup": ["span"], "details": ["open"], "blockquote": ["cite"], "q": ["cite"], "del": ["cite"],
        "ins": ["cite"], "time": ["datetime"], "abbr": ["title"],
    ]

    /// Attributes holding a URL: kept only when relative or of a safe scheme.
    static let urlAttributes: Set<String> = ["href", "src", "cite"]
    static let safeSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    /// `html` with every tag checked against the lists; text between tags
    /// is kept as written (it is HTML text already).
    public static func filter(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "<") else {
                output.append(byte)
                index += 1
                continue
            }
            if bytes[index...].starts(with: Array("<!--".utf8)) {
                // Comments are dropped whole (or to the end, if unclosed).
                index = search(Array("-->".utf8), in: bytes, from: index + 4).map { $0 + 3 } ?? bytes.count
                continue
            }
            if let tag = Tag.parse(bytes, at: index) {
                output += tag.rendered()
                index = tag.end
            } else {
                output += Array("&lt;".utf8)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func search(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// One start or end tag as written.
    struct Tag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        var attributes: [(name: String, value: String?)]
        /// The byte after its `>`.
        var end: Int

        static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
        }

        static func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D
        }

        /// A tag starting at `start` (its `<`), or nil when the bytes there
        /// are not a complete tag (then the `<` is text).
        static func parse(_ bytes: [UInt8], at start: Int) -> Tag? {
            var index = start + 1
            let closing = index < bytes.count && bytes[index] == UInt8(ascii: "/")
            if closing { index += 1 }
            let nameStart = index
            guard index < bytes.count, bytes[index] | 0x20 >= 0x61, bytes[index] | 0x20 <= 0x7A else { return nil }
            while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            var attributes: [(name: String, value: String?)] = []
            while true {
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count else { return nil }
                switch bytes[index] {
                case UInt8(ascii: ">"):
                    return Tag(
                        name: name, closing: closing, selfClosing: false, attributes: attributes, end: index + 1)
                case UInt8(ascii: "/"):
                    guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") else { return nil }
                    return Tag(
                        name: name, closing: closing, selfClosing: true, attributes: attributes, end: index + 2)
                default:
                    break
                }
                let attributeStart = index
                while index < bytes.count, !isSpace(bytes[index]),
                    ![UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "\""), UInt8(ascii: "'")]
                        .contains(bytes[index])
                {
                    index += 1
                }
                guard index > attributeStart else { return nil }
                let attribute = String(decoding: bytes[attributeStart..<index], as: UTF8.self).lowercased()
                var lookahead = index
                while lookahead < bytes.count, isSpace(bytes[lookahead]) { lookahead += 1 }
                guard lookahead < bytes.count, bytes[lookahead] == UInt8(ascii: "=") else {
                    attributes.append((attribute, nil))
                    continue
                }
                index = lookahead + 1
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count else { return nil }
                let value: String
                if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    guard let close = bytes[(index + 1)...].firstIndex(of: quote) else { return nil }
                    value = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
                    index = close + 1
                } else {
                    let valueStart = index
                    while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") {
                        index += 1
                    }
                    value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                }
                attributes.append((attribute, value))
            }
        }

        /// The tag rebuilt from what the lists allow, or the tag as text.
        func rendered() -> [UInt8] {
            guard RawHTMLFilter.tags.contains(name) else {
                return Array((closing ? "&lt;/" : "&lt;").utf8) + Array(name.utf8) + Array("&gt;".utf8)
            }
            if closing { return Array("</\(name)>".utf8) }
            var text = "<" + name
            let allowed = RawHTMLFilter.tagAttributes[name] ?? []
            var seen: Set<String> = []
            for (attribute, value) in attributes
            where (RawHTMLFilter.globalAttributes.contains(attribute) || allowed.contains(attribute))
                && seen.insert(attribute).inserted
            {
                guard let value else {
                    text += " " + attribute
                    continue
                }
                if RawHTMLFilter.urlAttributes.contains(attribute),
                    !RawHTMLFilter.isSafeURL(HTMLEntities.decode(value))
                {
                    continue
                }
                text += " \(attribute)=\"\(HTMLEntities.quoteAttribute(value))\""
            }
            return Array((text + (selfClosing ? " />" : ">")).utf8)
        }
    }

    /// Relative URLs, fragments and the safe schemes. Browsers skip tabs,
    /// newlines and leading spaces or controls before reading a scheme, so
    /// `jav&#x09;ascript:` must be read as `javascript:` here too.
    static func isSafeURL(_ url: String) -> Bool {
        let significant = url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }
        let text = String(String.UnicodeScalarView(significant))
        guard let colon = text.firstIndex(of: ":") else { return true }
        let beforeColon = text[..<colon]
        // A colon after a path, query or fragment begins is not a scheme.
        if beforeColon.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return true }
        return safeSchemes.contains(beforeColon.lowercased())
    }
}
