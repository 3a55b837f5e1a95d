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
