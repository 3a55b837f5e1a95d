/// Helpers shared by the build-time SVG charts. Charts carry no ids (a
/// review packet holds many briefs on one page); each has `role="img"` and an
/// `aria-label`, and every page that shows one also gives its figures as text.
enum SVG {
    /// One decimal, fixed: SVG coordinates must not depend on float printing.
    static func fixed(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    static func open(_ kind: String, width: Int, height: Int, label: String) -> String {
        "<svg class=\"chart \(kind)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
            + "aria-label=\"\(HTML.escape(label))\">"
    }

    static func text(_ content: String, x: Double, y: Double, anchor: String = "start", kind: String = "axis")
        -> String
    {
        "<text class=\"\(kind)\" x=\"\(fixed(x))\" y=\"\(fixed(y))\" text-anchor=\"\(anchor)\">"
            + "\(HTML.escape(content))</text>"
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, kind: String = "grid") -> String {
        "<line class=\"\(kind)\" x1=\"\(fixed(x1))\" y1=\"\(fixed(y1))\" x2=\"\(fixed(x2))\" y2=\"\(fixed(y2))\"/>"
    }
}

enum HTML {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
