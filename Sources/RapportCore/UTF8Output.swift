/// Pages, charts and exports are written as UTF-8 bytes, not built up as
/// `String`s: a `String` append cost about 280 instructions, and appends
/// were a sixth of a whole build (BENCHMARKS.md, issue 27).
extension [UInt8] {
    /// Appends `text`'s UTF-8 in one copy (native and small strings are
    /// contiguous; anything else is copied byte by byte).
    @inline(__always)
    public mutating func appendUTF8(_ text: String) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { append(contentsOf: $0) }
        if copied == nil { append(contentsOf: text.utf8) }
    }

    /// Appends `value` in decimal digits, as `String(value)` writes it.
    public mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        }
    }
}
