import RapportAnalyze
import RapportCore

/// Playbooks filled with an account's figures: `{{name}}` placeholders in
/// the rendered Markdown replaced, escaped, per brief (docs/guide.md#playbooks-and-pages).
extension PageBuilder {
    /// The playbook's HTML with `{{name}}` placeholders replaced by the
    /// account's values, escaped. Markdown is rendered once per playbook at
    /// load; only the substitution happens per account.
    func fillPlaceholders(_ playbook: String, for a: AccountAnalysis) -> String {
        guard let parts = playbookParts[playbook] else { return playbooksByID[playbook]?.document.html ?? "" }
        return fill(parts, for: a)
    }

    func fill(_ parts: [PlaybookPart], for a: AccountAnalysis) -> String {
        fill(parts) { placeholderValue($0, a) }
    }

    /// `parts` with each placeholder's value (escaped; percent-encoded in a
    /// link), or as written where `value` has none.
    func fill(_ parts: [PlaybookPart], value: (String) -> String?) -> String {
        var result = ""
        for part in parts {
            switch part {
            case .html(let html): result += html
            case .placeholder(let name): result += HTML.escape(value(name) ?? "{{\(name)}}")
            case .linkPlaceholder(let name, let original):
                if let value = value(name) {
                    result += HTML.escape(Self.percentEncoded(value))
                } else {
                    result += original
                }
            }
        }
        return result
    }

    /// A playbook's HTML cut at its `{{name}}` placeholders, once per build:
    /// searching each brief's copy for them showed in the render profile.
    enum PlaybookPart: Sendable {
        case html(String)
        case placeholder(String)
        /// In a link target, where Markdown percent-encoded the braces
        /// (`%7B%7Baccount.id%7D%7D`): the value is percent-encoded too.
        case linkPlaceholder(String, original: String)
    }

    /// A value for a link target: every byte but RFC 3986's unreserved
    /// characters as %XX, so an id with `/`, `?` or `"` stays one path segment.
    static func percentEncoded(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                bytes.append(byte)
            default: bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One pass over the bytes: `{{name}}` in text, `%7B%7Bname%7D%7D` in
    /// link targets. A form without its closing braces is not looked for
    /// again, so the pass stays linear (a 10 MB playbook took 92 s when each
    /// placeholder searched and copied the rest of the text).
    static func parts(of html: String) -> [PlaybookPart] {
        let bytes = Array(html.utf8)
        var parts: [PlaybookPart] = []
        var pending = 0
        var index = 0
        var plainOpen = true
        var encodedOpen = true
        var nextEncodedClose: Int?
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func find(_ pattern: [UInt8], from start: Int) -> Int? {
            var i = start
            while i + pattern.count <= bytes.count {
                var matched = true
                for (offset, byte) in pattern.enumerated() where lowercase(bytes[i + offset]) != byte {
                    matched = false
                    break
                }
                if matched { return i }
                i += 1
            }
            return nil
        }
        func lowercase(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
        let plain = (open: Array("{{".utf8), close: Array("}}".utf8))
        let encoded = (open: Array("%7b%7b".utf8), close: Array("%7d%7d".utf8))
        while index < bytes.count {
            let byte = bytes[index]
            if plainOpen, byte == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == byte {
                guard let close = find(plain.close, from: index + 2) else {
                    plainOpen = false
                    continue
                }
                parts.append(.html(text(pending..<index)))
                parts.append(.placeholder(text(index + 2..<close).filter { $0 != " " }))
                index = close + 2
                pending = index
                continue
            }
            if encodedOpen, byte == UInt8(ascii: "%"), index + 6 <= bytes.count,
                bytes[index..<index + 6].map(lowercase) == encoded.open
            {
                // The first close after an opening is the same for every
                // opening before it: found once, so a run of stray openings
                // is not searched to the end again and again.
                if nextEncodedClose.map({ $0 < index + 6 }) ?? true {
                    nextEncodedClose = find(encoded.close, from: index + 6)
                }
                guard let close = nextEncodedClose else {
                    encodedOpen = false
                    continue
                }
                // Only a name that could be a placeholder (letters, digits,
                // '.', '_', spaces as %20): a stray "%7B%7B" in a URL stays
                // as it was. Checked byte by byte up to the first that
                // cannot be in one, before any text is made.
                var cursor = index + 6
                var name: [UInt8] = []
                while cursor < close {
                    let next = bytes[cursor]
                    if next == UInt8(ascii: "%"), cursor + 3 <= close, bytes[cursor + 1] == UInt8(ascii: "2"),
                        bytes[cursor + 2] == UInt8(ascii: "0")
                    {
                        cursor += 3
                    } else if next == UInt8(ascii: " ") {
                        cursor += 1
                    } else if (next | 0x20 >= 0x61 && next | 0x20 <= 0x7A) || (next >= 0x30 && next <= 0x39)
                        || next == UInt8(ascii: ".") || next == UInt8(ascii: "_")
                    {
                        name.append(next)
                        cursor += 1
                    } else {
                        break
                    }
                }
                if cursor == close && !name.isEmpty {
                    let name = String(decoding: name, as: UTF8.self)
                    parts.append(.html(text(pending..<index)))
                    parts.append(.linkPlaceholder(name, original: text(index..<close + 6)))
                    index = close + 6
                    pending = index
                    continue
                }
            }
            index += 1
        }
        parts.append(.html(text(pending..<bytes.count)))
        return parts
    }

    /// A placeholder's text: the registry figure it names, as the brief shows it.
    func placeholderValue(_ name: String, _ a: AccountAnalysis) -> String? {
        guard let metricName = PlaybookPlaceholders.metric(name), let metric = AccountMetrics.byName[metricName]
        else { return nil }
        return format.figure(metric, metric.read(a), accounts: portfolio.accounts.count, repName: repNaming)
    }
}
